// The central web app in Chromium (issue 10): a supervisor signs in, finds the demo order awaiting review
// and browses its records with filters; an operator is refused with a page, not JSON; a QA reviewer who did
// nothing on the floor sees the demo order's exceptions first, is refused sign-off while one is unmarked,
// marks it, and signs with a Part 11 e-signature. The demo order is the one a REAL kiosk core recorded and
// synced (tests/server/support/demo-order.ts). Screenshots at 1280×800 and 768×1024 in /work/shots/web-shell
// (or LINESIDE_SHOTS).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_ROOT } from '../../apps/sync-server/src/routes/web/index.js';
import { cleanupList } from '../faults/support/sync-fixture.js';
import { demoOrderServer, REVIEWER, type DemoOrderServer } from '../server/support/demo-order.js';
import { repoRoot } from '../support/processes.js';
import { CHROMIUM_ARGS, chromiumPath, commandExists, requireTool } from '../support/tools.js';

const skip = requireTool('chromium');
const shots = process.env.LINESIDE_SHOTS ?? '/work/shots/web-shell';
const cleanups = cleanupList();

describe.skipIf(skip !== undefined)('central web app: records, review by exception, sign-off (Chromium)', () => {
  let demo: DemoOrderServer;
  let browser: Browser;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    if (!existsSync(path.join(DEFAULT_WEB_ROOT, 'index.html'))) throw new Error(`the web app is not built (${DEFAULT_WEB_ROOT}): run npm run build first`);
    mkdirSync(shots, { recursive: true });
    dir = mkdtempSync(path.join(tmpdir(), 'central-review-'));
    cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
    demo = await demoOrderServer(cleanups, { engine: 'sqlite', file: path.join(dir, 'server.sqlite') });
    base = demo.server.url;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    cleanups.add(() => browser.close());
  }, 240_000);
  afterAll(() => cleanups.run(), 60_000);

  // What the screen shows (the size a person sees), and the whole page where it is longer.
  const shot = async (page: Page, name: string, whole = false) => {
    await page.screenshot({ path: path.join(shots, `${name}.png`) });
    if (whole) await page.screenshot({ path: path.join(shots, `${name}-whole.png`), fullPage: true });
  };

  async function signIn(page: Page, url: string, userId: string, password: string): Promise<void> {
    await page.goto(`${base}${url}`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('input[name="userId"]', userId);
    await page.fill('input[name="password"]', password);
    await page.click('button[type="submit"]');
    await page.waitForURL((u) => u.pathname !== '/login');
  }
  const password = (userId: string) => demo.server.credentials![userId]!.password;

  it('a supervisor finds the demo order awaiting review and filters its records; a record reads in words', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, '/review', 'sam.supervisor', password('sam.supervisor'));
      const row = page.locator('tr[data-order-id="ORD-0001"]');
      await row.waitFor();
      expect(await row.getAttribute('data-status')).toBe('awaiting-review');
      expect(await row.textContent()).toMatch(/5 · 1 high\s*5 to review/);
      await shot(page, 'orders-1280');

      await page.getByRole('link', { name: 'Records', exact: true }).click();
      await page.waitForSelector('tr[data-kiosk-id]');
      const total = async () => {
        const match = /of (\d+)|(\d+) in all/.exec((await page.locator('.pager').textContent()) ?? '');
        return Number(match?.[1] ?? match?.[2]);
      };
      const all = await total();
      await page.fill('input[name="orderId"]', 'ORD-0001');
      await page.selectOption('select[name="type"]', 'order.weighing-recorded');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(() => page.locator('tr[data-type="order.weighing-recorded"]').count()).toBe(8);
      expect(await page.locator('tbody tr[data-type]').count()).toBe(8);
      expect(page.url()).toContain('orderId=ORD-0001');
      const rows = await page.locator('tbody tr[data-type]').allTextContents();
      for (const text of rows) expect(text).toMatch(/container \d+: net [\d.]+ (g|kg) on BAL-0\d, lot [A-Z]+-\d+/);
      await shot(page, 'records-filtered-1280');

      await page.getByRole('button', { name: 'Clear' }).click();
      await page.fill('input[name="userId"]', 'max.maintenance');
      await page.getByRole('button', { name: 'Apply' }).click();
      await expect.poll(async () => (await page.locator('tbody tr[data-type]').allTextContents()).every((t) => t.includes('(max.maintenance)'))).toBe(true);
      expect(await total()).toBeLessThan(all);

      // No sideways scrolling at 1280.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

      await page.locator('tbody tr[data-type]').first().click();
      await page.waitForSelector('text=Integrity');
      const detail = (await page.locator('main').textContent()) ?? '';
      expect(detail).toContain('verified with the kiosk key K-DISP-1#1');
      expect(detail).toMatch(/links to the previous record|the first record of this kiosk key/);
      expect(detail).toContain('Max Maintenance (max.maintenance)');
      await shot(page, 'record-detail-1280');
    } finally {
      await page.close();
    }
  }, 120_000);

  it('refuses an operator the review with a page naming them and the role needed, not JSON', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, '/review/orders/ORD-0001', 'olivia.operator', password('olivia.operator'));
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toContain('You may not open this page');
      expect(text).toContain('Olivia Operator (olivia.operator)');
      expect(text).toMatch(/needs the role supervisor, QA or admin/);
      expect(text).not.toContain('"status":"error"');
      await shot(page, 'operator-refused-1280');
      await page.goto(`${base}/no/such/page`);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
    } finally {
      await page.close();
    }
  }, 120_000);

  it('a reviewer sees the exceptions first, is refused sign-off with one unmarked, marks it and signs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await signIn(page, '/review/orders/ORD-0001', REVIEWER.userId, REVIEWER.password);
      await page.waitForSelector('.exception');
      const exceptions = page.locator('li.exception');
      expect(await exceptions.count()).toBe(5);
      // Exceptions come before the full record on the page.
      const order = await page.evaluate(() => {
        const x = document.querySelector('.exceptions')!;
        const full = document.querySelector('.full-record')!;
        return x.compareDocumentPosition(full) & Node.DOCUMENT_POSITION_FOLLOWING;
      });
      expect(order).toBeTruthy();
      expect(await page.locator('[data-complete="true"]').count()).toBe(1);
      await shot(page, 'batch-record-1280', true);

      // Mark all but the last.
      for (let i = 0; i < 4; i += 1) {
        const open = page.locator('li.exception.is-open').first();
        await open.locator('textarea').fill('Checked against the deviation report and the supervisor’s approval.');
        await open.getByRole('button', { name: 'Mark reviewed' }).click();
        await expect.poll(() => page.locator('li.exception.is-marked').count()).toBe(i + 1);
      }
      await page.getByRole('button', { name: 'Sign the review…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('input[value="reviewed"]').check();
      await dialog.locator('input[name="userId"]').fill(REVIEWER.userId);
      await dialog.locator('input[name="password"]').fill(REVIEWER.password);
      await dialog.getByRole('button', { name: 'Sign' }).click();
      const refusal = dialog.locator('[role="alert"]');
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/^Not signed: .*1 exception\(s\) not marked reviewed/);
      // Named by its title, not by its id.
      const unmarkedTitle = (await page.locator('li.exception.is-open .exception-head strong').first().textContent()) ?? '';
      expect(await refusal.textContent()).toContain(`“${unmarkedTitle}”`);
      await shot(page, 'sign-refused-1280');
      await dialog.getByRole('button', { name: 'Cancel' }).click();

      const last = page.locator('li.exception.is-open').first();
      await last.locator('textarea').fill('Low deviation: gloves changed late, no product contact; CAPA opened.');
      await last.getByRole('button', { name: 'Mark reviewed' }).click();
      await expect.poll(() => page.locator('li.exception.is-marked').count()).toBe(5);
      await page.waitForSelector('text=it can be signed');

      await page.getByRole('button', { name: 'Sign the review…' }).click();
      await dialog.locator('input[value="reviewed"]').check();
      await dialog.locator('input[name="userId"]').fill(REVIEWER.userId);
      await dialog.locator('input[name="password"]').fill('not-the-password');
      await dialog.getByRole('button', { name: 'Sign' }).click();
      await refusal.waitFor();
      expect(await refusal.textContent()).toMatch(/^Not signed: /);
      expect(await dialog.locator('input[name="password"]').inputValue()).toBe('');
      await dialog.locator('input[name="password"]').fill(REVIEWER.password);
      await dialog.getByRole('button', { name: 'Sign' }).click();
      await page.locator('.signatures li[data-meaning="reviewed"]').waitFor();
      expect(await page.locator('.signatures li[data-meaning="reviewed"]').textContent()).toContain('Rita Reviewer (rita.reviewer)');
      await expect.poll(() => page.locator('.page-head [data-status]').getAttribute('data-status')).toBe('reviewed');
      await shot(page, 'batch-record-signed-1280');

      // The exports of the signed record, downloaded from the page as a reviewer would.
      const download = async (name: string) => {
        const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name, exact: true }).click()]);
        const target = path.join(dir, file.suggestedFilename());
        await file.saveAs(target);
        return target;
      };
      const pdf = await download('PDF');
      expect(path.basename(pdf)).toMatch(/\.batch-record\.pdf$/);
      expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      if (commandExists('pdftoppm')) {
        const rendered = spawnSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '2', pdf, path.join(shots, 'downloaded-pdf')], { encoding: 'utf8' });
        expect(rendered.status, rendered.stderr).toBe(0);
      }
      const bundleFile = await download('Bundle');
      const verify = (file: string) => spawnSync(process.execPath, [path.join(repoRoot, 'packages/sync-protocol/bin/lineside-verify.js'), file], { encoding: 'utf8' });
      const verified = verify(bundleFile);
      expect(verified.status, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout.trim().split('\n').at(-1)).toMatch(/^VERIFIED: .*order ORD-0001/);
      // The review signature is part of what is verified.
      expect(verified.stdout).toMatch(/the "reviewed" signature of Rita Reviewer \(rita\.reviewer\) at .*: over batch record sha256:/);
      // One weighing's net changed in the downloaded file: refused, naming the record.
      const bundle = JSON.parse(readFileSync(bundleFile, 'utf8')) as { chains: { records: { type: string; seq: number; payload: Record<string, unknown> }[] }[] };
      const weighing = bundle.chains[0]!.records.find((r) => r.type === 'order.weighing-recorded')!;
      weighing.payload['net'] = '25.000';
      const tamperedFile = path.join(dir, 'tampered.bundle.json');
      writeFileSync(tamperedFile, JSON.stringify(bundle));
      const refused = verify(tamperedFile);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toContain(`(seq ${weighing.seq}, order.weighing-recorded): the kiosk's signature does not verify`);

      await page.setViewportSize({ width: 768, height: 1024 });
      await shot(page, 'batch-record-signed-768', true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
      await page.getByRole('link', { name: '← Orders' }).click();
      await page.locator('tr[data-order-id="ORD-0001"][data-status="reviewed"]').waitFor();
      await shot(page, 'orders-768');
      await page.getByRole('link', { name: 'Deviations' }).click();
      await page.locator('tr[data-deviation-id]').first().waitFor();
      await shot(page, 'deviations-768');
      await page.goto(`${base}/records?orderId=ORD-0001`);
      await page.locator('tr[data-type]').first().waitFor();
      await shot(page, 'records-768');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(768);
    } finally {
      await page.close();
    }
  }, 120_000);
});
