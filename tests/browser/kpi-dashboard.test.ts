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
const shots = '/work/shots/kpis';
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

    // The records behind the first shift's bar (a click on the bar, or its link under the chart).
    await page.getByRole('button', { name: '2026-11-23 early' }).click();
    await page.waitForSelector('section[aria-label^="Records behind"] table tbody tr', { timeout: 90_000 });
    const heading = await page.locator('section[aria-label^="Records behind"] h2').textContent();
    expect(heading).toMatch(/^Records behind 2026-11-23 early: \d+$/);
    expect(await page.locator('section[aria-label^="Records behind"] tbody tr').count()).toBeGreaterThan(10);
    await page.locator('section[aria-label^="Records behind"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'kpis-drill-down.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
