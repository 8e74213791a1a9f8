import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPlant, type MasterData } from '@lineside/domain';
import { createExecution, type Execution } from '../../apps/kiosk/src/core/execution/execution.js';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { parseStored } from '../../apps/kiosk/src/core/store/records.js';
import { openDatabase } from '../../apps/kiosk/src/core/store/db.js';
import { manualClock, openTestStore } from './support/kiosk-fixture.js';

// Local time 09:00+01:00 on 2026-11-25: the early shift of the demo plant's day.
const master: MasterData = demoPlant({ year: 2026, month: 11, day: 25 });
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'oscar.operator': '2222', 'quinn.qa': '3333', 'max.maintenance': '4444', 'sam.supervisor': '5555' };
const verifiers = new Map<string, string>();
const ORDER = 'ORD-0001';

/** A label as a GS1-128 scanner delivers it: (01) GTIN, (17) expiry, (10) lot last so it needs no separator. */
const label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

beforeAll(async () => {
  // Cheap scrypt cost for tests; the format and the check are the production ones.
  for (const [user, pin] of Object.entries(PINS)) verifiers.set(user, await makeVerifier(pin, 1024));
});

const stores: Array<ReturnType<typeof openTestStore>> = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.cleanup();
});

function open(clock = manualClock()) {
  const store = openTestStore({ clock });
  stores.push(store);
  return { store, execution: executionOn(store) };
}

function executionOn(store: ReturnType<typeof openTestStore>, autoLockMs?: number): Execution {
  let n = 0;
  return createExecution({
    db: store.db,
    log: store.log,
    clock: store.clock,
    newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
    masterData: () => master,
    masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
    stationId: () => store.identity.get()?.stationId ?? null,
    verifiers: (userId) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
    ...(autoLockMs !== undefined ? { autoLockMs } : {}),
  });
}

async function ok<T extends { ok: boolean }>(result: T | Promise<T>): Promise<Extract<T, { ok: true }>> {
  const value = await result;
  if (!value.ok) throw new Error(`expected ok, got ${JSON.stringify(value)}`);
  return value as Extract<T, { ok: true }>;
}

/** Morning checks by maintenance, then Olivia through steps 1 and 2 of the demo order. */
async function throughStep2(execution: Execution) {
  await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
  await ok(execution.recordRoutineTest({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '(read from the balance) 200.00010' } }));
  await ok(execution.recordRoutineTest({ equipmentId: 'BAL-02', testWeightId: 'TW-5KF1', reading: '5000.01', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '(read from the balance) 5000.01' } }));
  await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
  await ok(execution.startOrder({ orderId: ORDER }));
  await ok(execution.startStep({ orderId: ORDER, stepId: '1' }));
  await ok(execution.acknowledgeInstruction({ orderId: ORDER, stepId: '1' }));
  expect(await execution.sign({ orderId: ORDER, stepId: '1', userId: 'olivia.operator', pin: '1111', meaning: 'performed' })).toEqual({ ok: true, signed: true, awaiting: 0 });
  await ok(execution.startStep({ orderId: ORDER, stepId: '2' }));
  await ok(execution.confirmEquipmentStatus({ orderId: ORDER, stepId: '2' }));
}

