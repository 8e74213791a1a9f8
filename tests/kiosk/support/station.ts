// One kiosk station for the in-process kiosk tests: an enrolled data folder, the demo plant on the floor clock
// with cheap PIN verifiers, the morning balance checks, and the kiosk screen in Chromium. Every piece pushes
// its own cleanup onto the test's list, so a failing beforeAll still leaves nothing running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { demoPlant, type MasterData } from '@lineside/domain';
import type { SignedRecord } from '@lineside/sync-protocol';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { startBrowserServer, type BrowserServer } from '../../../apps/kiosk/src/core/browser-server.js';
import { DB_FILE, startKioskCore, type KioskCore, type KioskCoreOptions } from '../../../apps/kiosk/src/core/kiosk.js';
import { loadOrCreateKey } from '../../../apps/kiosk/src/core/keys.js';
import { openDatabase } from '../../../apps/kiosk/src/core/store/db.js';
import { identityTable } from '../../../apps/kiosk/src/core/store/identity.js';
import { floorClock } from '../../support/floor-clock.js';
import { repoRoot } from '../../support/processes.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/tools.js';
import { enrollLocally } from './kiosk-fixture.js';

export type Cleanups = Array<() => Promise<unknown> | unknown>;

/** A data folder with a key, enrolled as K-DISP-1 (active) without a server; removed at cleanup. */
export function enrolledDataDir(cleanups: Cleanups, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lineside-${prefix}-`));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = openDatabase(path.join(dir, DB_FILE));
  try {
    const key = loadOrCreateKey(dir, false);
    if (!key.ok) throw new Error(key.message);
    enrollLocally(identityTable(db), key.key);
  } finally {
    db.close();
  }
  return dir;
}

/**
 * What `startKioskCore` needs to run offline on the demo plant: the floor clock (today at 10:00), the plant as
 * of that day (`adapt` may add to it), and PIN verifiers as the server makes them, at a cheap scrypt cost.
 */
export async function offlinePlant(pins: Readonly<Record<string, string>>, adapt: (master: MasterData) => MasterData = (m) => m) {
  const clock = floorClock();
  const master = adapt(demoPlant(clock.day));
  const verifiers = new Map<string, string>();
  for (const [user, pin] of Object.entries(pins)) verifiers.set(user, await makeVerifier(pin, 1024));
  const refreshedAt = clock.startedAt.toISOString();
  const options = {
    clock,
    serverUrl: 'http://127.0.0.1:1',
    sync: { backoff: { baseMs: 60_000, maxMs: 60_000 } },
    execution: {
      masterData: () => master,
      masterRefreshedAt: () => refreshedAt,
      verifiers: (userId: string) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
    },
  } satisfies Partial<KioskCoreOptions>;
  return { clock, master, options };
}

/** Each balance's daily sensitivity test: its test weight and a reading that passes. */
const ROUTINE_TESTS = {
  'BAL-01': { testWeightId: 'TW-200E2', reading: '200.00010', unit: 'g' },
  'BAL-02': { testWeightId: 'TW-5KF1', reading: '5000.01', unit: 'g' },
  'BAL-04': { testWeightId: 'TW-20KM1', reading: '20.000', unit: 'kg' },
} as const;

/** The morning checks, through the core: maintenance (PIN 4444) passes each balance's daily test, then logs out. */
export async function passDailyChecks(core: KioskCore, balanceIds: readonly (keyof typeof ROUTINE_TESTS)[]): Promise<void> {
  const ex = core.execution;
  const login = await ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' });
  if (!login.ok) throw new Error(`maintenance login failed: ${login.message}`);
  for (const equipmentId of balanceIds) {
    const { testWeightId, reading, unit } = ROUTINE_TESTS[equipmentId];
    const result = ex.recordRoutineTest({ equipmentId, testWeightId, reading, stable: true, unit, entry: { kind: 'instrument', rawFrame: `(read from the balance) ${reading}` } });
    if (!result.ok) throw new Error(`${equipmentId}: ${result.message}`);
  }
  ex.logout();
}

/** Chromium with one page at the kiosk's 1280×800 (not yet navigated); `options` add to its context (a time zone). */
export async function openKioskBrowser(cleanups: Cleanups, options: BrowserContextOptions = {}): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  cleanups.push(() => browser.close());
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  return { browser, context, page };
}

/** The core's browser server on a free port, serving the built renderer. */
export async function serveKiosk(cleanups: Cleanups, core: KioskCore): Promise<BrowserServer> {
  const server = await startBrowserServer({ core, port: 0, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
  cleanups.push(() => server.close());
  return server;
}

/** The records of one type in the kiosk's log, oldest first. */
export function recordsOfType(core: KioskCore, type: string): SignedRecord[] {
  return core.db
    .prepare<[string], { body: string }>('SELECT body FROM records WHERE type = ? ORDER BY seq')
    .all(type)
    .map((row) => JSON.parse(row.body) as SignedRecord);
}

/** Logs in as a gloved operator does: badge or user id typed, the PIN on the touch keypad. */
export async function keypadLogin(page: Page, user: string, pin: string): Promise<void> {
  await page.getByTestId('login-badge').fill(user);
  await page.getByTestId('login-pin').click(); // the keypad types into the field last touched
  await page.getByTestId('key-clear').click();
  for (const digit of pin) await page.getByTestId(`key-${digit}`).click();
  await page.getByTestId('login-submit').click();
  await expect.poll(() => page.getByTestId('logout').textContent()).toContain('Log out');
}

/** Logs the session out from the top bar and waits for the login screen. */
export async function logoutOf(page: Page): Promise<void> {
  await page.getByTestId('logout').click();
  await expect.poll(() => page.getByTestId('logout').count()).toBe(0);
}

/**
 * DISP-1 in Chromium on the floor scale: BAL-04 (kg, d = 0.005 kg shown as 3 decimals) simulated on a pty with an
 * empty pan, a kiosk core on the demo plant of today at 10:00 with `pins`, the balances in `checked` passed for
 * the day by maintenance, and the kiosk screen open at 1280×800.
 */
export async function floorScaleStation(cleanups: Cleanups, name: string, pins: Readonly<Record<string, string>>, checked: Parameters<typeof passDailyChecks>[1]) {
  const sim = await MtSicsSimulator.start({ load: '0.000', unit: 'kg', capacity: '150.000', decimals: 3, model: 'Floor scale' });
  cleanups.push(() => sim.close());
  const plant = await offlinePlant(pins);
  const started = await startKioskCore({ ...plant.options, dataDir: enrolledDataDir(cleanups, name), balance: { driver: 'mt-sics', path: sim.path, balanceId: 'BAL-04' } });
  if (!started.ok) throw new Error(started.message);
  const core = started.core;
  cleanups.push(() => core.close());
  await passDailyChecks(core, checked);
  const server = await serveKiosk(cleanups, core);
  const { page } = await openKioskBrowser(cleanups);
  await page.goto(server.url);
  return { sim, core, page };
}
