// Issue 8 §1 and §2: the rules that let a wrong batch record through, driven through the kiosk
// execution core and its signed SQLite log (each case failed before its fix).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPlant, type MasterData } from '@lineside/domain';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { createExecution, type Execution } from '../../apps/kiosk/src/core/execution/execution.js';
import { parseStored } from '../../apps/kiosk/src/core/store/records.js';
import { openTestStore } from './support/kiosk-fixture.js';

const plant: MasterData = demoPlant({ year: 2026, month: 11, day: 25 });
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'oscar.operator': '2222', 'quinn.qa': '3333', 'max.maintenance': '4444', 'sam.supervisor': '5555', 'ada.admin': '6666' };
const verifiers = new Map<string, string>();
const ORDER = 'ORD-0001';
import { lotLabel as label } from '../support/demo-labels.js';
const step = (stepId: string) => ({ orderId: ORDER, stepId });

beforeAll(async () => {
  for (const [user, pin] of Object.entries(PINS)) verifiers.set(user, await makeVerifier(pin, 1024));
});
const stores: Array<ReturnType<typeof openTestStore>> = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.cleanup();
});

function open(master: MasterData = plant) {
  const store = openTestStore();
  stores.push(store);
  let n = 0;
  const ex = createExecution({
    db: store.db,
    log: store.log,
    clock: store.clock,
    newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
    masterData: () => master,
    masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
    stationId: () => 'DISP-1',
    verifiers: (userId) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
  });
  // Derived operating-state records (issue 12, operating-states.ts) follow the acts; these checks are about the acts.
  return { store, ex, records: () => store.records.after(0, 10_000).map(parseStored).filter((r) => r.type !== 'equipment.equipment-state-changed') };
}

async function ok<T extends { ok: boolean }>(result: T | Promise<T>, what = 'command'): Promise<T> {
  const value = await result;
  if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
  return value;
}

const fromBalance = (equipmentId: string, testWeightId: string, reading: string, unit: string) => ({ equipmentId, testWeightId, reading, stable: true, unit, entry: { kind: 'instrument' as const, rawFrame: `S S ${reading} ${unit}` } });

/** Morning checks read from the balances, then Olivia through steps 1 and 2. */
async function throughStep2(ex: Execution) {
  await ok(ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }), 'login max');
  await ok(ex.recordRoutineTest(fromBalance('BAL-01', 'TW-200E2', '200.00010', 'g')), 'BAL-01');
  await ok(ex.recordRoutineTest(fromBalance('BAL-02', 'TW-5KF1', '5000.01', 'g')), 'BAL-02');
  await ok(ex.recordRoutineTest(fromBalance('BAL-04', 'TW-20KM1', '20.000', 'kg')), 'BAL-04');
  await ok(ex.recordPhCalibration({ equipmentId: 'PH-01', buffers: [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }] }), 'PH-01');
  await ok(ex.login({ badgeOrUserId: '100001', pin: '1111' }), 'login olivia');
  await ok(ex.startOrder({ orderId: ORDER }), 'start');
  await ok(ex.startStep(step('1')), '1');
  await ok(ex.acknowledgeInstruction(step('1')), 'ack 1');
  await ok(ex.sign({ ...step('1'), userId: 'olivia.operator', pin: '1111', meaning: 'performed' }), 'sign 1');
  await ok(ex.startStep(step('2')), '2');
  await ok(ex.confirmEquipmentStatus(step('2')), 'confirm 2');
}

async function dispense(ex: Execution, stepId: string, scan: string, balanceId: string, tare: string, nets: readonly string[], unit: string) {
  await ok(ex.startStep(step(stepId)), `start ${stepId}`);
  await ok(ex.scanLot({ ...step(stepId), scan }), `scan ${stepId}`);
  await ok(ex.selectBalance({ ...step(stepId), balanceId }), `balance ${stepId}`);
  for (const net of nets) {
    await ok(ex.recordTare({ ...step(stepId), reading: { value: tare, unit, stable: true }, source: 'reading-before-tare' }), `tare ${stepId}`);
    await ok(ex.acceptWeighing({ ...step(stepId), reading: { value: net, unit, stable: true } }), `weigh ${stepId}`);
  }
  await ok(ex.completeDispense(step(stepId)), `complete ${stepId}`);
}

