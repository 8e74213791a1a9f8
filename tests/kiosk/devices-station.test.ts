// A kiosk core with the booth's instruments on real ptys: three balances of three protocols, the
// Orion pH meter, a serial scanner, and a scanner whose port is missing. The step's balance drives
// the live weight, hardware scans reach scanLot, and the pH step records the meter's endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator, OrionStarSimulator, SerialScannerSimulator, startSimulator, type RunningSimulator } from '@lineside/device-drivers';
import type { WeightView } from '../../apps/kiosk/src/shared/api.js';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { requireTool } from '../support/tools.js';
import { enrolledDataDir, offlinePlant, recordsOfType, type Cleanups } from './support/station.js';

const skip = requireTool('socat');
const ORDER = 'ORD-0001';
const MISSING_PORT = '/dev/lineside-no-such-scanner';

describe.skipIf(skip !== undefined)(`kiosk core with several instruments${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let core: KioskCore;
  let bal01: MtSicsSimulator;
  let bal02: RunningSimulator;
  let bal04: RunningSimulator;
  let ph: OrionStarSimulator;
  let scanner: SerialScannerSimulator;
  const weights: WeightView[] = [];
  const step = (stepId: string) => ({ orderId: ORDER, stepId });
  const records = (type: string) => recordsOfType(core, type);

  async function ok<T extends { ok: boolean }>(result: Promise<T>, what: string): Promise<T> {
    const value = await result;
    if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
    return value;
  }

  /** Resolves with the first weight event after now that matches. */
  function nextWeight(balanceId: string, value: string): Promise<WeightView> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no stable ${value} from ${balanceId} within 10 s; last events: ${JSON.stringify(weights.slice(-3))}`));
      }, 10_000);
      const off = core.on((event, data) => {
        if (event !== 'weight') return;
        const view = data as WeightView;
        if (view.balanceId === balanceId && view.value === value && view.stable) {
          clearTimeout(timer);
          off();
          resolve(view);
        }
      });
    });
  }

  beforeAll(async () => {
    const plant = await offlinePlant({ 'olivia.operator': '1111', 'max.maintenance': '4444', 'quinn.qa': '3333' });
    bal01 = await MtSicsSimulator.start({ unit: 'g', capacity: '220.00000', decimals: 5, load: '0.00000', model: 'BAL-01' });
    cleanups.push(() => bal01.close());
    bal02 = await startSimulator({ driver: 'sartorius-sbi', unit: 'g', capacity: '6200.00', decimals: 2, load: '0.00', model: 'BAL-02' });
    cleanups.push(() => bal02.close());
    bal04 = await startSimulator({ driver: 'and', unit: 'kg', capacity: '150.000', decimals: 3, load: '0.000', model: 'BAL-04' });
    cleanups.push(() => bal04.close());
    ph = await OrionStarSimulator.start({ ph: '6.20', mV: '47.3', temperatureC: '22.0' });
    cleanups.push(() => ph.close());
    scanner = await SerialScannerSimulator.start();
    cleanups.push(() => scanner.close());

    const started = await startKioskCore({
      ...plant.options,
      dataDir: enrolledDataDir(cleanups, 'kiosk-devices'),
      balances: [
        { driver: 'mt-sics', path: bal01.path, balanceId: 'BAL-01' },
        { driver: 'sartorius-sbi', path: bal02.path, balanceId: 'BAL-02' },
        { driver: 'and', path: bal04.path, balanceId: 'BAL-04' },
      ],
      phMeters: [{ driver: 'orion-star', path: ph.path, meterId: 'PH-01' }],
      scanners: [
        { driver: 'scanner-serial', path: scanner.path, scannerId: 'SCN-01' },
        { driver: 'scanner-serial', path: MISSING_PORT, scannerId: 'SCN-09' },
      ],
    });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    cleanups.push(() => core.close());
    core.on((event, data) => event === 'weight' && weights.push(data as WeightView));
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('connects every instrument, and names the missing scanner port in plain words while the rest runs', async () => {
    await expect.poll(() => core.balances.map((b) => `${b.spec.balanceId} ${b.status().connection}`), { timeout: 10_000 }).toEqual(['BAL-01 connected', 'BAL-02 connected', 'BAL-04 connected']);
    const missing = core.scanners.find((s) => s.spec.scannerId === 'SCN-09')!;
    await expect.poll(() => missing.line().connection, { timeout: 10_000 }).toBe('disconnected');
    expect(missing.line().problem).toMatch(new RegExp(`^SCN-09: .*${MISSING_PORT}`));
    expect(core.phMeters.map((m) => m.address)).toEqual([`orion-star:${ph.path}`]);
    // Until a step chooses, the screen's balance is the first one given.
    expect((await core.dispatch('getState', {})).device).toMatchObject({ balanceId: 'BAL-01', connection: 'connected' });
  });

  it('weighs step 3 on BAL-04 from a serial scan: the live weight follows the chosen balance', async () => {
    await ok(core.dispatch('login', { badgeOrUserId: 'max.maintenance', pin: '4444' }), 'login max');
    // A connected balance is read, never typed: issue 8 §1 (5000.80 g typed while the pan held 4980.00 g).
    expect(await core.dispatch('recordSensitivityTest', { equipmentId: 'BAL-02', testWeightId: 'TW-5KF1', reading: '5000.80', stable: true, verifier: { userId: 'quinn.qa', pin: '3333' } })).toEqual({
      ok: false,
      code: 'balance-connected',
      message: 'BAL-02 is connected to this kiosk: put the test weight on and capture its reading instead of typing it',
    });
    expect(await core.dispatch('listRoutineChecks', {})).toMatchObject({ ok: true, items: expect.arrayContaining([expect.objectContaining({ equipmentId: 'BAL-02', entry: 'instrument' }), expect.objectContaining({ equipmentId: 'BAL-03', entry: 'manual' })]) });
    // The test weight goes on; the capture waits for the balance's own live stable reading.
    await ok(core.dispatch('showBalance', { balanceId: 'BAL-04' }), 'show BAL-04');
    bal04.control.setLoad('20.000');
    await nextWeight('BAL-04', '20.000');
    await ok(core.dispatch('captureSensitivityTest', { equipmentId: 'BAL-04', testWeightId: 'TW-20KM1' }), 'BAL-04 check');
    await ok(core.dispatch('showBalance', { balanceId: 'BAL-01' }), 'show BAL-01');
    bal01.setLoad('200.00010');
    await nextWeight('BAL-01', '200.00010');
    await ok(core.dispatch('captureSensitivityTest', { equipmentId: 'BAL-01', testWeightId: 'TW-200E2' }), 'BAL-01 check');
    await ok(core.dispatch('showBalance', { balanceId: 'BAL-02' }), 'show BAL-02');
    bal02.control.setLoad('4980.00');
    await nextWeight('BAL-02', '4980.00');
    // What the pan holds is what is recorded: 4980.00 g for 5000 g fails and holds BAL-02.
    await ok(core.dispatch('captureSensitivityTest', { equipmentId: 'BAL-02', testWeightId: 'TW-5KF1' }), 'BAL-02 failed check');
    const failed = records('equipment.routine-test-failed').at(-1);
    expect(failed?.payload).toMatchObject({ equipmentId: 'BAL-02', details: { reading: '4980.00', entry: 'instrument' } });
    expect((failed?.payload as { details: { rawFrame: string } }).details.rawFrame).toContain('4980.00');
    expect(records('equipment.routine-test-passed').map((r) => (r.payload as { equipmentId: string; details: { entry: string } }))).toMatchObject([
      { equipmentId: 'BAL-04', details: { entry: 'instrument' } },
      { equipmentId: 'BAL-01', details: { entry: 'instrument' } },
    ]);
    expect(records('equipment.routine-test-failed')).toHaveLength(1);
    // QA releases the hold; the right weight then passes.
    const hold = (await core.dispatch('listHolds', {})).find((h) => h.target === 'Equipment BAL-02');
    await ok(core.dispatch('releaseHold', { holdId: hold?.holdId ?? '', userId: 'quinn.qa', pin: '3333', reason: 'test weight was not centred; retest' }), 'release BAL-02');
    bal02.control.setLoad('5000.01');
    await nextWeight('BAL-02', '5000.01');
    await ok(core.dispatch('captureSensitivityTest', { equipmentId: 'BAL-02', testWeightId: 'TW-5KF1' }), 'BAL-02 check');
    bal04.control.setLoad('0.000');
    bal01.setLoad('0.00000');
    bal02.control.setLoad('0.00');
    await nextWeight('BAL-02', '0.00');
    const buffers = [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }];
    await ok(core.dispatch('recordPhCalibration', { equipmentId: 'PH-01', buffers }), 'PH-01 calibration');
    await ok(core.dispatch('login', { badgeOrUserId: '100001', pin: '1111' }), 'login olivia');
    await ok(core.dispatch('startOrder', { orderId: ORDER }), 'start');
    await ok(core.dispatch('startStep', step('1')), '1');
    await ok(core.dispatch('acknowledgeInstruction', step('1')), 'ack 1');
    await ok(core.dispatch('sign', { ...step('1'), userId: 'olivia.operator', pin: '1111', meaning: 'performed' }), 'sign 1');
    await ok(core.dispatch('startStep', step('2')), '2');
    await ok(core.dispatch('confirmEquipmentStatus', step('2')), 'confirm 2');
    await ok(core.dispatch('startStep', step('3')), '3');

    const scans: string[] = [];
    core.onScan((outcome) => scans.push(outcome.ok ? `${outcome.scannerId} → step ${outcome.stepId}` : `${outcome.scannerId}: ${outcome.message}`));
    // The expired lot first: refused with the domain's reason, nothing recorded for it.
    await scanner.scan('010950110154001917261031' + '10PCM-2399', ']C1');
    await expect.poll(() => scans.length, { timeout: 5_000 }).toBe(1);
    expect(scans[0]).toMatch(/^SCN-01: .*PCM-2399.*expired/i);
    await scanner.scan('010950110154001917270331' + '10PCM-2401', ']C1');
    await expect.poll(() => scans.length, { timeout: 5_000 }).toBe(2);
    expect(scans[1]).toBe('SCN-01 → step 3');
    expect(records('order.lot-scanned').map((r) => (r.payload as { lotId: string }).lotId)).toEqual(['PCM-2401']);

    bal04.control.setLoad('1.500');
    await ok(core.dispatch('selectBalance', { ...step('3'), balanceId: 'BAL-04' }), 'BAL-04');
    expect((await core.dispatch('getState', {})).device).toMatchObject({ balanceId: 'BAL-04' });
    await nextWeight('BAL-04', '1.500');
    await ok(core.dispatch('tareStep', step('3')), 'tare');
    bal04.control.setLoad('51.903');
    await nextWeight('BAL-04', '50.403');
    await ok(core.dispatch('acceptWeighing', step('3')), 'accept');
    // An overload right after (issue 8 §3): the 50.403 kg from before it is gone from the screen, and
    // Accept asks the balance itself and is refused for the overload, not offered the old reading.
    const bal04Station = core.balances.find((b) => b.spec.balanceId === 'BAL-04')!;
    bal04.control.setOverload();
    await expect.poll(() => bal04Station.status().problem, { timeout: 10_000 }).toMatch(/^BAL-04: .*(overload|out of range)/i);
    expect((await core.dispatch('getState', {})).weight).toBeNull();
    expect(await core.dispatch('acceptWeighing', step('3'))).toMatchObject({ ok: false, message: expect.stringMatching(/^BAL-04: .*(overload|out of range)/i) });
    bal04.control.setLoad('51.903');
    await nextWeight('BAL-04', '50.403');
    // While BAL-04 is chosen, BAL-01's readings never reach the screen.
    const since = weights.length;
    bal01.setLoad('12.34567');
    await nextWeight('BAL-04', '50.403');
    expect(weights.slice(since).every((w) => w.balanceId === 'BAL-04')).toBe(true);
    expect(records('order.weighing-recorded').at(-1)?.payload).toMatchObject({ balanceId: 'BAL-04', tare: '1.500', net: '50.403', lotId: 'PCM-2401' });
    await ok(core.dispatch('completeDispense', step('3')), 'complete 3');
  });

  it('records pH on step 9 from the Orion meter’s stable endpoint, and refuses typed values for a connected meter', async () => {
    await ok(core.dispatch('startStep', step('9')), '9');
    expect(await core.dispatch('recordPhMeasurement', { ...step('9'), meterId: 'PH-01', reading: { ph: '6.50', mv: '30.0', temperatureC: '22.0' }, stable: true })).toEqual({
      ok: false,
      code: 'ph-meter-connected',
      message: 'PH-01 is connected to this kiosk: read the meter instead of typing its values',
    });
    expect(await core.dispatch('capturePhMeasurement', { ...step('9'), meterId: 'PH-02' })).toMatchObject({ ok: false, code: 'ph-meter-not-connected', message: 'PH-02 is not connected to this kiosk (it has PH-01) — type the reading or connect PH-02' });
    await ok(core.dispatch('capturePhMeasurement', { ...step('9'), meterId: 'PH-01' }), 'capture pH');
    const recorded = records('order.ph-measured');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]?.payload).toMatchObject({ meterId: 'PH-01', ph: '6.20', mv: '47.3', temperatureC: '22.0', result: 'within-limits' });
    const progress = await core.dispatch('orderProgress', { orderId: ORDER });
    expect(progress.ok && progress.progress.steps.find((s) => s.stepId === '9')?.phase).toBe('closed');
  });
});