describe('execution core on the kiosk log', () => {
  it('logs in by badge and PIN, and locks a user out after three wrong PINs, recorded as signer events', async () => {
    const { store, execution } = open();
    // One sentence for every failure: a wrong PIN, an unknown badge and an unknown id read the same (issue 9 §5).
    const failed = { ok: false, code: 'login-failed', message: 'Badge or user id and PIN do not match an active user — try again' };
    expect(await execution.login({ badgeOrUserId: '100002', pin: '0000' })).toEqual(failed);
    await execution.login({ badgeOrUserId: 'oscar.operator', pin: '0001' });
    expect(await execution.login({ badgeOrUserId: '100002', pin: '0002' })).toEqual(failed);
    expect(await execution.login({ badgeOrUserId: '999999', pin: '1' })).toEqual(failed);
    expect(await execution.login({ badgeOrUserId: 'nobody.here', pin: '1' })).toEqual(failed);
    // A wrong PIN on the locked user still says nothing; the right one tells who, since when and what to do.
    expect(await execution.login({ badgeOrUserId: '100002', pin: '9999' })).toEqual(failed);
    const locked = await execution.login({ badgeOrUserId: '100002', pin: '2222' });
    expect(locked).toMatchObject({
      ok: false,
      code: 'signer-locked-out',
      lockout: { userId: 'oscar.operator', printedName: 'Oscar Operator', since: expect.stringMatching(/^2026-11-25T09:00:00\.000\+01:00$/), remedy: 'Ask QA or an administrator to unlock you at this kiosk (Unlock user).' },
    });
    expect(!locked.ok && locked.message).toContain('Oscar Operator is locked out since 2026-11-25T09:00:00.000+01:00');
    const types = store.records.after(0, 50).map((r) => r.type);
    expect(types).toEqual(['signer.signature-failed', 'signer.signature-failed', 'signer.signature-failed', 'signer.signer-locked-out']);
    // The lockout survives a restart: the fold rebuilds it from the log.
    expect(executionOn(store).signerState('oscar.operator').status).toBe('locked-out');

    const session = await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(session.session).toMatchObject({ userId: 'olivia.operator', printedName: 'Olivia Operator', roles: ['operator'] });
    const loggedIn = parseStored(store.records.last()!);
    expect(loggedIn).toMatchObject({ type: 'session.logged-in', payloadSchema: 'session.logged-in@1', actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' } });
  });

  it('locks the session after the inactivity time', async () => {
    const clock = manualClock();
    const store = openTestStore({ clock });
    stores.push(store);
    const execution = executionOn(store, 60_000);
    await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    clock.advance(30_000);
    expect(execution.listOrders()).toMatchObject({ ok: true });
    await ok(execution.startOrder({ orderId: ORDER }));
    clock.advance(60_001);
    expect(execution.session()).toBeNull();
    expect(execution.startStep({ orderId: ORDER, stepId: '1' })).toMatchObject({ ok: false, code: 'not-logged-in' });
    // The end of the session is on the record, once, with its cause.
    const ends = store.records.after(0, 50).map(parseStored).filter((r) => r.type === 'session.logged-out');
    expect(ends.map((r) => r.payload)).toEqual([expect.objectContaining({ userId: 'olivia.operator', reason: 'inactivity' })]);
    await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    expect(execution.logout()).toEqual({ ok: true });
    const causes = store.records.after(0, 50).map(parseStored).filter((r) => r.type === 'session.logged-out').map((r) => [r.payload['userId'], r.payload['reason']]);
    expect(causes).toEqual([['olivia.operator', 'inactivity'], ['olivia.operator', 'another-user'], ['max.maintenance', 'logout']]);
  });

  it('refuses BAL-03, the expired lot, the wrong material and the FEFO skip at step 3 with the domain’s words', async () => {
    const { store, execution } = open();
    await throughStep2(execution);
    await ok(execution.startStep({ orderId: ORDER, stepId: '3' }));

    const bal03 = execution.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-03' });
    expect(bal03).toEqual({ ok: false, code: 'equipment-calibration-expired', message: 'Balance BAL-03 calibration expired on 2026-11-24 — weighing blocked' });

    const expired = await execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '261031', 'PCM-2399') });
    expect(expired).toMatchObject({ ok: false, code: 'lot-expired' });
    expect(!expired.ok && expired.message).toMatch(/PCM-2399.*expired/);

    const wrong = await execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540026', '280131', 'MCC-118') });
    expect(wrong).toMatchObject({ ok: false, code: 'lot-wrong-material', message: 'Lot MCC-118 is Microcrystalline cellulose PH-101, not Paracetamol — wrong material' });

    const fefo = await execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '270930', 'PCM-2402') });
    expect(fefo).toMatchObject({ ok: false, code: 'lot-not-first-expiry' });

    const unreadable = await execution.scanLot({ orderId: ORDER, stepId: '3', scan: ']C1010950110154001810PCM-2401' });
    expect(unreadable).toMatchObject({ ok: false, code: 'scan-bad-check-digit' });

    const before = store.log.head().seq;
    await ok(execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '270331', 'PCM-2401') }));
    // Refused scans left nothing in the log; the accepted one is one record by Olivia.
    const added = store.records.after(before, 10).map(parseStored).filter((r) => r.type !== 'equipment.equipment-state-changed'); // the derived running state (issue 12) follows
    expect(added.map((r) => r.type)).toEqual(['order.lot-scanned']);
    expect(added[0]).toMatchObject({ actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' }, payload: { lotId: 'PCM-2401', materialId: 'PCM' } });
    expect(execution.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { stepId: '3', lots: ['PCM-2401'], target: null } } });
  });

  it('weighs on BAL-04 with gross, tare and net, and resumes at the same step after the database is reopened', async () => {
    const clock = manualClock();
    const { store, execution } = open(clock);
    await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    await ok(execution.recordRoutineTest({ equipmentId: 'BAL-04', testWeightId: 'TW-20KM1', reading: '20.000', stable: true, unit: 'kg', entry: { kind: 'instrument', rawFrame: '(read from the balance) 20.000' } }));
    await throughStep2(execution);
    await ok(execution.startStep({ orderId: ORDER, stepId: '3' }));
    await ok(execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '270331', 'PCM-2401') }));
    expect(execution.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true } })).toMatchObject({ ok: false, code: 'no-balance-selected' });
    await ok(execution.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-04' }));
    await ok(execution.recordTare({ orderId: ORDER, stepId: '3', reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
    expect(execution.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: false } })).toMatchObject({ ok: false });
    const before = store.log.head().seq;
    await ok(execution.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true, raw: 'ST,+0025.200  kg' } }));
    // The first weighing fixes the potency-adjusted target: both events in one transaction.
    const added = store.records.after(before, 10).map(parseStored).filter((r) => r.type !== 'equipment.equipment-state-changed'); // the derived running state (issue 12) follows
    expect(added.map((r) => r.type)).toEqual(['order.dispense-target-set', 'order.weighing-recorded']);
    expect(added[0]!.payload).toMatchObject({ target: '50.403', lower: '50.155', upper: '50.655', unit: 'kg' });
    const weighing = added[1]!;
    expect(weighing).toMatchObject({ type: 'order.weighing-recorded', subject: { order: ORDER } });
    expect(weighing.payload).toMatchObject({ balanceId: 'BAL-04', lotId: 'PCM-2401', gross: '26.700', tare: '1.500', net: '25.200', containerNo: 1, toleranceState: 'under' });

    // Completing with half the target is refused: under tolerance blocks.
    expect(await execution.completeDispense({ orderId: ORDER, stepId: '3' })).toMatchObject({ ok: false });

    // A restart is a fresh fold of the same SQLite file.
    const file = `${store.dir}/kiosk.sqlite`;
    store.db.close();
    const reopened = openDatabase(file);
    try {
      const again = createExecution({
        db: reopened,
        log: { append: () => ({ ok: false, code: 'not-enrolled', message: 'read only' }), head: () => ({ seq: 0, hash: '' }) } as never,
        clock,
        newId: () => 'x',
        masterData: () => master,
        masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
        stationId: () => 'DISP-1',
        verifiers: () => null,
      });
      const view = again.progress(ORDER);
      expect(view).toMatchObject({ ok: true, progress: { order: { status: 'running' }, step: { stepId: '3', phase: 'in-progress', containers: 1, dispensed: '25.200', lots: ['PCM-2401'], next: { stepId: '4' } } } });
      expect(again.session()).toBeNull();
    } finally {
      reopened.close();
    }
  });
});

