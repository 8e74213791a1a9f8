// The demo plant's recipe (DEMO-PLANT.md, v3) end to end through the kiosk execution core and its
// SQLite log: eleven steps, three people, the traps refused on the way, and a chain that verifies.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPlant, type MasterData } from '@lineside/domain';
import { importPublicKey, verifyChain } from '@lineside/sync-protocol/node';
import { createExecution, type Execution } from '../../apps/kiosk/src/core/execution/execution.js';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { parseStored } from '../../apps/kiosk/src/core/store/records.js';
import { openTestStore } from './support/kiosk-fixture.js';

const master: MasterData = demoPlant({ year: 2026, month: 11, day: 25 });
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'oscar.operator': '2222', 'max.maintenance': '4444', 'sam.supervisor': '5555' };
const verifiers = new Map<string, string>();
const ORDER = 'ORD-0001';
import { lotLabel as label } from '../support/demo-labels.js';

beforeAll(async () => {
  for (const [user, pin] of Object.entries(PINS)) verifiers.set(user, await makeVerifier(pin, 1024));
});
const stores: Array<ReturnType<typeof openTestStore>> = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.cleanup();
});

async function ok<T extends { ok: boolean }>(result: T | Promise<T>, what: string): Promise<T> {
  const value = await result;
  if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
  return value;
}

