// The kiosk's newer screens in real Chromium: daily balance check, pH calibration, FEFO override, holds.
// Real core + SQLite, a simulated floor scale on a pty (BAL-04), the demo plant.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MtSicsSimulator } from '@lineside/device-drivers';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from './support/built.js';
import { floorScaleStation, keypadLogin, logoutOf, recordsOfType, type Cleanups } from './support/station.js';
import { wedgeScan } from '../support/wedge-scan.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/execution');
const ORDER = 'ORD-0001';
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'quinn.qa': '3333', 'max.maintenance': '4444', 'sam.supervisor': '5555' };
/** GS1-128 as a wedge scanner types it: AIM ]C1, (01) GTIN, (17) expiry, (10) lot last. */
const label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

describe.skipIf(skip !== undefined)(`daily checks, FEFO override and hold release in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let sim: MtSicsSimulator;
  let core: KioskCore;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });
  const message = () => page.getByTestId('execution-message').textContent();
  const records = (type: string) => recordsOfType(core, type);
  const login = (user: string) => keypadLogin(page, user, PINS[user]!);
  const logout = () => logoutOf(page);

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(artifacts, { recursive: true });
    // BAL-01 and BAL-02 checked through the core; BAL-04 and PH-01 are checked on the Daily checks screen.
    ({ sim, core, page } = await floorScaleStation(cleanups, 'kiosk-screens', PINS, ['BAL-01', 'BAL-02']));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('daily check on the connected floor scale: live stable reading of TW-20KM1, PASSED in words', async () => {
    await page.getByTestId('nav-checks').click();
    await login('max.maintenance');
    // The wrong test weight is refused with the one the balance is tested with.
    sim.setLoad('20.000');
    await expect.poll(() => page.getByTestId('sensitivity-live').textContent(), { timeout: 10_000 }).toContain('20.000');
    // The connected balance is chosen; the screen says which weight goes on and what passes, before any reading.
    expect(await page.getByTestId('sensitivity-balance-BAL-04').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('sensitivity-balance-BAL-03').textContent()).toBe('BAL-03blocked');
    expect(await page.getByTestId('sensitivity-balance-BAL-02').textContent()).toBe('BAL-02ready');
    expect(await page.getByTestId('sensitivity-plan').textContent()).toBe('Put TW-20KM1 (20 kg, class M1) on the pan. Passes from 19.980 to 20.020 kg (20.000 ± 0.020 kg, 0.10 %).');
    await shot('daily-check-plan');
    // A connected balance is read, never typed: no reading field, no "Stable" toggle, one capture button.
    expect(await page.getByTestId('sensitivity-reading').count()).toBe(0);
    expect(await page.getByTestId('sensitivity-stable').count()).toBe(0);
    expect(await page.getByTestId('sensitivity-capture').textContent()).toBe('Capture reading');
    await page.getByTestId('sensitivity-weight').fill('TW-5KF1');
    await page.getByTestId('sensitivity-capture').click();
    await expect.poll(() => page.getByTestId('sensitivity-error').textContent(), { timeout: 10_000 }).toBe('Balance BAL-04 is tested with TW-20KM1, not TW-5KF1');
    await page.getByTestId('sensitivity-weight').fill('TW-20KM1');
    // The core takes the balance's next stable reading: the value the simulator has on its pan now.
    sim.setLoad('20.005');
    await expect.poll(() => page.getByTestId('sensitivity-live').textContent(), { timeout: 10_000 }).toContain('20.005');
    await page.getByTestId('sensitivity-capture').click();
    await expect.poll(() => page.getByTestId('sensitivity-result').textContent(), { timeout: 10_000 }).toBe('PASSED — BAL-04 may be used this shift.');
    await shot('daily-check-passed');
    const passed = records('equipment.routine-test-passed').find((r) => r.payload['equipmentId'] === 'BAL-04');
    expect(passed!.payload).toMatchObject({ equipmentId: 'BAL-04', test: 'balance-sensitivity', details: { testWeightId: 'TW-20KM1', reading: '20.005', entry: 'instrument' } });
    expect(String((passed!.payload['details'] as Record<string, unknown>)['rawFrame'])).toContain('20.005');
    expect((await page.getByTestId('sensitivity-capture').boundingBox())!.height).toBeGreaterThanOrEqual(48);
  });

  it('pH calibration with buffers 4.01 / 7.00 / 10.01: a Nernstian set PASSES, an offset of +40 mV FAILS and holds PH-01', async () => {
    // The meter's calibration is due this shift; the screen says which buffers and what passes.
    expect(await page.getByTestId('phcal-meter-PH-01').textContent()).toBe('PH-01test due');
    expect(await page.getByTestId('phcal-plan').textContent()).toBe('Buffers 4.01, 7.00, 10.01 in this order; type the mV at a stable endpoint. Passes with slope 95–105 % and offset within ±30 mV.');
    for (const [ph, mv] of [['4.01', '177.0'], ['7.00', '0.0'], ['10.01', '-178.0']] as const) await page.getByTestId(`phcal-mv-${ph}`).fill(mv);
    await page.getByTestId('phcal-record').click();
    await expect.poll(() => page.getByTestId('phcal-result').textContent()).toBe('PASSED — PH-01 may be used this shift.');
    await shot('ph-calibration-passed');
    for (const [ph, mv] of [['4.01', '217.0'], ['7.00', '40.0'], ['10.01', '-138.0']] as const) await page.getByTestId(`phcal-mv-${ph}`).fill(mv);
    await page.getByTestId('phcal-record').click();
    await expect.poll(() => page.getByTestId('phcal-result').getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('phcal-result').textContent()).toMatch(/^FAILED — pH meter PH-01 failed buffer calibration: .*offset 40(\.0+)? mV is outside ±30 mV.*PH-01 is on hold until QA releases it\.$/);
    await shot('ph-calibration-failed');
    expect(records('equipment.routine-test-failed').map((r) => r.payload['equipmentId'])).toEqual(['PH-01']);
    await expect.poll(() => page.getByTestId('phcal-meter-PH-01').textContent()).toBe('PH-01blocked');
  });

  it('FEFO: scanning PCM-2402 before PCM-2401 is refused; the override needs a reason and a second person', async () => {
    await logout();
    await page.getByTestId('nav-execution').click();
    await login('olivia.operator');
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
    await expect.poll(() => page.getByTestId('balance-BAL-04').getAttribute('class')).toContain('chosen');
    // A keyboard-wedge scanner typing outside any field: the core reads the label, FEFO refuses it, and
    // the override is offered for the lot the scanner read (the screen never saw it as text).
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await wedgeScan(page, label('09501101540019', '270930', 'PCM-2402'));
    await expect.poll(message).toMatch(/^Lot PCM-2402 expires after lot PCM-2401 .* first-expiry-first-out asks for PCM-2401/);
    await expect.poll(() => page.getByTestId('fefo-override').isVisible()).toBe(true);
    await shot('fefo-refused-wedge-scan');
    // The same label typed into the Lot field is refused the same way.
    const scan = page.getByTestId('scan-input');
    await scan.fill(label('09501101540019', '270930', 'PCM-2402'));
    await scan.press('Enter');
    await expect.poll(message).toMatch(/^Lot PCM-2402 expires after lot PCM-2401 .* first-expiry-first-out asks for PCM-2401/);
    expect(await page.getByTestId('scanned-lots').textContent()).toBe('none scanned');
    await page.getByTestId('fefo-override').click();
    expect(await page.getByTestId('fefo-dialog').textContent()).toContain('first-expiry-first-out asks for PCM-2401');
    await page.getByTestId('fefo-user').fill('olivia.operator');
    await page.getByTestId('fefo-reason').fill('PCM-2401 container damaged');
    await page.getByTestId('fefo-pin').fill('1111');
    await page.getByTestId('fefo-submit').click();
    await expect.poll(() => page.getByTestId('fefo-error').textContent()).toMatch(/^Olivia Operator cannot countersign their own override/);
    await page.getByTestId('fefo-user').fill('sam.supervisor');
    await page.getByTestId('fefo-pin').fill('5555');
    await shot('fefo-override-dialog');
    await page.getByTestId('fefo-submit').click();
    await expect.poll(() => page.getByTestId('scanned-lots').textContent()).toBe('PCM-2402');
    expect(await message()).toBe('Lot accepted with FEFO override');
    expect(await page.getByTestId('fefo-dialog').count()).toBe(0);
    await shot('fefo-override-accepted');
    const [scanned] = records('order.lot-scanned');
    expect(scanned!.payload).toMatchObject({ lotId: 'PCM-2402', fefoOverride: { reason: 'PCM-2401 container damaged', firstExpiryLotId: 'PCM-2401', signature: { signerId: 'sam.supervisor' } } });
  });

  it('a failed daily check of BAL-02 (typed reading, 0.2 % off) says FAILED with the error and its limit', async () => {
    await logout();
    await page.getByTestId('nav-checks').click();
    await login('max.maintenance');
    await page.getByTestId('sensitivity-balance-BAL-02').click();
    expect(await page.getByTestId('sensitivity-plan').textContent()).toBe('Put TW-5KF1 (5 kg, class F1) on the pan. Passes from 4995.00 to 5005.00 g (5000.00 ± 5.00 g, 0.10 %).');
    // BAL-02 has no interface here: its display is typed, and a second person verifies it.
    expect(await page.getByTestId('sensitivity-capture').count()).toBe(0);
    await page.getByTestId('sensitivity-weight').fill('TW-5KF1');
    await page.getByTestId('sensitivity-reading').fill('5010.00');
    const verify = async (user: string) => {
      await page.getByTestId('sensitivity-verifier-user').fill(user);
      await page.getByTestId('sensitivity-verifier-pin').fill(PINS[user]!);
    };
    // The performer cannot verify their own typing.
    await verify('max.maintenance');
    await page.getByTestId('sensitivity-record').click();
    await expect.poll(() => page.getByTestId('sensitivity-error').textContent()).toBe('Max Maintenance typed the reading of BAL-02 and cannot also verify it — a second person must');
    // Not yet stable: the domain refuses rather than judging a moving reading.
    await verify('sam.supervisor');
    await page.getByTestId('sensitivity-record').click();
    await expect.poll(() => page.getByTestId('sensitivity-error').textContent()).toBe('The reading of TW-5KF1 on BAL-02 is not stable — wait for the stable indicator');
    await page.getByTestId('sensitivity-stable').click();
    await verify('sam.supervisor');
    await shot('daily-check-typed-verified');
    await page.getByTestId('sensitivity-record').click();
    await expect.poll(() => page.getByTestId('sensitivity-result').getAttribute('data-passed')).toBe('false');
    expect(await page.getByTestId('sensitivity-result').textContent()).toMatch(/^FAILED — Balance BAL-02 failed its sensitivity test: 5010\.00 g for TW-5KF1 .* beyond ±.* g\. BAL-02 is on hold until QA releases it\.$/);
    await shot('daily-check-failed');
    const failed = records('equipment.routine-test-failed').find((r) => r.payload['equipmentId'] === 'BAL-02');
    expect(failed!.payload).toMatchObject({ equipmentId: 'BAL-02', test: 'balance-sensitivity', details: { testWeightId: 'TW-5KF1', reading: '5010.00', entry: 'manual' } });
    // Another balance starts from an empty form: BAL-02's weight, reading and flags do not carry over.
    await page.getByTestId('sensitivity-balance-BAL-01').click();
    expect(await page.getByTestId('sensitivity-weight').inputValue()).toBe('');
    expect(await page.getByTestId('sensitivity-reading').inputValue()).toBe('');
    expect(await page.getByTestId('sensitivity-stable').getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('sensitivity-result').count()).toBe(0);
    await page.getByTestId('nav-execution').click();
  });

  it('(5) hold release: the maintenance tech who failed the check is refused; QA releases once, the same QA signing it again is refused', async () => {
    await expect.poll(() => page.getByTestId('holds-list').textContent(), { timeout: 20_000 }).toContain('Equipment BAL-02');
    await page.getByTestId('release-Equipment-BAL-02').click();
    await page.getByTestId('release-user').fill('max.maintenance');
    await page.getByTestId('release-reason').fill('re-tested myself');
    await page.getByTestId('release-pin').fill('4444');
    await page.getByTestId('release-submit').click();
    await expect.poll(() => page.getByTestId('release-error').textContent()).toBe('Releasing the hold on Equipment BAL-02 needs permission release-hold, which Max Maintenance does not have');
    await shot('hold-release-maintenance-refused');
    await page.getByTestId('release-user').fill('quinn.qa');
    await page.getByTestId('release-reason').fill('test weight was dirty; cleaned and re-tested');
    await page.getByTestId('release-pin').fill('3333');
    await page.getByTestId('release-submit').click();
    await expect.poll(message).toBe('Hold on Equipment BAL-02 released');
    await expect.poll(() => page.getByTestId('holds-list').textContent()).not.toContain('BAL-02');
    // Quinn signing the same release a second time (a stale screen, a double tap) is refused by the core.
    const [hold] = records('hold.hold-released');
    const again = await core.execution.releaseHold({ holdId: String(hold!.payload['holdId']), userId: 'quinn.qa', pin: '3333', reason: 'again' });
    expect(again).toMatchObject({ ok: false, code: 'hold-not-active' });
    expect(records('hold.hold-released')).toHaveLength(1);
    await shot('hold-released-by-qa');
  });

  it('(5) two people release a lot hold: Quinn placing it, then signing as both people, is refused; Sam verifies', async () => {
    await logout();
    await login('quinn.qa');
    await page.getByTestId('hold-place').click();
    await page.getByTestId('hold-kind-lot').click();
    await page.getByTestId('hold-id').fill('CCS-032');
    await page.getByTestId('hold-reason').fill('supplier complaint: torn inner liner');
    await shot('hold-place-dialog');
    await page.getByTestId('hold-submit').click();
    await expect.poll(message).toBe('Lot CCS-032 placed on hold');
    await expect.poll(() => page.getByTestId('holds-list').textContent()).toContain('Lot CCS-032 — supplier complaint: torn inner liner · release needs two people');
    expect(records('hold.hold-placed').at(-1)!.payload).toMatchObject({ target: { kind: 'lot', id: 'CCS-032' }, source: 'qa', placedBy: 'quinn.qa' });

    await page.getByTestId('release-Lot-CCS-032').click();
    expect(await page.getByTestId('release-second').textContent()).toContain('Second person (QA or supervisor) — meaning verified');
    await page.getByTestId('release-user').fill('quinn.qa');
    await page.getByTestId('release-reason').fill('complaint closed: liner intact on inspection');
    await page.getByTestId('release-pin').fill('3333');
    // The submit waits for both people.
    expect(await page.getByTestId('release-submit').isDisabled()).toBe(true);
    await page.getByTestId('release-second-user').fill('quinn.qa');
    await page.getByTestId('release-second-pin').fill('3333');
    await page.getByTestId('release-submit').click();
    await expect
      .poll(() => page.getByTestId('release-error').textContent())
      .toBe('Quinn QA cannot give both signatures of releasing the hold on Lot CCS-032: a two-person rule needs two different people');
    await shot('hold-release-same-person-twice-refused');
    expect(records('hold.hold-released')).toHaveLength(1);
    await page.getByTestId('release-pin').fill('3333');
    await page.getByTestId('release-second-user').fill('sam.supervisor');
    await page.getByTestId('release-second-pin').fill('5555');
    await shot('hold-release-two-people');
    await page.getByTestId('release-submit').click();
    await expect.poll(message).toBe('Hold on Lot CCS-032 released');
    await expect.poll(() => page.getByTestId('holds-list').textContent()).not.toContain('CCS-032');
    const released = records('hold.hold-released');
    expect(released).toHaveLength(2);
    expect(released[1]!.payload).toMatchObject({ releasedBy: 'quinn.qa', signature: { signerId: 'quinn.qa', meaning: 'released' }, secondSignature: { signerId: 'sam.supervisor', meaning: 'verified' } });
  });
  it('deviation entry on the running order, and its close by two different people, QA among them', async () => {
    // Quinn is logged in from the test before; the order is under way at step 3.
    await page.getByTestId('deviation-report').click();
    expect(await page.getByTestId(`deviation-order-${ORDER}`).getAttribute('class')).toContain('chosen');
    await page.getByTestId('deviation-severity-high').click();
    await page.getByTestId('deviation-title').fill('Booth pressure alarm');
    await page.getByTestId('deviation-submit').click();
    await expect.poll(() => page.getByTestId('deviation-error').textContent()).toMatch(/description/i);
    await page.getByTestId('deviation-description').fill('DISP-1 lost negative pressure for 4 minutes during step 3');
    await shot('deviation-report-dialog');
    await page.getByTestId('deviation-submit').click();
    await expect.poll(message).toBe('Deviation recorded');
    await expect.poll(() => page.getByTestId('deviations-list').textContent()).toBe(`HIGH Booth pressure alarm · ${ORDER} · signed 0 of 2Sign (QA / supervisor)`);
    const [opened] = records('deviation.deviation-opened');
    expect(opened!.payload).toMatchObject({ severity: 'high', orderId: ORDER, title: 'Booth pressure alarm' });
    const id = String(opened!.payload['deviationId']);

    const sign = async (user: string, meaning: 'reviewed' | 'approved') => {
      await page.getByTestId(`deviation-sign-${id}`).click();
      await page.getByTestId(`devsign-meaning-${meaning}`).click();
      await page.getByTestId('devsign-user').fill(user);
      await page.getByTestId('devsign-pin').fill(PINS[user]!);
      await page.getByTestId('devsign-submit').click();
    };
    await sign('quinn.qa', 'reviewed');
    await expect.poll(() => page.getByTestId('deviations-list').textContent()).toContain('signed 1 of 2');
    await sign('quinn.qa', 'approved');
    await expect.poll(() => page.getByTestId('devsign-error').textContent()).toBe('Quinn QA already signed deviation “Booth pressure alarm”; another person must sign');
    await shot('deviation-same-person-refused');
    await page.getByTestId('devsign-user').fill('sam.supervisor');
    await page.getByTestId('devsign-pin').fill('5555');
    await page.getByTestId('devsign-submit').click();
    await expect.poll(() => page.getByTestId('deviations-list').textContent()).toBe('None open.');
    expect(records('deviation.deviation-closed')).toHaveLength(1);
  });
});