describe('holds on the kiosk', () => {
  it('a failed daily check puts BAL-02 on hold; only QA releases it, with PIN, meaning "released" and a reason', async () => {
    const { store, execution } = open();
    await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    // 5010.00 g on the 5 kg weight is 0.2 % off, beyond the ±0.10 % of the test.
    await ok(execution.recordRoutineTest({ equipmentId: 'BAL-02', testWeightId: 'TW-5KF1', reading: '5010.00', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '(read from the balance) 5010.00' } }));
    expect(store.records.after(0, 50).map((r) => r.type).filter((t) => t !== 'equipment.equipment-state-changed').slice(-2)).toEqual(['equipment.routine-test-failed', 'equipment.hold-placed']);
    const [hold] = execution.listHolds();
    expect(hold).toMatchObject({ target: 'Equipment BAL-02' });
    expect(execution.selectBalance({ orderId: ORDER, stepId: '5', balanceId: 'BAL-02' })).toMatchObject({ ok: false, message: expect.stringMatching(/BAL-02.*hold/i) });

    // An operator cannot release it, even with her own correct PIN.
    await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    const byOperator = await execution.releaseHold({ holdId: hold!.holdId, userId: 'olivia.operator', pin: '1111', reason: 'weights cleaned' });
    expect(byOperator).toMatchObject({ ok: false, code: 'signer-lacks-permission' });
    expect(await execution.releaseHold({ holdId: hold!.holdId, userId: 'quinn.qa', pin: '9999', reason: 'weights cleaned' })).toMatchObject({ ok: false, code: 'pin-wrong', message: 'Wrong PIN for Quinn QA (1 of 3 attempts before lockout)' });
    expect(await execution.releaseHold({ holdId: hold!.holdId, userId: 'quinn.qa', pin: '3333', reason: '' })).toMatchObject({ ok: false, code: 'hold-reason-missing' });
    expect(await execution.releaseHold({ holdId: hold!.holdId, userId: 'quinn.qa', pin: '3333', reason: 'test weight was dirty; re-test passed' })).toMatchObject({ ok: true });
    // The release is followed by BAL-02's derived state, back to idle (issue 12).
    const [released, idle] = store.records.after(0, 100).slice(-2).map(parseStored) as [ReturnType<typeof parseStored>, ReturnType<typeof parseStored>];
    expect(idle).toMatchObject({ type: 'equipment.equipment-state-changed', payload: { equipmentId: 'BAL-02', from: 'down', to: 'idle' } });
    expect(released).toMatchObject({ type: 'hold.hold-released', subject: { hold: hold!.holdId }, actor: { kind: 'user', userId: 'quinn.qa', printedName: 'Quinn QA' } });
    expect(released.payload).toMatchObject({ releasedBy: 'quinn.qa', reason: 'test weight was dirty; re-test passed', signature: { signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', components: 'id-and-secret' } });
    expect(execution.listHolds()).toEqual([]);
    // The successful signing ended Quinn's run of failures.
    expect(execution.signerState('quinn.qa')).toEqual({ status: 'active', userId: 'quinn.qa', consecutiveFailures: 0 });
    // A restart folds the release too: no hold, and the balance refusal is no longer about a hold.
    const again = executionOn(store);
    expect(again.listHolds()).toEqual([]);
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    const after = again.selectBalance({ orderId: ORDER, stepId: '5', balanceId: 'BAL-02' });
    expect(!after.ok && after.message).not.toMatch(/hold/i);
  });
});

describe('holds placed by QA at the kiosk', () => {
  it('an order hold stops the order; its release takes two different people, and survives a restart', async () => {
    const { store, execution } = open();
    await throughStep2(execution);
    // Olivia may not place a hold; Quinn may, with a reason, on an order the master data knows.
    expect(execution.placeHold({ kind: 'order', id: ORDER, reason: 'label check' })).toMatchObject({ ok: false, code: 'hold-not-permitted', message: 'Olivia Operator may not place a hold (QA or supervisor only)' });
    await ok(execution.login({ badgeOrUserId: 'quinn.qa', pin: '3333' }));
    expect(execution.placeHold({ kind: 'lot', id: 'NOPE-9', reason: 'x' })).toMatchObject({ ok: false, code: 'hold-target-unknown', message: 'Lot NOPE-9 is not in the master data' });
    const placed = await ok(execution.placeHold({ kind: 'order', id: ORDER, reason: 'wrong label stock issued to the line' }));
    expect(parseStored(store.records.last()!)).toMatchObject({ type: 'hold.hold-placed', subject: { hold: placed.holdId }, actor: { userId: 'quinn.qa' }, payload: { target: { kind: 'order', id: ORDER }, source: 'qa', placedBy: 'quinn.qa' } });
    expect(execution.listHolds()).toEqual([{ holdId: placed.holdId, kind: 'order', target: `Order ${ORDER}`, reason: 'wrong label stock issued to the line', signaturesRequired: 2 }]);

    // The order stands still while held.
    await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(execution.startStep({ orderId: ORDER, stepId: '3' })).toMatchObject({ ok: false, code: 'order-on-hold', message: `Order ${ORDER} is on hold — QA must release it before work continues` });

    // Two signatures in the demo plant: Quinn twice is refused, and nothing is recorded.
    const before = store.records.last()!.seq;
    const twice = await execution.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'correct stock issued', second: { userId: 'quinn.qa', pin: '3333' } });
    expect(twice).toEqual({ ok: false, code: 'signer-same-person-twice', message: `Quinn QA cannot give both signatures of releasing the hold on Order ${ORDER}: a two-person rule needs two different people` });
    expect(await execution.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'correct stock issued' })).toMatchObject({ ok: false, code: 'signature-missing' });
    expect(await execution.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'correct stock issued', second: { userId: 'sam.supervisor', pin: '0000' } })).toMatchObject({ ok: false, code: 'pin-wrong', message: 'Wrong PIN for Sam Supervisor (1 of 3 attempts before lockout)' });
    expect(store.records.after(before, 50).map((r) => r.type)).toEqual(['signer.signature-failed']);
    await ok(execution.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'correct stock issued', second: { userId: 'sam.supervisor', pin: '5555' } }));
    expect(parseStored(store.records.last()!).payload).toMatchObject({
      releasedBy: 'quinn.qa',
      signature: { signerId: 'quinn.qa', meaning: 'released', components: 'id-and-secret' },
      secondSignature: { signerId: 'sam.supervisor', printedName: 'Sam Supervisor', meaning: 'verified', components: 'id-and-secret' },
    });
    expect(execution.listHolds()).toEqual([]);
    await ok(execution.startStep({ orderId: ORDER, stepId: '3' }));

    // A restart folds the QA hold and its release onto the order: step 3 is under way, not held.
    const again = executionOn(store);
    expect(again.listHolds()).toEqual([]);
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(again.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { stepId: '3', phase: 'in-progress' } } });
  });
});