describe('demo order ORD-0001 on the kiosk core', () => {
  it('runs all eleven steps to a completed order, refusing each trap with its message', async () => {
    const store = openTestStore();
    stores.push(store);
    let n = 0;
    const ex: Execution = createExecution({
      db: store.db,
      log: store.log,
      clock: store.clock,
      newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
      masterData: () => master,
      masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
      stationId: () => 'DISP-1',
      verifiers: (userId) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
    });
    const step = (stepId: string) => ({ orderId: ORDER, stepId });
    const current = () => {
      const p = ex.progress(ORDER);
      return p.ok ? p.progress.step?.stepId : undefined;
    };

    // Morning checks by maintenance.
    await ok(ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }), 'login max');
    for (const [equipmentId, testWeightId, reading] of [['BAL-01', 'TW-200E2', '200.00010'], ['BAL-02', 'TW-5KF1', '5000.01'], ['BAL-04', 'TW-20KM1', '20.000']] as const) {
      await ok(ex.recordRoutineTest({ equipmentId, testWeightId, reading, stable: true, unit: ['BAL-03', 'BAL-04'].includes(equipmentId) ? 'kg' : 'g', entry: { kind: 'instrument', rawFrame: `(read from the balance) ${reading}` } }), equipmentId);
    }
    await ok(ex.recordPhCalibration({ equipmentId: 'PH-01', buffers: [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }] }), 'PH-01');

    // Olivia: steps 1–9.
    await ok(ex.login({ badgeOrUserId: '100001', pin: '1111' }), 'login olivia');
    await ok(ex.startOrder({ orderId: ORDER }), 'start order');
    await ok(ex.startStep(step('1')), '1');
    await ok(ex.acknowledgeInstruction(step('1')), 'ack 1');
    await ok(ex.sign({ ...step('1'), userId: 'olivia.operator', pin: '1111', meaning: 'performed' }), 'sign 1');
    await ok(ex.startStep(step('2')), '2');
    await ok(ex.confirmEquipmentStatus(step('2')), 'confirm 2');

    /** Scan, choose the balance, then per container: tare, put the material on, accept. */
    async function dispense(stepId: string, scan: string, balanceId: string, tare: string, nets: readonly string[], unit: string) {
      await ok(ex.startStep(step(stepId)), `start ${stepId}`);
      await ok(ex.scanLot({ ...step(stepId), scan }), `scan ${stepId}`);
      await ok(ex.selectBalance({ ...step(stepId), balanceId }), `balance ${stepId}`);
      for (const net of nets) {
        await ok(ex.recordTare({ ...step(stepId), reading: { value: tare, unit, stable: true }, source: 'reading-before-tare' }), `tare ${stepId}`);
        await ok(ex.acceptWeighing({ ...step(stepId), reading: { value: net, unit, stable: true } }), `weigh ${stepId}`);
      }
      await ok(ex.completeDispense(step(stepId)), `complete ${stepId}`);
    }

    // Step 3: BAL-03 and the expired and later-expiring lots are refused first.
    await ok(ex.startStep(step('3')), '3');
    expect(ex.selectBalance({ ...step('3'), balanceId: 'BAL-03' })).toMatchObject({ ok: false, message: 'Balance BAL-03 calibration expired on 2026-11-24 — weighing blocked' });
    expect(await ex.scanLot({ ...step('3'), scan: label('PCM-2399', '261031') })).toMatchObject({ ok: false, code: 'lot-expired' });
    expect(await ex.scanLot({ ...step('3'), scan: label('PCM-2402', '270930') })).toMatchObject({ ok: false, code: 'lot-not-first-expiry' });
    await ok(ex.scanLot({ ...step('3'), scan: label('PCM-2401', '270331') }), 'scan 3');
    await ok(ex.selectBalance({ ...step('3'), balanceId: 'BAL-04' }), 'BAL-04');
    for (const net of ['25.200', '25.203']) {
      await ok(ex.recordTare({ ...step('3'), reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }), 'tare 3');
      await ok(ex.acceptWeighing({ ...step('3'), reading: { value: net, unit: 'kg', stable: true } }), 'weigh 3');
    }
    await ok(ex.completeDispense(step('3')), 'complete 3');

    // Step 4: the quarantined MCC-119 is refused; 6.897 kg in two containers on BAL-02.
    await ok(ex.startStep(step('4')), '4');
    expect(await ex.scanLot({ ...step('4'), scan: 'MCC-119' })).toMatchObject({ ok: false, message: expect.stringMatching(/MCC-119.*quarantine/i) });
    await ok(ex.scanLot({ ...step('4'), scan: label('MCC-118', '280131') }), 'scan 4');
    await ok(ex.selectBalance({ ...step('4'), balanceId: 'BAL-02' }), 'BAL-02');
    for (const net of ['3500.00', '3397.00']) {
      await ok(ex.recordTare({ ...step('4'), reading: { value: '300.00', unit: 'g', stable: true }, source: 'reading-before-tare' }), 'tare 4');
      await ok(ex.acceptWeighing({ ...step('4'), reading: { value: net, unit: 'g', stable: true } }), 'weigh 4');
    }
    await ok(ex.completeDispense(step('4')), 'complete 4');
    expect(ex.orderState(ORDER)).toMatchObject({ steps: { '4': { phase: 'closed', target: { value: '6.89700' } } } });

    await dispense('5', label('PVP-077', '270630'), 'BAL-02', '300.00', ['1500.00'], 'g');
    // Step 6: CCS-031 on hold is refused.
    await ok(ex.startStep(step('6')), '6');
    expect(await ex.scanLot({ ...step('6'), scan: 'CCS-031' })).toMatchObject({ ok: false, message: expect.stringMatching(/CCS-031.*hold/i) });
    await ok(ex.scanLot({ ...step('6'), scan: label('CCS-032', '271231') }), 'scan 6');
    await ok(ex.selectBalance({ ...step('6'), balanceId: 'BAL-02' }), 'BAL-02 6');
    await ok(ex.recordTare({ ...step('6'), reading: { value: '300.00', unit: 'g', stable: true }, source: 'reading-before-tare' }), 'tare 6');
    await ok(ex.acceptWeighing({ ...step('6'), reading: { value: '1200.00', unit: 'g', stable: true } }), 'weigh 6');
    await ok(ex.completeDispense(step('6')), 'complete 6');
    await dispense('7', label('MGS-210', '270531'), 'BAL-02', '300.00', ['300.00'], 'g');
    await dispense('8', label('IOY-009', '290131'), 'BAL-01', '50.00000', ['12.50000'], 'g');
    await ok(ex.startStep(step('9')), '9');
    await ok(ex.recordPhMeasurement({ ...step('9'), meterId: 'PH-01', reading: { ph: '6.20', mv: '47.3', temperatureC: '22.0' }, stable: true }), 'pH 9');
    expect(current()).toBe('10');
    // Issue 12: every dispense and the pH step are complete, so no instrument is running any more (BAL-04,
    // BAL-02, BAL-01 and PH-01 used to stay "running" from their last reading to the end of the order, and BAL-03,
    // never used, in line-clearance setup).
    const lastState = new Map<string, unknown>();
    for (const r of store.records.after(0, 10_000).map(parseStored)) if (r.type === 'equipment.equipment-state-changed') lastState.set(String(r.payload['equipmentId']), r.payload['to']);
    expect(Object.fromEntries(lastState)).toEqual({ 'BAL-01': 'idle', 'BAL-02': 'idle', 'BAL-03': 'idle', 'BAL-04': 'idle', 'PH-01': 'idle' });
    // What step 10's verifier will see, from the records (issue 8 §1): every container of steps 3–8, and the pH.
    const atTen = ex.progress(ORDER);
    if (!atTen.ok) throw new Error(atTen.message);
    expect(atTen.progress.step?.verifies?.map((s) => [s.stepId, s.containers.length, s.total?.dispensed, s.total?.toleranceState])).toEqual([
      ['3', 2, '50.403', 'in'],
      ['4', 2, '6.89700', 'in'],
      ['5', 1, '1.50000', 'in'],
      ['6', 1, '1.20000', 'in'],
      ['7', 1, '0.30000', 'in'],
      ['8', 1, '12.50000', 'in'],
    ]);
    expect(atTen.progress.step?.verifies?.[0]?.containers[1]).toMatchObject({ gross: '26.703', tare: '1.500', net: '25.203', unit: 'kg', balanceId: 'BAL-04', lotId: 'PCM-2401', by: { name: 'Olivia Operator' } });
    expect(atTen.progress.phMeasurements).toMatchObject([{ stepId: '9', ph: '6.20', mv: '47.3', temperatureC: '22.0', low: '5.0', high: '7.0', result: 'within-limits', meterId: 'PH-01', outcome: 'Within 5.0–7.0: step 9 is complete.' }]);

    // Step 10: the second person verifies; Olivia, who did the work, may not.
    await ok(ex.login({ badgeOrUserId: '100002', pin: '2222' }), 'login oscar');
    await ok(ex.startStep(step('10')), '10');
    expect(await ex.sign({ ...step('10'), userId: 'olivia.operator', pin: '1111', meaning: 'verified' })).toMatchObject({ ok: false, code: 'signer-is-performer' });
    await ok(ex.sign({ ...step('10'), userId: 'oscar.operator', pin: '2222', meaning: 'verified' }), 'sign 10');

    // Step 11 and the order: the supervisor.
    await ok(ex.login({ badgeOrUserId: 'sam.supervisor', pin: '5555' }), 'login sam');
    await ok(ex.startStep(step('11')), '11');
    await ok(ex.sign({ ...step('11'), userId: 'sam.supervisor', pin: '5555', meaning: 'reviewed' }), 'sign 11');
    await ok(ex.completeOrder({ orderId: ORDER }), 'complete order');
    expect(ex.orderState(ORDER).status).toBe('completed');

    // Everything is in the signed log, and a restart folds to the same completed order.
    const all = store.records.after(0, 10_000).map(parseStored);
    expect(verifyChain(all, importPublicKey(store.key.publicKey)).ok).toBe(true);
    expect(all.filter((r) => r.type === 'order.weighing-recorded')).toHaveLength(8);
    // Derived operating-state records (issue 12) follow the acts: the last act is the completion.
    expect(all.filter((r) => r.type !== 'equipment.equipment-state-changed').at(-1)).toMatchObject({ type: 'order.order-completed', actor: { kind: 'user', userId: 'sam.supervisor' }, payload: { quantities: { dispensedSteps: 6, reweighs: 0, deviations: 0 } } });
    const again = createExecution({ db: store.db, log: store.log, clock: store.clock, newId: () => 'x', masterData: () => master, masterRefreshedAt: () => null, stationId: () => 'DISP-1', verifiers: () => null });
    expect(again.orderState(ORDER)).toEqual(ex.orderState(ORDER));
    // The records the screens show are folded from the same log: a restart shows the same pH.
    const before = ex.progress(ORDER);
    const after = again.progress(ORDER);
    expect(after.ok && after.progress.phMeasurements).toEqual(before.ok && before.progress.phMeasurements);
  });
});