/** Steps 3–11 of the demo order, Olivia then Oscar then Sam: ready for Complete order. */
async function throughStep11(ex: Execution) {
  await dispense(ex, '3', label('PCM-2401', '270331'), 'BAL-04', '1.500', ['25.200', '25.203'], 'kg');
  await dispense(ex, '4', label('MCC-118', '280131'), 'BAL-02', '300.00', ['3500.00', '3397.00'], 'g');
  await dispense(ex, '5', label('PVP-077', '270630'), 'BAL-02', '300.00', ['1500.00'], 'g');
  await dispense(ex, '6', label('CCS-032', '271231'), 'BAL-02', '300.00', ['1200.00'], 'g');
  await dispense(ex, '7', label('MGS-210', '270531'), 'BAL-02', '300.00', ['300.00'], 'g');
  await dispense(ex, '8', label('IOY-009', '290131'), 'BAL-01', '50.00000', ['12.50000'], 'g');
  await ok(ex.startStep(step('9')), '9');
  await ok(ex.recordPhMeasurement({ ...step('9'), meterId: 'PH-01', reading: { ph: '6.20', mv: '47.3', temperatureC: '22.0' }, stable: true }), 'pH');
  await ok(ex.login({ badgeOrUserId: '100002', pin: '2222' }), 'login oscar');
  await ok(ex.startStep(step('10')), '10');
  await ok(ex.sign({ ...step('10'), userId: 'oscar.operator', pin: '2222', meaning: 'verified' }), 'sign 10');
  await ok(ex.login({ badgeOrUserId: 'sam.supervisor', pin: '5555' }), 'login sam');
  await ok(ex.startStep(step('11')), '11');
  await ok(ex.sign({ ...step('11'), userId: 'sam.supervisor', pin: '5555', meaning: 'reviewed' }), 'sign 11');
}

describe('the same load is never accepted twice', () => {
  it('a second Accept of the unchanged load is refused; a new tare or the pan back at zero makes the next container', async () => {
    const { ex, records } = open();
    await throughStep2(ex);
    await ok(ex.startStep(step('3')));
    await ok(ex.scanLot({ ...step('3'), scan: label('PCM-2401', '270331') }));
    await ok(ex.selectBalance({ ...step('3'), balanceId: 'BAL-04' }));
    await ok(ex.recordTare({ ...step('3'), reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
    await ok(ex.acceptWeighing({ ...step('3'), reading: { value: '25.200', unit: 'kg', stable: true } }));

    // Accept again with the same load on the pan and no tare: refused, with the reason.
    const again = ex.acceptWeighing({ ...step('3'), reading: { value: '25.200', unit: 'kg', stable: true } });
    expect(again).toMatchObject({ ok: false, code: 'container-not-new' });
    expect(!again.ok && again.message).toMatch(/same stable reading .* on BAL-04 twice in a row.*returns to zero, or tare the new container/);
    // More material on the same container is not a new container either.
    expect(ex.acceptWeighing({ ...step('3'), reading: { value: '25.400', unit: 'kg', stable: true } })).toMatchObject({ ok: false, code: 'container-not-new' });
    // A reading from another balance says nothing about BAL-04's pan.
    ex.noteBalanceReading('BAL-02', '0.00');
    expect(ex.acceptWeighing({ ...step('3'), reading: { value: '25.200', unit: 'kg', stable: true } })).toMatchObject({ ok: false, code: 'container-not-new' });
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { containers: 1, dispensed: '25.200' } } });

    // The full container comes off (the display goes below zero after the tare), the next one goes on.
    ex.noteBalanceReading('BAL-04', '-1.500');
    await ok(ex.acceptWeighing({ ...step('3'), reading: { value: '25.203', unit: 'kg', stable: true } }));
    const weighings = records().filter((r) => r.type === 'order.weighing-recorded');
    expect(weighings.map((r) => r.payload['containerOrigin'])).toEqual(['first', 'returned-to-zero']);
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { containers: 2, dispensed: '50.403' } } });
  });

  it('a new tare between containers is the evidence, and the record says so', async () => {
    const { ex, records } = open();
    await throughStep2(ex);
    await dispense(ex, '3', label('PCM-2401', '270331'), 'BAL-04', '1.500', ['25.200', '25.203'], 'kg');
    expect(records().filter((r) => r.type === 'order.weighing-recorded').map((r) => r.payload['containerOrigin'])).toEqual(['first', 'new-tare']);
  });
});

