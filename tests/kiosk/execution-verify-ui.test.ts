// Issue 8 §1 in Chromium: the pH reading is shown as recorded (value, mV, temperature, limits, PASS/FAIL,
// meter and calibration) and stays until the operator moves on; the verifier of step 10 sees what they
// verify (containers, gross/tare/net, balances, lots, who weighed) before and inside the signature dialog.
// Steps 1–8 are driven through the kiosk core's API; the pH comes from an Orion meter on a pty.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator, OrionStarSimulator } from '@lineside/device-drivers';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from './support/built.js';
import { enrolledDataDir, offlinePlant, openKioskBrowser, passDailyChecks, serveKiosk, type Cleanups } from './support/station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/execution');
const ORDER = 'ORD-0001';
import { lotLabel as label } from '../support/demo-labels.js';
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'oscar.operator': '2222', 'max.maintenance': '4444' };

describe.skipIf(skip !== undefined)(`pH result and the verifier's list in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let page: Page;
  let core: KioskCore;
  let meter: OrionStarSimulator;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const currentStep = () => page.getByTestId('current-step').getAttribute('data-step');
  const text = (testId: string) => page.getByTestId(testId).first().textContent();
  const step = (stepId: string) => ({ orderId: ORDER, stepId });

  async function ok<T extends { ok: boolean }>(result: T | Promise<T>, what: string): Promise<T> {
    const value = await result;
    if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
    return value;
  }

  /** Scan, choose the balance, then per container: tare, put the material on, accept; then complete. */
  async function dispense(stepId: string, scan: string, balanceId: string, unit: string, containers: readonly (readonly [tare: string, net: string])[]) {
    const ex = core.execution;
    await ok(ex.startStep(step(stepId)), `start ${stepId}`);
    await ok(ex.scanLot({ ...step(stepId), scan }), `scan ${stepId}`);
    await ok(ex.selectBalance({ ...step(stepId), balanceId }), `balance ${stepId}`);
    for (const [tare, net] of containers) {
      await ok(ex.recordTare({ ...step(stepId), reading: { value: tare, unit, stable: true }, source: 'reading-before-tare' }), `tare ${stepId}`);
      await ok(ex.acceptWeighing({ ...step(stepId), reading: { value: net, unit, stable: true } }), `weigh ${stepId}`);
    }
    await ok(ex.completeDispense(step(stepId)), `complete ${stepId}`);
  }

  async function loginInBrowser(badge: string, pin: string) {
    if (await page.getByTestId('logout').isVisible()) await page.getByTestId('logout').click();
    await page.getByTestId('login-badge').fill(badge);
    await page.getByTestId('login-pin').fill(pin);
    await page.getByTestId('login-submit').click();
    await page.getByTestId(`order-${ORDER}`).click();
  }

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(artifacts, { recursive: true });
    const balance = await MtSicsSimulator.start({ unit: 'g', capacity: '220.00000', decimals: 5, load: '0.00000', model: 'BAL-01' });
    cleanups.push(() => balance.close());
    // First out of limits: the operator must see FAIL and what happens next.
    meter = await OrionStarSimulator.start({ ph: '7.45', mV: '-26.1', temperatureC: '22.0' });
    cleanups.push(() => meter.close());
    const plant = await offlinePlant(PINS);
    const started = await startKioskCore({
      ...plant.options,
      dataDir: enrolledDataDir(cleanups, 'kiosk-verify'),
      balances: [{ driver: 'mt-sics', path: balance.path, balanceId: 'BAL-01' }],
      phMeters: [{ driver: 'orion-star', path: meter.path, meterId: 'PH-01' }],
    });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    cleanups.push(() => core.close());
    const server = await serveKiosk(cleanups, core);
    ({ page } = await openKioskBrowser(cleanups));
    await page.goto(server.url);

    // Morning checks and steps 1–8 through the core: the screens under test are steps 9 and 10.
    const ex = core.execution;
    await passDailyChecks(core, ['BAL-01', 'BAL-02', 'BAL-04']);
    await ok(ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }), 'login max');
    await ok(ex.recordPhCalibration({ equipmentId: 'PH-01', buffers: [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }] }), 'PH-01');
    await ok(ex.login({ badgeOrUserId: '100001', pin: '1111' }), 'login olivia');
    await ok(ex.startOrder({ orderId: ORDER }), 'start order');
    await ok(ex.startStep(step('1')), '1');
    await ok(ex.acknowledgeInstruction(step('1')), 'ack 1');
    await ok(ex.sign({ ...step('1'), userId: 'olivia.operator', pin: '1111', meaning: 'performed' }), 'sign 1');
    await ok(ex.startStep(step('2')), '2');
    await ok(ex.confirmEquipmentStatus(step('2')), 'confirm 2');
    await dispense('3', label('PCM-2401', '270331'), 'BAL-04', 'kg', [['1.500', '25.200'], ['1.500', '25.203']]);
    await dispense('4', label('MCC-118', '280131'), 'BAL-02', 'g', [['300.00', '3500.00'], ['310.00', '3397.00']]);
    await dispense('5', label('PVP-077', '270630'), 'BAL-02', 'g', [['300.00', '1500.00']]);
    await dispense('6', label('CCS-032', '271231'), 'BAL-02', 'g', [['300.00', '1200.00']]);
    await ok(ex.openDeviation({ severity: 'low', title: 'Granules spilled beside the container', description: 'about 1 g on the bench, cleaned', orderId: ORDER, stepId: '6' }), 'deviation 6');
    await dispense('7', label('MGS-210', '270531'), 'BAL-02', 'g', [['300.00', '300.00']]);
    await dispense('8', label('IOY-009', '290131'), 'BAL-01', 'g', [['50.00000', '12.50000']]);
  }, 120_000);
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('shows an out-of-limits pH as FAIL with what happens next, then the passing reading until Next is tapped', async () => {
    await page.getByTestId('nav-execution').click();
    await loginInBrowser('100001', '1111');
    await expect.poll(currentStep).toBe('9');
    await page.getByTestId('step-start').click();
    // Typing what the display shows is the exception, folded behind its own button.
    expect(await page.getByTestId('ph-value').count()).toBe(0);
    await page.getByTestId('ph-type').click();
    expect(await page.getByTestId('ph-value').isVisible()).toBe(true);
    await shot('ph-step-9-typed-entry');
    await page.getByTestId('ph-type').click();
    expect((await page.getByTestId('ph-read-meter').boundingBox())?.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('ph-read-meter').click();
    // 7.45 is above 7.0: FAIL, a deviation opened by the domain, and the step stays open for a new reading.
    await expect.poll(() => text('ph-verdict'), { timeout: 10_000 }).toBe('✗ FAIL');
    expect(await page.getByTestId('ph-result').getAttribute('data-result')).toBe('out-of-limits');
    expect(await text('ph-result-value')).toBe('7.45');
    expect(await text('ph-result-limits')).toBe('limits 5.0 – 7.0');
    expect(await text('ph-result-outcome')).toMatch(/^Deviation \S+ \(low\) was opened and stays open until QA closes it\. Step 9 stays open: adjust and measure again\.$/);
    expect(await currentStep()).toBe('9');
    expect(await page.getByTestId('current-step').getAttribute('data-phase')).toBe('in-progress');
    await shot('ph-step-9-out-of-limits');

    // Adjusted: 6.20 at 22.0 °C passes, closes the step, and stays on screen until the operator moves on.
    meter.setReading({ ph: '6.20', mV: '47.3', temperatureC: '22.0' });
    await page.getByTestId('ph-read-meter').click();
    await expect.poll(() => text('ph-verdict'), { timeout: 10_000 }).toBe('✓ PASS');
    expect(await page.getByTestId('ph-result').getAttribute('data-result')).toBe('within-limits');
    expect(await currentStep()).toBe('9');
    expect(await page.getByTestId('current-step').getAttribute('data-phase')).toBe('closed');
    expect(await text('ph-result-value')).toBe('6.20');
    expect(await text('ph-result-mv')).toBe('47.3 mV');
    expect(await text('ph-result-temperature')).toBe('22.0 °C');
    expect(await text('ph-result-limits')).toBe('limits 5.0 – 7.0');
    expect(await text('ph-result-meter')).toMatch(/^PH-01 · certificate \S+, due \d{4}-\d{2}-\d{2} \((in date|due soon)\)$/);
    expect(await text('ph-result-buffers')).toMatch(/^passed \d{2}:\d{2}:\d{2} by Max Maintenance/);
    expect(await text('ph-result-by')).toMatch(/^Olivia Operator at \d{2}:\d{2}:\d{2}$/);
    expect(await text('ph-result-outcome')).toBe('Within 5.0–7.0: step 9 is complete.');
    const next = page.getByTestId('ph-next');
    expect(await next.textContent()).toBe('Next step: 10. Verify dispensed containers (second person)');
    expect((await next.boundingBox())?.height).toBeGreaterThanOrEqual(48);
    await shot('ph-step-9-pass');
    await next.click();
    await expect.poll(currentStep).toBe('10');
    expect(await page.getByTestId('ph-result').count()).toBe(0);
  }, 60_000);

  it('shows the verifier of step 10 every container, gross/tare/net, balance, lot and who weighed it, before and inside the dialog', async () => {
    await loginInBrowser('100002', '2222');
    await expect.poll(currentStep).toBe('10');
    await page.getByTestId('step-start').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-phase')).toBe('in-progress');
    for (const list of ['verify-list', 'sign-verifies']) {
      if (list === 'sign-verifies') await page.getByTestId('step-sign').click();
      const row = (stepId: string, no: number) => page.getByTestId(`${list}-container-${stepId}-${no}`).locator('td').allTextContents();
      expect(await row('3', 1)).toEqual(['1', 'PCM-2401', 'BAL-04', '26.700 kg', '1.500 kg', '25.200 kg', 'reading before tare', expect.stringMatching(/^Olivia Operator \d{2}:\d{2}:\d{2}$/)]);
      expect(await row('3', 2)).toEqual(['2', 'PCM-2401', 'BAL-04', '26.703 kg', '1.500 kg', '25.203 kg', 'reading before tare', expect.stringMatching(/^Olivia Operator /)]);
      expect(await row('4', 2)).toEqual(['2', 'MCC-118', 'BAL-02', '3707.00 g', '310.00 g', '3397.00 g', 'reading before tare', expect.stringMatching(/^Olivia Operator /)]);
      expect(await row('8', 1)).toEqual(['1', 'IOY-009', 'BAL-01', '62.50000 g', '50.00000 g', '12.50000 g', 'reading before tare', expect.stringMatching(/^Olivia Operator /)]);
      expect(await text(`${list}-total-3`)).toMatch(/^total 50\.403 kg · target 50\.403 kg \(\d+\.\d{3} – \d+\.\d{3}\)$/);
      expect(await text(`${list}-state-3`)).toBe('IN TOLERANCE');
      expect(await text(`${list}-total-4`)).toMatch(/^total 6\.89700 kg · target 6\.89700 kg/);
      expect(await text(`${list}-total-5`)).toBe('total 1.50000 kg · target 1.50000 kg (1.48500 – 1.51500)');
      expect(await page.getByTestId(`${list}-step-5`).getByTestId(/-container-/).count()).toBe(1);
      expect(await text(`${list}-deviation-6`)).toMatch(/^⚠ Deviation \S+ \(low, OPEN\): Granules spilled beside the container$/);
      for (const stepId of ['3', '4', '5', '6', '7', '8']) expect(await text(`${list}-state-${stepId}`)).toBe('IN TOLERANCE');
      await shot(list === 'verify-list' ? 'verify-step-10-list' : 'verify-step-10-sign-dialog');
    }
    await page.getByTestId('sign-user').fill('oscar.operator');
    await page.getByTestId('sign-pin').fill('2222');
    expect((await page.getByTestId('sign-submit').boundingBox())?.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('sign-submit').click();
    await expect.poll(currentStep).toBe('11');
  }, 60_000);
});
