// Batch execution in real Chromium: real core + SQLite, a simulated floor scale on a pty, the demo plant.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MtSicsSimulator } from '@lineside/device-drivers';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from './support/built.js';
import { floorScaleStation, recordsOfType, type Cleanups } from './support/station.js';
import { wedgeScan } from '../support/wedge-scan.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/execution');
const ORDER = 'ORD-0001';
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'quinn.qa': '3333', 'max.maintenance': '4444', 'sam.supervisor': '5555' };
/** GS1-128 as a wedge scanner types it: AIM ]C1, (01) GTIN, (17) expiry, (10) lot last. */
const label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

describe.skipIf(skip !== undefined)(`batch execution in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let sim: MtSicsSimulator;
  let core: KioskCore;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const message = () => page.getByTestId('execution-message').textContent();
  const records = (type: string) => recordsOfType(core, type);

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(artifacts, { recursive: true });
    // The morning balance checks, done through the core by maintenance (the Daily checks screen has its own test).
    ({ sim, core, page } = await floorScaleStation(cleanups, 'kiosk-exec', PINS, ['BAL-01', 'BAL-02', 'BAL-04']));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('logs Olivia in with her badge and the PIN keypad, and shows the station’s order queue', async () => {
    await page.getByTestId('nav-execution').click();
    await page.getByTestId('login-badge').fill('100001');
    await page.getByTestId('login-pin').click(); // the keypad types into the field last touched
    await page.getByTestId('key-1').click();
    await page.getByTestId('key-1').click();
    await page.getByTestId('key-9').click();
    await page.getByTestId('key-back').click();
    await page.getByTestId('key-1').click();
    await page.getByTestId('key-1').click();
    await shot('login');
    // Keypad targets are big enough for gloved fingers.
    expect((await page.getByTestId('key-5').boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('order-queue').textContent()).toContain(ORDER);
    expect(await page.getByTestId(`order-${ORDER}`).textContent()).toContain('Not started');
    expect(await page.getByTestId('logout').textContent()).toContain('Olivia Operator');
    await shot('order-queue');
  });

  it('runs steps 1 and 2: acknowledge, e-sign “performed” with the PIN, confirm the balances', async () => {
    await page.getByTestId(`order-${ORDER}`).click();
    await expect.poll(() => page.getByTestId('step-title').textContent()).toBe('Step 1: Line clearance of booth DISP-1');
    expect(await page.getByTestId('step-next').textContent()).toContain('2.');
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-acknowledge').click();
    await page.getByTestId('step-sign').click();
    expect(await page.getByTestId('sign-meaning').textContent()).toBe('performed');
    expect(await page.getByTestId('sign-user').inputValue()).toBe('olivia.operator');
    await page.getByTestId('sign-pin').fill('1111');
    await shot('sign-dialog');
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('2');
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-confirm-equipment').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('3');
    await page.getByTestId('step-start').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-phase')).toBe('in-progress');
    await shot('step-3-start');
  });

  it('(3) refuses BAL-03 with its expired calibration, in plain words', async () => {
    await page.getByTestId('balance-BAL-03').click();
    await expect.poll(message).toMatch(/^Balance BAL-03 calibration expired on \d{4}-\d{2}-\d{2} — weighing blocked$/);
    expect(await page.getByTestId('balance-BAL-03').getAttribute('class')).not.toContain('chosen');
    await shot('bal-03-refused');
  });

  it('(4) refuses the expired lot and the wrong material scanned at the paracetamol step', async () => {
    const scan = page.getByTestId('scan-input');
    await scan.fill(label('09501101540019', '261031', 'PCM-2399'));
    await scan.press('Enter');
    await expect.poll(message).toMatch(/PCM-2399.*expired/);
    await shot('lot-expired-refused');
    await scan.fill(label('09501101540026', '280131', 'MCC-118'));
    await scan.press('Enter');
    await expect.poll(message).toBe('Lot MCC-118 is Microcrystalline cellulose PH-101, not Paracetamol — wrong material');
    await shot('lot-wrong-material-refused');
    expect(await page.getByTestId('scanned-lots').textContent()).toBe('none scanned');
    // Nothing refused reached the log.
    expect(records('order.lot-scanned')).toEqual([]);
  });

  it('weighs the first paracetamol container on BAL-04: tare, gross, net, target bar', async () => {
    await page.getByTestId('balance-BAL-04').click();
    await expect.poll(() => page.getByTestId('balance-BAL-04').getAttribute('class')).toContain('chosen');
    const scan = page.getByTestId('scan-input');
    await scan.fill(label('09501101540019', '270331', 'PCM-2401'));
    await scan.press('Enter');
    await expect.poll(() => page.getByTestId('scanned-lots').textContent()).toBe('PCM-2401');
    sim.setLoad('1.500');
    await expect.poll(() => page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe('1.500');
    await page.getByTestId('step-tare').click();
    await expect.poll(message).toBe('Tare taken');
    sim.setLoad('26.700');
    await expect.poll(() => page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe('25.200');
    await page.getByTestId('weigh-accept').click();
    await expect.poll(message).toBe('Weighing recorded');
    await expect.poll(() => page.getByTestId('tolerance-state').textContent()).toBe('UNDER');
    // Limits on BAL-04's grid (d = 0.005 kg), rounded inward by the domain: screen, refusal and record agree.
    expect(await page.getByTestId('tolerance-limits').textContent()).toBe('Target 50.403 kg · in tolerance 50.155 – 50.655 kg');
    expect(await page.locator('.tolerance').getAttribute('data-state')).toBe('under');
    // The marker sits in the under zone, left of the window's band.
    const windowBox = (await page.getByTestId('tolerance-window').boundingBox())!;
    expect((await page.getByTestId('tolerance-marker').boundingBox())!.x).toBeLessThan(windowBox.x);
    // At 1280×800 the whole action row is on screen without scrolling, with the sync error in the header.
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    for (const id of ['step-tare', 'weigh-accept', 'dispense-complete', 'dispense-override']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, id).toBeLessThanOrEqual(800);
      expect(box.height, id).toBeGreaterThanOrEqual(48);
    }
    const header = (await page.locator('header.topbar').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(72);
    await shot('weigh-first-container');
    expect(records('order.lot-scanned').map((r) => r.payload['lotId'])).toEqual(['PCM-2401']);
    const [last] = records('order.weighing-recorded');
    expect(records('order.weighing-recorded')).toHaveLength(1);
    expect(last!.payload).toMatchObject({ balanceId: 'BAL-04', lotId: 'PCM-2401', gross: '26.700', tare: '1.500', net: '25.200', toleranceState: 'under' });
    expect(last!.actor).toEqual({ kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' });
  });

  it('weighs a second container: the tare comes from the balance’s tare memory, not the net display', async () => {
    // First container off, a heavier empty one on: the still-tared balance shows only the difference.
    sim.setLoad('1.600');
    await expect.poll(() => page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe('0.100');
    await page.getByTestId('step-tare').click();
    await expect.poll(message).toBe('Tare taken');
    sim.setLoad('25.600');
    await expect.poll(() => page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe('24.000');
    // Projected on the bar: 25.200 + 24.000 = 49.200, still under 50.155.
    await expect.poll(() => page.getByTestId('tolerance-state').textContent()).toBe('UNDER');
    await page.getByTestId('weigh-accept').click();
    await expect.poll(message).toBe('Weighing recorded');
    const weighings = records('order.weighing-recorded');
    expect(weighings).toHaveLength(2);
    expect(weighings[1]!.payload).toMatchObject({ containerNo: 2, gross: '25.600', tare: '1.600', net: '24.000', cumulative: '49.200' });
    await shot('weigh-second-container');
  });

  it('(2) under tolerance blocks Complete; the override needs a second person and opens a deviation', async () => {
    await page.getByTestId('dispense-complete').click();
    await expect.poll(message).toMatch(/under tolerance \(.*limits 50\.155–50\.655 kg\) — weigh another container, or override/);
    await shot('under-tolerance-refused');
    await page.getByTestId('dispense-override').click();
    await page.getByTestId('override-user').fill('olivia.operator');
    await page.getByTestId('override-reason').fill('lot exhausted');
    await page.getByTestId('override-pin').fill('1111');
    await page.getByTestId('override-submit').click();
    await expect.poll(() => page.getByTestId('override-error').textContent()).toMatch(/^Olivia Operator cannot countersign their own override/);
    await page.getByTestId('override-user').fill('sam.supervisor');
    await page.getByTestId('override-reason').fill('lot exhausted; QA informed');
    await page.getByTestId('override-pin').fill('5555');
    await shot('override-dialog');
    await page.getByTestId('override-submit').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');
    expect(await message()).toBe('Dispense completed with override; deviation opened');
    const [deviation] = records('order.deviation-opened');
    expect(deviation!.payload).toMatchObject({ severity: 'medium' });
    expect(records('order.tolerance-overridden')[0]!.payload).toMatchObject({ toleranceState: 'under', dispensed: '49.200', reason: 'lot exhausted; QA informed', signature: { signerId: 'sam.supervisor' } });
    await shot('step-4-after-override');
  });

  it('takes a keyboard-wedge scan typed outside any field, and refuses slow typing as not a scan', async () => {
    await page.getByTestId('step-start').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-phase')).toBe('in-progress');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type('MCC-118', { delay: 120 });
    await page.keyboard.press('Enter');
    await expect.poll(message).toBe('Those keys came too slowly to be a scanner — type the lot number into the Lot field and press Enter');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wedgeScan(page, label('09501101540026', '280131', 'MCC-118'));
    await expect.poll(() => page.getByTestId('scanned-lots').textContent()).toBe('MCC-118');
    expect(records('order.lot-scanned').map((r) => r.payload['lotId'])).toEqual(['PCM-2401', 'MCC-118']);
    await shot('wedge-scan-accepted');
  });

  it('pauses the order with a reason, stays paused after the page reloads, and resumes at the step it left', async () => {
    await page.getByTestId('order-pause').click();
    await page.getByTestId('pause-reason-other').click();
    // "Other" needs the operator's words before the order can be paused.
    expect(await page.getByTestId('pause-submit').isDisabled()).toBe(true);
    await page.getByTestId('pause-reason-waiting-for-material').click();
    await shot('pause-dialog');
    await page.getByTestId('pause-submit').click();
    await expect.poll(() => page.getByTestId('order-paused').textContent()).toContain('Paused: Waiting for material. Nothing can be recorded on this order until it is resumed.');
    expect(await page.getByTestId('current-step').count()).toBe(0);
    expect(records('order.order-paused').map((r) => r.payload['reason'])).toEqual(['Waiting for material']);
    // The screen forgets the open order on reload; the kiosk core does not forget the pause.
    await page.reload();
    await page.getByTestId('nav-execution').click();
    await expect.poll(() => page.getByTestId(`order-${ORDER}`).textContent()).toContain('Paused');
    await page.getByTestId(`order-${ORDER}`).click();
    await expect.poll(() => page.getByTestId('order-paused').count()).toBe(1);
    await shot('order-paused');
    await page.getByTestId('order-resume').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');
    expect(await page.getByTestId('current-step').getAttribute('data-phase')).toBe('in-progress');
    expect(await message()).toBe(`Order ${ORDER} resumed`);
    expect(records('order.order-resumed')).toHaveLength(1);
  });

  it('(3b) a failed daily check holds BAL-02; the operator may not release it, QA does with PIN and reason', async () => {
    // The failed check comes from maintenance's flow (no screen yet): 0.2 % off on the 5 kg weight.
    const ex = core.execution;
    await ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' });
    expect(ex.recordRoutineTest({ equipmentId: 'BAL-02', testWeightId: 'TW-5KF1', reading: '5010.00', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '(read from the balance) 5010.00' } })).toMatchObject({ ok: true });
    await ex.login({ badgeOrUserId: 'olivia.operator', pin: '1111' });
    await page.getByRole('button', { name: '← Orders' }).click();
    await expect.poll(() => page.getByTestId('holds-list').textContent(), { timeout: 20_000 }).toContain('Equipment BAL-02');
    await page.getByTestId('release-Equipment-BAL-02').click();
    await page.getByTestId('release-user').fill('olivia.operator');
    await page.getByTestId('release-reason').fill('looks fine');
    await page.getByTestId('release-pin').fill('1111');
    await page.getByTestId('release-submit').click();
    await expect.poll(() => page.getByTestId('release-error').textContent()).toBe('Releasing the hold on Equipment BAL-02 needs permission release-hold, which Olivia Operator does not have');
    await shot('hold-release-refused');
    await page.getByTestId('release-user').fill('quinn.qa');
    await page.getByTestId('release-reason').fill('test weight was dirty; cleaned and re-tested');
    await page.getByTestId('release-pin').fill('3333');
    await shot('hold-release-dialog');
    await page.getByTestId('release-submit').click();
    await expect.poll(message).toBe('Hold on Equipment BAL-02 released');
    await expect.poll(() => page.getByTestId('holds-list').textContent()).toBe('None in force.');
    const [released] = records('hold.hold-released');
    expect(released!.payload).toMatchObject({ releasedBy: 'quinn.qa', signature: { signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', reason: 'test weight was dirty; cleaned and re-tested' } });
    // The deviation the tolerance override opened waits for two signatures, QA among them.
    expect(await page.getByTestId('deviations-list').textContent()).toMatch(/MEDIUM.*ORD-0001 · signed 0 of 2/);
    await shot('hold-released');
  });
});