describe('an order does not complete with a deviation open', () => {
  it('Complete order is refused while a medium deviation stands at 0 of 2; the open ones come back for the screen', async () => {
    const { ex, records } = open();
    await throughStep2(ex);
    const opened = await ok(ex.openDeviation({ severity: 'medium', title: 'Label smudged', description: 'PCM-2401 drum label partly unreadable', orderId: ORDER }));
    await throughStep11(ex);
    const refused = ex.completeOrder({ orderId: ORDER });
    expect(refused).toMatchObject({
      ok: false,
      code: 'order-deviations-open',
      open: [{ deviationId: opened.ok ? opened.deviationId : '', title: 'Label smudged', severity: 'medium', signatures: 0, needed: 2 }],
    });
    expect(ex.orderState(ORDER).status).toBe('running');
    expect(records().some((r) => r.type === 'order.order-completed')).toBe(false);

    await ok(ex.signDeviation({ deviationId: opened.ok ? opened.deviationId : '', userId: 'quinn.qa', pin: '3333', meaning: 'reviewed' }));
    await ok(ex.signDeviation({ deviationId: opened.ok ? opened.deviationId : '', userId: 'sam.supervisor', pin: '5555', meaning: 'approved' }));
    expect(ex.completeOrder({ orderId: ORDER })).toEqual({ ok: true, exceptions: [] });
  });

  it('where the recipe allows low deviations open at completion, they are the record’s exceptions', async () => {
    const lenient: MasterData = { ...plant, recipes: plant.recipes.map((r) => ({ ...r, completeWithOpenDeviations: ['info', 'low'] as const })) };
    const { ex, records } = open(lenient);
    await throughStep2(ex);
    const opened = await ok(ex.openDeviation({ severity: 'low', title: 'Glove change late', description: 'Gloves changed 5 minutes after the SOP interval', orderId: ORDER }));
    const id = opened.ok ? opened.deviationId : '';
    await throughStep11(ex);
    expect(ex.completeOrder({ orderId: ORDER })).toEqual({ ok: true, exceptions: [{ deviationId: id, title: 'Glove change late', severity: 'low', signatures: 0, needed: 1 }] });
    const completed = records().find((r) => r.type === 'order.order-completed');
    expect(completed?.payload).toMatchObject({ exceptions: [{ kind: 'open-deviation', deviationId: id, severity: 'low' }] });
  });
});