describe('overrides need a second person', () => {
  it('FEFO: PCM-2402 before PCM-2401 only with a reason and the PIN of someone else who may override', async () => {
    const { store, execution } = open();
    await throughStep2(execution);
    await ok(execution.startStep({ orderId: ORDER, stepId: '3' }));
    const scan = label('09501101540019', '270930', 'PCM-2402');
    const self = await execution.scanLot({ orderId: ORDER, stepId: '3', scan, fefoOverride: { userId: 'olivia.operator', pin: '1111', reason: 'PCM-2401 drum damaged' } });
    expect(self).toMatchObject({ ok: false, code: 'signer-same-person-twice' });
    const operator = await execution.scanLot({ orderId: ORDER, stepId: '3', scan, fefoOverride: { userId: 'oscar.operator', pin: '2222', reason: 'PCM-2401 drum damaged' } });
    expect(operator).toMatchObject({ ok: false, code: 'signer-lacks-permission' });
    expect(await execution.scanLot({ orderId: ORDER, stepId: '3', scan, fefoOverride: { userId: 'quinn.qa', pin: '3333', reason: ' ' } })).toMatchObject({ ok: false, code: 'signature-reason-missing' });
    await ok(execution.scanLot({ orderId: ORDER, stepId: '3', scan, fefoOverride: { userId: 'quinn.qa', pin: '3333', reason: 'PCM-2401 drum damaged' } }));
    const scanned = parseStored(store.records.last()!);
    expect(scanned.type).toBe('order.lot-scanned');
    expect(scanned.payload).toMatchObject({ lotId: 'PCM-2402', fefoOverride: { reason: 'PCM-2401 drum damaged', firstExpiryLotId: 'PCM-2401', signature: { signerId: 'quinn.qa', printedName: 'Quinn QA', components: 'id-and-secret' } } });
  });

  it('tolerance: an under-tolerance dispense completes only with a second person, and opens a deviation', async () => {
    const { store, execution } = open();
    await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    await ok(execution.recordRoutineTest({ equipmentId: 'BAL-04', testWeightId: 'TW-20KM1', reading: '20.000', stable: true, unit: 'kg', entry: { kind: 'instrument', rawFrame: '(read from the balance) 20.000' } }));
    await throughStep2(execution);
    await ok(execution.startStep({ orderId: ORDER, stepId: '3' }));
    await ok(execution.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '270331', 'PCM-2401') }));
    await ok(execution.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-04' }));
    await ok(execution.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '50.000', unit: 'kg', stable: true } }));
    const refused = await execution.completeDispense({ orderId: ORDER, stepId: '3' });
    expect(refused).toMatchObject({ ok: false, code: 'dispense-under-tolerance' });
    expect(!refused.ok && refused.message).toContain('limits 50.155–50.655 kg');
    expect(await execution.completeDispense({ orderId: ORDER, stepId: '3', override: { userId: 'olivia.operator', pin: '1111', reason: 'lot exhausted' } })).toMatchObject({ ok: false, code: 'signer-same-person-twice' });
    const before = store.log.head().seq;
    await ok(execution.completeDispense({ orderId: ORDER, stepId: '3', override: { userId: 'sam.supervisor', pin: '5555', reason: 'lot exhausted; QA informed' } }));
    const added = store.records.after(before, 10).map(parseStored).filter((r) => r.type !== 'equipment.equipment-state-changed'); // the derived running state (issue 12) follows
    expect(added.map((r) => r.type)).toEqual(expect.arrayContaining(['order.tolerance-overridden', 'order.deviation-opened', 'order.dispense-completed']));
    expect(added.find((r) => r.type === 'order.tolerance-overridden')!.payload).toMatchObject({ toleranceState: 'under', dispensed: '50.000', signature: { signerId: 'sam.supervisor' } });

    // The medium deviation closes with two different people, QA among them.
    const [deviation] = execution.listDeviations();
    expect(deviation).toMatchObject({ severity: 'medium', orderId: ORDER, signatures: 0, needed: 2 });
    const id = deviation!.deviationId;
    expect(await execution.signDeviation({ deviationId: id, userId: 'olivia.operator', pin: '1111', meaning: 'reviewed' })).toMatchObject({ ok: false, code: 'signer-lacks-permission' });
    expect(await execution.signDeviation({ deviationId: id, userId: 'quinn.qa', pin: '3333', meaning: 'reviewed' })).toEqual({ ok: true, closed: false });
    expect(await execution.signDeviation({ deviationId: id, userId: 'quinn.qa', pin: '3333', meaning: 'approved' })).toMatchObject({ ok: false, code: 'signer-same-person-twice' });
    expect(await execution.signDeviation({ deviationId: id, userId: 'sam.supervisor', pin: '5555', meaning: 'approved' })).toEqual({ ok: true, closed: true });
    expect(execution.listDeviations()).toEqual([]);
    expect(store.records.after(0, 200).map((r) => r.type).slice(-2)).toEqual(['deviation.deviation-signed', 'deviation.deviation-closed']);
  });

  it('a high deviation entered at the kiosk stops the order until QA and a supervisor close it, also after a restart', async () => {
    const { store, execution } = open();
    await throughStep2(execution);
    const opened = execution.openDeviation({ severity: 'high', title: 'Booth pressure alarm', description: 'DISP-1 lost negative pressure for 4 minutes', orderId: ORDER, stepId: '3' });
    expect(opened).toMatchObject({ ok: true });
    expect(execution.openDeviation({ severity: 'low', title: 'x', description: ' ' })).toMatchObject({ ok: false, code: 'deviation-description-missing' });
    const stopped = execution.startStep({ orderId: ORDER, stepId: '3' });
    expect(stopped).toMatchObject({ ok: false });
    expect(!stopped.ok && stopped.message).toMatch(/deviation/i);
    const again = executionOn(store);
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(again.startStep({ orderId: ORDER, stepId: '3' })).toMatchObject({ ok: false, code: stopped.ok ? '' : stopped.code });
    const id = opened.ok ? opened.deviationId : '';
    await ok(again.signDeviation({ deviationId: id, userId: 'quinn.qa', pin: '3333', meaning: 'reviewed' }));
    expect(await again.signDeviation({ deviationId: id, userId: 'sam.supervisor', pin: '5555', meaning: 'approved' })).toEqual({ ok: true, closed: true });
    await ok(again.startStep({ orderId: ORDER, stepId: '3' }));
  });
});

