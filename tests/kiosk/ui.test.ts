// The weigh screen in real Chromium against a real core and a simulated MT-SICS balance on a pty.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { startBrowserServer, type BrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import { startKioskCore, DB_FILE, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { loadOrCreateKey } from '../../apps/kiosk/src/core/keys.js';
import { openDatabase } from '../../apps/kiosk/src/core/store/db.js';
import { identityTable } from '../../apps/kiosk/src/core/store/identity.js';
import { repoRoot } from '../support/processes.js';
import { CHROMIUM_ARGS, chromiumPath, requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from './support/built.js';
import { demoExecution, enrollLocally } from './support/kiosk-fixture.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/kiosk');

describe.skipIf(skip !== undefined)(`kiosk weigh screen in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  let sim: MtSicsSimulator;
  let core: KioskCore;
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  /** The log's head once BAL-01 is tested and Olivia is logged in: the first weighing is base + 1. */
  let base = 0;
  let ready: () => Promise<void>;

  beforeAll(async () => {
    const plant = await demoExecution();
    requireBuiltKiosk();
    mkdirSync(artifacts, { recursive: true });
    sim = await MtSicsSimulator.start({ load: '12.3456' });
    cleanups.push(() => sim.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-ui-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(path.join(dir, DB_FILE));
    const key = loadOrCreateKey(dir, false);
    if (!key.ok) throw new Error(key.message);
    enrollLocally(identityTable(db), key.key);
    db.close();
    const started = await startKioskCore({ clock: plant.clock, dataDir: dir, serverUrl: 'http://127.0.0.1:1', balance: { driver: 'mt-sics', path: sim.path, balanceId: 'BAL-01' }, sync: { backoff: { baseMs: 60_000, maxMs: 60_000 } }, execution: plant.options });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    cleanups.push(() => core.close());
    server = await startBrowserServer({ core, port: 0, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
    cleanups.push(() => server.close());
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(server.url);
    ready = () => plant.readyToWeigh(core.execution);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('asks for a login before a free weighing: every weighing is recorded under a person’s name (issue 8 §1)', async () => {
    await expect.poll(() => page.getByTestId('login-badge').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('accept').count()).toBe(0);
    await page.screenshot({ path: path.join(artifacts, 'weigh-login-first.png') });
    await ready();
    base = core.log.head().seq;
    await page.reload();
    await expect.poll(() => page.getByTestId('accept').count(), { timeout: 10_000 }).toBe(1);
  });

  it('shows the live weight huge, STABLE in words, and Accept large and enabled', async () => {
    await expect.poll(() => page.getByTestId('live-weight').textContent(), { timeout: 10_000 }).toBe('12.3456');
    expect(await page.getByTestId('stability').textContent()).toContain('STABLE');
    expect(await page.getByTestId('device-status').textContent()).toContain('BAL-01 connected');
    const fontPx = await page.getByTestId('live-weight').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontPx).toBeGreaterThanOrEqual(96);
    const accept = page.getByTestId('accept');
    await expect.poll(() => accept.isEnabled()).toBe(true);
    expect((await accept.boundingBox())!.height).toBeGreaterThanOrEqual(64);
    await page.screenshot({ path: path.join(artifacts, 'weigh-stable.png') });
  });

  it('records on Accept and lists the weighing as unsent while offline', async () => {
    await page.getByTestId('accept').click();
    await expect.poll(() => page.getByTestId('accepted-list').textContent()).toContain('12.3456 g');
    expect(await page.locator(`[data-testid="accepted-list"] li[data-seq="${base + 1}"]`).getAttribute('data-synced')).toBe('false');
    // Every record is unsent offline: the log-ins and BAL-01's daily check before the weighing too.
    await expect.poll(() => page.getByTestId('unsent-count').textContent()).toBe(`${base + 1} unsent`);
    expect(await page.getByTestId('sync-status').textContent()).toContain('Offline');
    expect(core.log.head().seq).toBe(base + 1);
    await page.screenshot({ path: path.join(artifacts, 'weigh-accepted.png') });
  });

  it('disables Accept with the reason while the load moves', async () => {
    sim.setLoad('20.5000', { motion: true });
    await expect.poll(() => page.getByTestId('stability').textContent()).toContain('MOVING');
    expect(await page.getByTestId('accept').isDisabled()).toBe(true);
    expect(await page.locator('#accept-reason').textContent()).toBe('The reading is moving: wait for STABLE');
    await page.screenshot({ path: path.join(artifacts, 'weigh-moving.png') });
    sim.setMotion(false);
    await expect.poll(() => page.getByTestId('stability').textContent()).toContain('STABLE');
  });

  // Issue 8 §3: an overloaded balance offers no weight; the screen shows why instead of the old one.
  it('drops the weight and says the balance is overloaded, until a fresh reading', async () => {
    await expect.poll(() => page.getByTestId('live-weight').textContent(), { timeout: 10_000 }).toBe('20.5000');
    sim.setOverload();
    await expect.poll(() => page.getByTestId('live-weight').textContent(), { timeout: 10_000 }).toBe('—');
    expect(await page.getByTestId('device-status').textContent()).toMatch(/BAL-01: balance on .* is overloaded/);
    expect(await page.getByTestId('device-status').getAttribute('class')).toContain('has-problem');
    expect(await page.getByTestId('accept').isDisabled()).toBe(true);
    expect(await page.locator('#accept-reason').textContent()).toMatch(/^BAL-01: balance on .* is overloaded/);
    await page.screenshot({ path: path.join(artifacts, 'weigh-overloaded.png') });
    sim.setLoad('20.5000');
    await expect.poll(() => page.getByTestId('live-weight').textContent(), { timeout: 10_000 }).toBe('20.5000');
    await expect.poll(() => page.getByTestId('accept').isEnabled()).toBe(true);
  });

  it('says in plain words that the balance is disconnected', async () => {
    await sim.unplug();
    await expect.poll(() => page.getByTestId('device-status').getAttribute('data-connection'), { timeout: 10_000 }).toBe('disconnected');
    expect(await page.getByTestId('device-status').textContent()).toMatch(/BAL-01 disconnected.*BAL-01: /);
    expect(await page.getByTestId('live-weight').textContent()).toBe('—');
    expect(await page.getByTestId('accept').isDisabled()).toBe(true);
    await page.screenshot({ path: path.join(artifacts, 'weigh-disconnected.png') });
    await sim.replug();
  });
});
