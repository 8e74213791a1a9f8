// Issue 12: the KPI dashboard of the central web app, as a supervisor opens it on a 1280×800 laptop:
// OEE and its factors over time, the time model per shift, the down-time Pareto, the floor KPIs, the
// shift/day/week switch, and a bar clicked down to its records. A week of two stations' records.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { buildApp, seedDemoPlant } from '@lineside/sync-server';
import type { FastifyInstance } from 'fastify';
import { synthesizePlant } from '../bench/server/kpi-plant.mjs';
import { cleanupList, ownTempDir } from '../faults/support/sync-fixture.js';
import { CHROMIUM_ARGS, chromiumPath, requireTool } from '../support/tools.js';

const skip = requireTool('chromium');
const shots = '/work/shots/kpi-station';
const cleanups = cleanupList();

describe.skipIf(skip !== undefined)('KPI dashboard', () => {
  let browser: Browser;
  let app: FastifyInstance;
  let url: string;
  let password: string;
  const monday = Date.UTC(2026, 10, 23);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    const now = new Date(monday + 7 * 86_400_000 + 3_600_000);
    app = await buildApp({ database: { engine: 'sqlite', file: path.join(ownTempDir(cleanups, 'kpi-web'), 'server.sqlite') }, now: () => now });
    cleanups.add(() => app.close());
    const credentials = await seedDemoPlant(app.db, app.engine, now);
    password = credentials!['sam.supervisor']!.password;
    await synthesizePlant(app.db, { days: 7, start: monday, stations: [{ id: 'DISP-1', equipmentIds: ['BAL-01', 'BAL-02', 'BAL-04'] }, { id: 'GRAN-1', equipmentIds: ['PH-01'] }] });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    cleanups.add(() => browser.close());
  }, 120_000);
  afterAll(() => cleanups.run());

  it('shows OEE and its factors, the time model per shift, the Pareto and the floor KPIs, and drills a bar down to its records', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${url}/kpis?from=2026-11-23&to=2026-11-30&granularity=day`);
    await page.fill('input[name="userId"]', 'sam.supervisor');
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
    // On a loaded 2-core machine computing the week takes a while: wait for the figures, not a fixed time.
    await page.waitForSelector('.kpi-tile', { timeout: 90_000 });
    await page.waitForSelector('[aria-label="Planned busy time split into running, setup, down, idle and unknown"] svg');
    const tiles = await page.locator('.kpi-value').allTextContents();
    expect(tiles).toHaveLength(6);
    expect(tiles[0]).toMatch(/^\d+\.\d %$/);
    // The figures on screen are the API's.
    const api = (await page.evaluate(async () => (await fetch('/api/v1/kpis?scope=plant&from=2026-11-23&to=2026-11-30&granularity=day')).json())) as { total: { kpis: { oee: { value: number } } }; buckets: unknown[] };
    expect(tiles[0]).toBe(`${(api.total.kpis.oee.value * 100).toFixed(1)} %`);
    expect(api.buckets).toHaveLength(7);
    await page.screenshot({ path: path.join(shots, 'kpis-plant-day.png') });
    await page.screenshot({ path: path.join(shots, 'kpis-plant-day-full.png'), fullPage: true });

    // Shift granularity for one station: one bar per shift.
    await page.selectOption('select', 'DISP-1');
    await page.getByRole('radio', { name: 'Shift' }).click();
    await page.waitForFunction(() => document.querySelector('.kpi-grid h2')?.textContent?.includes('per shift'), undefined, { timeout: 90_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(shots, 'kpis-station-shift.png') });

    // The records behind a bar: a click on the third shift's running bar in the chart itself (ECharts' click),
    // and the list that opens holds exactly the records the API names for that bucket.
    const chart = page.locator('[aria-label="Planned busy time split into running, setup, down, idle and unknown"]');
    const box = (await chart.boundingBox())!;
    const bars = (await chart.locator('svg path[fill="#2da44e"]').evaluateAll((paths) => paths.map((p) => { const r = p.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })))
      // the legend's swatch sits in the top 40 px of the chart; bars are below it
      .filter((r) => r.y > box.y + 40 && r.height > 2)
      .sort((a, b) => a.x - b.x);
    expect(bars.length).toBeGreaterThanOrEqual(3);
    const station = (await page.evaluate(async () => (await fetch('/api/v1/kpis?scope=station&id=DISP-1&from=2026-11-23&to=2026-11-30&granularity=shift')).json())) as { buckets: { key: string; totals: { APT: number }; recordsHref: string }[] };
    const running = station.buckets.filter((b) => b.totals.APT > 0);
    expect(bars).toHaveLength(running.length);
    const target = running[2]!;
    await page.mouse.click(bars[2]!.x + bars[2]!.width / 2, bars[2]!.y + bars[2]!.height / 2);
    const drill = page.locator(`section[aria-label="Records behind ${target.key}"]`);
    await drill.locator('table tbody tr').first().waitFor({ timeout: 90_000 });
    const behind = (await page.evaluate(async (href) => (await fetch(href)).json(), target.recordsHref)) as { total: number; records: { id: string; kioskId: string; seq: number }[] };
    expect(await drill.locator('h2').textContent()).toBe(`Records behind ${target.key}: ${behind.total}`);
    const listed = await drill.locator('tbody tr a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(listed).toEqual(behind.records.slice(0, 200).map((r) => `/records/${r.id}`));
    expect(listed.length).toBeGreaterThan(10);
    // The heading of the list at the top of the screen, as the supervisor reads it after the click.
    await drill.locator('h2').evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: path.join(shots, 'kpis-drill-down.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