describe('pause and resume', () => {
  it('a paused order stays paused across a restart, refuses work, and resumes where it stood', async () => {
    const { store, execution } = open();
    await throughStep2(execution);
    await ok(execution.pauseOrder({ orderId: ORDER, reason: 'fire drill' }));
    const again = executionOn(store);
    expect(again.progress(ORDER)).toMatchObject({ ok: true, progress: { order: { status: 'paused' }, step: { stepId: '3', phase: 'not-started' } } });
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(again.startStep({ orderId: ORDER, stepId: '3' })).toMatchObject({ ok: false });
    await ok(again.resumeOrder({ orderId: ORDER }));
    await ok(again.startStep({ orderId: ORDER, stepId: '3' }));
    expect(store.records.after(0, 100).map((r) => r.type).filter((t) => t.startsWith('order.order-'))).toEqual(['order.order-started', 'order.order-paused', 'order.order-resumed']);
  });
});

describe('operating states at the station (issue 12): no instrument is left in a state it is not in', () => {
  const states = (execution: Execution) => {
    const listed = execution.instrumentStates();
    if (!listed.ok) throw new Error(listed.message);
    return Object.fromEntries(listed.instruments.map((i) => [i.equipmentId, i.reason ? `${i.state} (${i.reason})` : i.state]));
  };
  const step3 = { orderId: ORDER, stepId: '3' };
  /** Step 3 on BAL-04 with its routine test passed: one container of 25.200 kg, or both (50.403 kg) when `both`. */
  async function weighStep3(execution: Execution, both = false) {
    await ok(execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    await ok(execution.recordRoutineTest({ equipmentId: 'BAL-04', testWeightId: 'TW-20KM1', reading: '20.000', stable: true, unit: 'kg', entry: { kind: 'instrument', rawFrame: '(read from the balance) 20.000' } }));
    await throughStep2(execution);
    await ok(execution.startStep(step3));
    await ok(execution.scanLot({ ...step3, scan: label('09501101540019', '270331', 'PCM-2401') }));
    await ok(execution.selectBalance({ ...step3, balanceId: 'BAL-04' }));
    for (const net of both ? ['25.200', '25.203'] : ['25.200']) {
      await ok(execution.recordTare({ ...step3, reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
      await ok(execution.acceptWeighing({ ...step3, reading: { value: net, unit: 'kg', stable: true } }));
    }
  }

  it('a balance goes idle when its dispense step completes (it stayed "running" through the rest of the order)', async () => {
    const { store, execution } = open();
    await weighStep3(execution, true);
    expect(states(execution)).toMatchObject({ 'BAL-04': 'running (dispensing)', 'BAL-01': 'idle', 'BAL-02': 'idle', 'PH-01': 'idle' });
    const before = store.log.head().seq;
    await ok(execution.completeDispense(step3));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });
    const changed = store.records.after(before, 20).map(parseStored).filter((r) => r.type === 'equipment.equipment-state-changed');
    expect(changed.map((r) => r.payload)).toMatchObject([{ equipmentId: 'BAL-04', from: 'running', to: 'idle', by: 'olivia.operator' }]);
    // Moving on to the next step changes nothing until its balance weighs.
    await ok(execution.startStep({ orderId: ORDER, stepId: '4' }));
    expect(Object.values(states(execution)).every((s) => s === 'idle')).toBe(true);
  });

  it('a pause puts the running balance down; a restart and a sign-in keep it down; only resuming brings it back, running', async () => {
    const { store, execution } = open();
    await weighStep3(execution);
    await ok(execution.pauseOrder({ orderId: ORDER, reason: 'fire drill' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'down (order paused: fire drill)' });
    expect(execution.reportEquipmentUp({ equipmentId: 'BAL-04' })).toMatchObject({ ok: false, code: 'equipment-down-for-order', message: 'BAL-04 is down because the order is paused — resume the order' });
    await ok(execution.logout());
    const again = executionOn(store);
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(states(again)).toMatchObject({ 'BAL-04': 'down (order paused: fire drill)', 'BAL-01': 'idle' });
    await ok(again.resumeOrder({ orderId: ORDER }));
    // Step 3 still holds BAL-04's container: it runs again; nothing else was working before the pause.
    expect(states(again)).toMatchObject({ 'BAL-04': 'running (dispensing)', 'BAL-01': 'idle', 'BAL-02': 'idle', 'PH-01': 'idle' });
  });

  it('signing out idles the running balance; so does the first sign-in after a restart without a sign-out', async () => {
    const { store, execution } = open();
    await weighStep3(execution);
    await ok(execution.logout());
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });
    await ok(execution.login({ badgeOrUserId: '100001', pin: '1111' }));
    await ok(execution.recordTare({ ...step3, reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
    await ok(execution.acceptWeighing({ ...step3, reading: { value: '25.203', unit: 'kg', stable: true } }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'running (dispensing)' });
    // The kiosk dies with BAL-04 running: the log says running until someone signs in again.
    const again = executionOn(store);
    expect(states(again)).toMatchObject({ 'BAL-04': 'running (dispensing)' });
    await ok(again.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(states(again)).toMatchObject({ 'BAL-04': 'idle' });
  });

  it('a hold on the order leaves no balance running; a hold on the balance keeps it down until QA releases it', async () => {
    const { execution } = open();
    await weighStep3(execution);
    // QA signing in ends Olivia's session: BAL-04 stops running then, and the order's hold and release leave it idle.
    await ok(execution.login({ badgeOrUserId: 'quinn.qa', pin: '3333' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });
    const held = await ok(execution.placeHold({ kind: 'order', id: ORDER, reason: 'wrong label stock' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });
    await ok(execution.releaseHold({ holdId: held.holdId, userId: 'quinn.qa', pin: '3333', reason: 'right stock', second: { userId: 'sam.supervisor', pin: '5555' } }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });

    const onBalance = await ok(execution.placeHold({ kind: 'equipment', id: 'BAL-04', reason: 'dropped a weight on the pan' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'down (on hold: dropped a weight on the pan)' });
    expect(execution.reportEquipmentUp({ equipmentId: 'BAL-04' })).toMatchObject({ ok: false, code: 'equipment-on-hold', message: 'BAL-04 is on hold — it cannot be running until QA releases the hold' });
    const listed = execution.instrumentStates();
    expect(listed.ok && listed.instruments.find((i) => i.equipmentId === 'BAL-04')).toMatchObject({ onHold: true, endedBy: 'release' });
    await ok(execution.releaseHold({ holdId: onBalance.holdId, userId: 'quinn.qa', pin: '3333', reason: 'checked, no damage', second: { userId: 'sam.supervisor', pin: '5555' } }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'idle' });
  });

  it('a high deviation entered at the kiosk stops the running balance until the deviation is closed', async () => {
    const { execution } = open();
    await weighStep3(execution);
    const opened = await ok(execution.openDeviation({ severity: 'high', title: 'Booth pressure alarm', description: 'DISP-1 lost negative pressure for 4 minutes', orderId: ORDER, stepId: '3' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'down (order stopped by a deviation: Booth pressure alarm)' });
    expect(execution.reportEquipmentUp({ equipmentId: 'BAL-04' })).toMatchObject({ ok: false, message: 'BAL-04 is down because an open deviation stops the order — it comes back when the deviation is closed' });
    await ok(execution.signDeviation({ deviationId: opened.deviationId, userId: 'quinn.qa', pin: '3333', meaning: 'reviewed' }));
    expect(await execution.signDeviation({ deviationId: opened.deviationId, userId: 'sam.supervisor', pin: '5555', meaning: 'approved' })).toEqual({ ok: true, closed: true });
    expect(states(execution)).toMatchObject({ 'BAL-04': 'running (dispensing)' });
  });

  it('one tap puts a balance down with a plant reason; reported up it runs again if its step still uses it', async () => {
    const { execution } = open();
    await weighStep3(execution);
    const reasons = execution.downReasons();
    const reason = reasons.ok ? reasons.reasons.find((r) => !r.planned) : undefined;
    if (!reason) throw new Error('the demo plant has no unplanned down reason');
    expect(execution.reportEquipmentDown({ equipmentId: 'BAL-04', reason: 'coffee' })).toMatchObject({ ok: false, code: 'down-reason-unknown' });
    await ok(execution.reportEquipmentDown({ equipmentId: 'BAL-04', reason: reason.id }));
    const listed = execution.instrumentStates();
    expect(listed.ok && listed.instruments.find((i) => i.equipmentId === 'BAL-04')).toMatchObject({ state: 'down', reason: reason.label, endedBy: 'up', onHold: false });
    // A pause over a reported failure is no repair: resuming leaves BAL-04 down.
    await ok(execution.pauseOrder({ orderId: ORDER, reason: 'Break' }));
    await ok(execution.resumeOrder({ orderId: ORDER }));
    expect(states(execution)).toMatchObject({ 'BAL-04': `down (${reason.label})` });
    await ok(execution.reportEquipmentUp({ equipmentId: 'BAL-04' }));
    expect(states(execution)).toMatchObject({ 'BAL-04': 'running (dispensing)' });
  });
});