describe('daily checks: read from the instrument, or typed and verified by a second person', () => {
  it('an instrument reading keeps its raw frame; a typed one is marked manual and needs another person’s PIN', async () => {
    const { ex, records } = open();
    await ok(ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    await ok(ex.recordRoutineTest(fromBalance('BAL-02', 'TW-5KF1', '5000.01', 'g')));
    expect(records().at(-1)?.payload).toMatchObject({ type: 'RoutineTestPassed', details: { entry: 'instrument', rawFrame: 'S S 5000.01 g', reading: '5000.01' } });
    // A reading in another unit than the balance's is refused, not converted silently.
    expect(ex.recordRoutineTest(fromBalance('BAL-04', 'TW-20KM1', '20000', 'g'))).toMatchObject({ ok: false, code: 'weighing-unit-mismatch' });

    const typed = { equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true };
    expect(await ex.recordManualRoutineTest(typed)).toMatchObject({ ok: false, code: 'manual-entry-unverified' });
    expect(await ex.recordManualRoutineTest({ ...typed, verifier: { userId: 'max.maintenance', pin: '4444' } })).toMatchObject({ ok: false, code: 'manual-entry-unverified' });
    expect(await ex.recordManualRoutineTest({ ...typed, verifier: { userId: 'quinn.qa', pin: '0000' } })).toMatchObject({ ok: false, code: 'pin-wrong' });
    await ok(ex.recordManualRoutineTest({ ...typed, verifier: { userId: 'quinn.qa', pin: '3333' } }));
    const manual = records().at(-1)!;
    expect(manual).toMatchObject({ type: 'equipment.routine-test-passed', actor: { userId: 'max.maintenance' } });
    expect(manual.payload).toMatchObject({ details: { entry: 'manual', verifiedBy: 'quinn.qa', verifiedByName: 'Quinn QA' } });
  });
});

describe('lockout: who, since when, and an unlock at the kiosk', () => {
  it('QA unlocks a locked-out operator with their PIN and a reason; an operator may not; the unlock is on the record', async () => {
    const { ex, records } = open();
    for (const pin of ['0000', '0001', '0002']) await ex.login({ badgeOrUserId: '100001', pin });
    expect(ex.listLockouts()).toEqual([{ userId: 'olivia.operator', printedName: 'Olivia Operator', since: '2026-11-25T09:00:00.000+01:00', remedy: 'Ask QA or an administrator to unlock you at this kiosk (Unlock user).' }]);
    expect(await ex.unlockUser({ userId: 'olivia.operator', byUserId: 'oscar.operator', pin: '2222', reason: 'she remembers it now' })).toMatchObject({ ok: false, code: 'unlock-not-permitted' });
    expect(await ex.unlockUser({ userId: 'olivia.operator', byUserId: 'quinn.qa', pin: '3333', reason: ' ' })).toMatchObject({ ok: false, code: 'unlock-reason-missing' });
    expect(await ex.unlockUser({ userId: 'olivia.operator', byUserId: 'quinn.qa', pin: '9999', reason: 'identity checked' })).toMatchObject({ ok: false, code: 'pin-wrong' });
    await ok(ex.unlockUser({ userId: 'olivia.operator', byUserId: 'quinn.qa', pin: '3333', reason: 'identity checked against badge photo' }));
    const unlocked = records().at(-1)!;
    expect(unlocked).toMatchObject({ type: 'signer.signer-unlocked', actor: { userId: 'quinn.qa' }, payload: { userId: 'olivia.operator', by: 'quinn.qa', reason: 'identity checked against badge photo', signature: { signerId: 'quinn.qa', meaning: 'approved' } } });
    expect(ex.listLockouts()).toEqual([]);
    await ok(ex.login({ badgeOrUserId: '100001', pin: '1111' }));
  });

  it('an administrator locked out is unlocked by QA — and the only unlocker’s lockout ends by itself', async () => {
    const { ex } = open();
    for (const pin of ['0', '1', '2']) await ex.login({ badgeOrUserId: 'ada.admin', pin });
    await ok(ex.unlockUser({ userId: 'ada.admin', byUserId: 'quinn.qa', pin: '3333', reason: 'typo streak' }));
    await ok(ex.login({ badgeOrUserId: 'ada.admin', pin: '6666' }));

    const noQa: MasterData = { ...plant, users: plant.users.filter((u) => !u.roles.includes('qa')) };
    const alone = open(noQa);
    for (const pin of ['0', '1', '2']) await alone.ex.login({ badgeOrUserId: 'ada.admin', pin });
    const locked = await alone.ex.login({ badgeOrUserId: 'ada.admin', pin: '6666' });
    expect(locked).toMatchObject({ ok: false, code: 'signer-locked-out', lockout: { remedy: expect.stringMatching(/^The lockout ends at /) } });
    alone.store.clock.advance(31 * 60_000);
    await ok(alone.ex.login({ badgeOrUserId: 'ada.admin', pin: '6666' }));
  });
});

describe('manual lot entry', () => {
  it('a typed lot id is refused where the material wants its GS1 label, and checked against master data where typing is allowed', async () => {
    const { ex } = open();
    await throughStep2(ex);
    await ok(ex.startStep(step('3')));
    expect(await ex.scanLot({ ...step('3'), scan: 'PCM-2401' })).toMatchObject({ ok: false, code: 'lot-manual-entry-not-allowed' });
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { lots: [], manualLotEntry: false } } });

    const typing: MasterData = { ...plant, materials: plant.materials.map((m) => (m.id === 'PCM' ? { ...m, manualLotEntry: true } : m)) };
    const allowed = open(typing);
    await throughStep2(allowed.ex);
    await ok(allowed.ex.startStep(step('3')));
    expect(await allowed.ex.scanLot({ ...step('3'), scan: 'PCM-2399' })).toMatchObject({ ok: false, code: 'lot-expired' });
    expect(await allowed.ex.scanLot({ ...step('3'), scan: 'MCC-118' })).toMatchObject({ ok: false, code: 'lot-wrong-material' });
    await ok(allowed.ex.scanLot({ ...step('3'), scan: 'PCM-2401' }));
    expect(allowed.records().at(-1)).toMatchObject({ type: 'order.lot-scanned', payload: { lotId: 'PCM-2401', entry: 'manual' } });
  });
});

