// Issue 5 browser test (1), as far as one balance per kiosk allows: three materials dispensed in
// Chromium from GS1 label scans, the floor scale for the API, then the kiosk restarted on the
// precision balance for the excipients — it resumes at the right step.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { startBrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from './support/built.js';
import { enrolledDataDir, offlinePlant, openKioskBrowser, recordsOfType, type Cleanups } from './support/station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/execution');
const ORDER = 'ORD-0001';
const label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

describe.skipIf(skip !== undefined)(`three materials dispensed in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let plant: Awaited<ReturnType<typeof offlinePlant>>;
  let dir: string;
  let page: Page;
  let core: KioskCore;
  let sim: MtSicsSimulator;
  let stopStation: () => Promise<void> = async () => {};
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const message = () => page.getByTestId('execution-message').textContent();
  const records = (type: string) => recordsOfType(core, type);

  /** One kiosk core on the data folder with one simulated balance, its browser server, and the page on it. */
  async function startStation(balanceId: string, settings: { unit: string; capacity: string; decimals: number; load: string }) {
    sim = await MtSicsSimulator.start({ ...settings, model: balanceId });
    const started = await startKioskCore({ ...plant.options, dataDir: dir, balance: { driver: 'mt-sics', path: sim.path, balanceId } });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    const server = await startBrowserServer({ core, port: 0, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
    const stationSim = sim;
    const stationCore = core;
    stopStation = async () => {
      await server.close();
      await stationCore.close();
      await stationSim.close();
    };
    await page.goto(server.url);
    await page.getByTestId('nav-execution').click();
    await page.getByTestId('login-badge').fill('100001');
    await page.getByTestId('login-pin').fill('1111');
    await page.getByTestId('login-submit').click();
    await page.getByTestId(`order-${ORDER}`).click();
  }

  async function weighContainer(stepId: string, emptyLoad: string, fullLoad: string, shownNet: string) {
    sim.setLoad(emptyLoad);
    await page.getByTestId('step-tare').click();
    await expect.poll(message).toBe('Tare taken');
    sim.setLoad(fullLoad);
    await expect.poll(() => page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe(shownNet);
    await page.getByTestId('weigh-accept').click();
    await expect.poll(message).toBe('Weighing recorded');
    expect(await page.getByTestId('current-step').getAttribute('data-step')).toBe(stepId);
  }

  async function scanInto(text: string, lot: string) {
    await page.getByTestId('scan-input').fill(text);
    await page.getByTestId('scan-input').press('Enter');
    await expect.poll(() => page.getByTestId('scanned-lots').textContent()).toBe(lot);
  }

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(artifacts, { recursive: true });
    plant = await offlinePlant({ 'olivia.operator': '1111', 'max.maintenance': '4444' });
    dir = enrolledDataDir(cleanups, 'kiosk-dispense');
    ({ page } = await openKioskBrowser(cleanups));
    cleanups.push(() => stopStation());
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('dispenses Paracetamol on the floor scale BAL-04 in two containers, in tolerance', async () => {
    await startStation('BAL-04', { unit: 'kg', capacity: '150.000', decimals: 3, load: '0.000' });
    // Morning checks, through the same core (no screen for them yet).
    await core.execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' });
    for (const [equipmentId, testWeightId, reading] of [['BAL-01', 'TW-200E2', '200.00010'], ['BAL-02', 'TW-5KF1', '5000.01'], ['BAL-04', 'TW-20KM1', '20.000']] as const) {
      expect(core.execution.recordRoutineTest({ equipmentId, testWeightId, reading, stable: true, unit: ['BAL-03', 'BAL-04'].includes(equipmentId) ? 'kg' : 'g', entry: { kind: 'instrument', rawFrame: `(read from the balance) ${reading}` } })).toMatchObject({ ok: true });
    }
    await core.execution.login({ badgeOrUserId: 'olivia.operator', pin: '1111' });
    await page.reload();
    await page.getByTestId('nav-execution').click();
    await page.getByTestId(`order-${ORDER}`).click();
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-acknowledge').click();
    await page.getByTestId('step-sign').click();
    await page.getByTestId('sign-pin').fill('1111');
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('2');
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-confirm-equipment').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('3');
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-04').click();
    await scanInto(label('09501101540019', '270331', 'PCM-2401'), 'PCM-2401');
    await weighContainer('3', '1.500', '26.700', '25.200');
    await weighContainer('3', '1.500', '26.703', '25.203');
    await expect.poll(() => page.getByTestId('tolerance-state').textContent()).toBe('IN TOLERANCE');
    await shot('dispense-step-3-in-tolerance');
    await page.getByTestId('dispense-complete').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');
    expect(records('order.dispense-completed').map((r) => r.payload)).toEqual([expect.objectContaining({ stepId: '3', dispensed: '50.403', toleranceState: 'in' })]);
    await stopStation();
  });

  it('restarts the kiosk on BAL-02: it resumes at step 4, and MCC and Povidone are dispensed from their labels', async () => {
    await startStation('BAL-02', { unit: 'g', capacity: '6200.00', decimals: 2, load: '0.00' });
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scanInto(label('09501101540026', '280131', 'MCC-118'), 'MCC-118');
    // The target is known once the balance is chosen and the lot scanned, so the reading is shown in its
    // unit from the first container on: 3500.00 g as 3.50000 kg, 3397.00 g as 3.39700 kg.
    await weighContainer('4', '300.00', '3800.00', '3.50000');
    await weighContainer('4', '310.00', '3707.00', '3.39700');
    await page.getByTestId('dispense-complete').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('5');
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scanInto(label('09501101540033', '270630', 'PVP-077'), 'PVP-077');
    await weighContainer('5', '300.00', '1800.00', '1.50000');
    // Limits at BAL-02's readability in the target's unit: 0.01 g is 0.00001 kg (not "1.49 – 1.51").
    await expect.poll(() => page.getByTestId('tolerance-limits').textContent()).toBe('Target 1.50000 kg · in tolerance 1.48500 – 1.51500 kg');
    expect(await page.getByTestId('step-live-weight').textContent()).toBe('1.50000');
    expect(await page.getByTestId('step-live-unit').textContent()).toBe('kg');
    await shot('dispense-step-5-weighed');
    await page.getByTestId('dispense-complete').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('6');
    await shot('dispense-step-6-next');
    const completed = records('order.dispense-completed').map((r) => [r.payload['stepId'], r.payload['dispensed'], r.payload['toleranceState']]);
    expect(completed).toEqual([
      ['3', '50.403', 'in'],
      ['4', '6.89700', 'in'],
      ['5', '1.50000', 'in'],
    ]);
    const second = records('order.weighing-recorded').find((r) => r.payload['stepId'] === '4' && r.payload['containerNo'] === 2);
    expect(second?.payload).toMatchObject({ balanceId: 'BAL-02', gross: '3707.00', tare: '310.00', net: '3397.00', lotId: 'MCC-118' });
  });
});