describe('limits at the balance’s readability, the same everywhere', () => {
  it('croscarmellose on BAL-02 shows 1.18800–1.21200 kg before the first container, and the refusal and the record say the same', async () => {
    const { ex, records } = open();
    await throughStep2(ex);
    await ok(ex.startStep(step('6')));
    await ok(ex.scanLot({ ...step('6'), scan: label('CCS-032', '271231') }));
    await ok(ex.selectBalance({ ...step('6'), balanceId: 'BAL-02' }));
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { target: { value: '1.200', lower: '1.18800', upper: '1.21200', unit: 'kg', fixed: false } } } });
    await ok(ex.recordTare({ ...step('6'), reading: { value: '300.00', unit: 'g', stable: true }, source: 'reading-before-tare' }));
    await ok(ex.acceptWeighing({ ...step('6'), reading: { value: '1100.00', unit: 'g', stable: true } }));
    expect(records().find((r) => r.type === 'order.dispense-target-set')?.payload).toMatchObject({ target: '1.200', lower: '1.18800', upper: '1.21200' });
    const refused = await ex.completeDispense(step('6'));
    expect(!refused.ok && refused.message).toContain('limits 1.18800–1.21200 kg');
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { target: { lower: '1.18800', upper: '1.21200', fixed: true } } } });
  });

  it('magnesium stearate on BAL-02 is 0.29400–0.30600 kg, never “0.30 – 0.30”; paracetamol on BAL-04 sits on its 0.005 kg grid', async () => {
    const { ex } = open();
    await throughStep2(ex);
    await ok(ex.startStep(step('7')));
    await ok(ex.selectBalance({ ...step('7'), balanceId: 'BAL-02' }));
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { target: { value: '0.300', lower: '0.29400', upper: '0.30600' } } } });
    const { ex: ex3 } = open();
    await throughStep2(ex3);
    await ok(ex3.startStep(step('3')));
    await ok(ex3.selectBalance({ ...step('3'), balanceId: 'BAL-04' }));
    // Potency-adjusted: no target until the lot's assay is known.
    expect(ex3.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { target: null } } });
    await ok(ex3.scanLot({ ...step('3'), scan: label('PCM-2401', '270331') }));
    expect(ex3.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { target: { value: '50.403', lower: '50.155', upper: '50.655', unit: 'kg' } } } });
  });

  it('a balance whose USP <41> minimum weight is above the quantity is refused when tapped, before taring', async () => {
    const { ex } = open();
    await throughStep2(ex);
    await dispense(ex, '3', label('PCM-2401', '270331'), 'BAL-04', '1.500', ['25.200', '25.203'], 'kg');
    await ok(ex.startStep(step('4')));
    const refused = ex.selectBalance({ ...step('4'), balanceId: 'BAL-04' });
    expect(refused).toEqual({
      ok: false,
      code: 'balance-minimum-weight-above-quantity',
      message: "BAL-04 cannot weigh step 4 (Dispense Microcrystalline cellulose): its minimum weight 16 kg (USP <41>, safety factor 2) is above the step's 7.300 kg — choose a smaller balance",
    });
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { balanceId: null } } });
    await ok(ex.selectBalance({ ...step('4'), balanceId: 'BAL-02' }));
  });

  it('choosing another balance drops the tare read on the first one', async () => {
    // BAL-03 in calibration here, so step 3 has two usable floor scales.
    const calibrated: MasterData = { ...plant, calibrations: plant.calibrations.map((c) => (c.equipmentId === 'BAL-03' ? { ...c, dueOn: '2027-06-30' } : c)) };
    const { ex } = open(calibrated);
    await ok(ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    await ok(ex.recordRoutineTest(fromBalance('BAL-03', 'TW-20KM1', '20.000', 'kg')));
    await throughStep2(ex);
    await ok(ex.startStep(step('3')));
    await ok(ex.scanLot({ ...step('3'), scan: label('PCM-2401', '270331') }));
    await ok(ex.selectBalance({ ...step('3'), balanceId: 'BAL-04' }));
    await ok(ex.recordTare({ ...step('3'), reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { balanceId: 'BAL-04', tare: '1.500' } } });
    await ok(ex.selectBalance({ ...step('3'), balanceId: 'BAL-03' }));
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { balanceId: 'BAL-03', tare: null } } });
    await ok(ex.selectBalance({ ...step('3'), balanceId: 'BAL-04' }));
    expect(ex.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { balanceId: 'BAL-04', tare: null } } });
  });

  it('a lockout another kiosk reported (pulled as centralLockout) is refused here too, listed, and QA may lift it here', async () => {
    const since = '2026-11-25T08:40:00+01:00';
    const lockedElsewhere: MasterData = { ...plant, users: plant.users.map((u) => (u.id === 'olivia.operator' ? { ...u, centralLockout: { since, kioskId: 'K-DISP-2' } } : u)) };
    const { ex, records } = open(lockedElsewhere);
    expect(await ex.login({ badgeOrUserId: '100001', pin: '0000' })).toMatchObject({ ok: false, code: 'login-failed' });
    expect(await ex.login({ badgeOrUserId: '100001', pin: '1111' })).toMatchObject({ ok: false, code: 'signer-locked-out', message: expect.stringContaining(`since ${since} at kiosk K-DISP-2`) });
    expect(ex.listLockouts()).toEqual([{ userId: 'olivia.operator', printedName: 'Olivia Operator', since, remedy: 'Locked out at kiosk K-DISP-2: QA or an administrator can unlock you here (Unlock user) or centrally.' }]);
    await ok(ex.unlockUser({ userId: 'olivia.operator', byUserId: 'quinn.qa', pin: '3333', reason: 'identity checked against badge photo' }));
    expect(records().at(-1)).toMatchObject({ type: 'signer.signer-unlocked', payload: { userId: 'olivia.operator', by: 'quinn.qa' } });
    expect(ex.listLockouts()).toEqual([]);
    await ok(ex.login({ badgeOrUserId: '100001', pin: '1111' }));
  });
});
