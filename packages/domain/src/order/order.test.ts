import { describe, expect, it } from 'vitest';
import { fold, orderDecider } from '../decider.js';
import { demoPlant } from '../demo-plant.js';
import { floor, passedRoutineTests, signature, TODAY } from '../testing/floor.js';
import { ORDER, startedThroughStep2, testSscc, throughStep3, throughStep9 } from '../testing/demo-order.js';
import { history, scenario } from '../testing/scenario.js';
import type { OrderCommand } from './commands.js';
import type { OrderStreamEvent } from './events.js';

const ctx = floor();
const order = scenario(orderDecider, ORDER);
const run = (given: OrderStreamEvent[], cmds: OrderCommand[], c = ctx) => history(orderDecider, ORDER, cmds.map((x) => [x, c] as const), given);
const started = () => run([], [{ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }]);

describe('starting an order', () => {
  it('pins the recipe version and the master-data version', () => {
    order
      .given([])
      .when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, ctx)
      .then([{ type: 'OrderStarted', orderId: ORDER, recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: 'DISP-1', batchNumber: 'B-PCM-0001', masterDataVersion: 1, shift: { shiftId: 'early', date: '2026-11-25' } }]);
  });

  it('refuses past the offline grace (72 h without a master-data refresh); exactly 72 h is still allowed', () => {
    const stale = floor({ masterDataRefreshedAt: '2026-11-22T08:59:00+00:00' });
    order
      .given([])
      .when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, stale)
      .thenRefused('station-offline-grace-exceeded', 'Station DISP-1 last refreshed master data at 2026-11-22T08:59:00+00:00, 72 h ago, beyond its offline grace of 72 h — no new order may start until it reconnects');
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, floor({ masterDataRefreshedAt: '2026-11-22T09:00:00+00:00' })).then([{ type: 'OrderStarted' }]);
  });

  it('lets a running order finish its steps past the offline grace', () => {
    const stale = floor({ masterDataRefreshedAt: '2026-11-20T09:00:00+00:00' });
    order.given(started()).when({ type: 'startStep', stepId: '1', by: 'olivia.operator' }, stale).then([{ type: 'StepStarted', stepId: '1' }]);
  });

  it('refuses an unapproved recipe, another station, a second start and a user without the permission', () => {
    const master = demoPlant(TODAY);
    const draft = { ...master, recipes: master.recipes.map((r) => ({ ...r, status: 'draft' as const })) };
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, floor({ master: draft })).thenRefused('recipe-not-approved', 'Recipe PCM-500-GRAN version 3 is draft, not approved — order ORD-0001 cannot start');
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, floor({ stationId: 'GRAN-1' })).thenRefused('order-wrong-station', 'Order ORD-0001 is planned for station DISP-1, not GRAN-1');
    order.given(started()).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, ctx).thenRefused('order-already-started');
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'ada.admin' }, ctx).thenRefused('user-not-permitted', 'Ada Admin may not execute order steps');
  });

  it('refuses an order that is only planned, or cancelled (naming the reason); one written without a status is released', () => {
    const master = demoPlant(TODAY);
    const withStatus = (change: object) => floor({ master: { ...master, orders: master.orders.map((o) => ({ ...o, ...change })) } });
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, withStatus({ status: 'planned' })).thenRefused('order-not-released', 'Order ORD-0001 is planned but not released to a station yet — it cannot start');
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, withStatus({ status: 'cancelled', statusReason: 'customer order withdrawn' })).thenRefused('order-cancelled', 'Order ORD-0001 was cancelled: customer order withdrawn — it cannot start');
    order.given([]).when({ type: 'startOrder', orderId: ORDER, by: 'olivia.operator' }, withStatus({ status: undefined })).then([{ type: 'OrderStarted' }]);
  });
});

describe('sequencing: a step unlocks only when its predecessors are complete and signed', () => {
  it('refuses step 3 before step 2, and step 2 while step 1 is complete but unsigned', () => {
    order.given(started()).when({ type: 'startStep', stepId: '3', by: 'olivia.operator' }, ctx).thenRefused('step-locked', 'step 3 (Dispense Paracetamol) is locked: step 2 (Balance checks: BAL-01 and BAL-02 sensitivity test this shift) is not complete and signed');
    const acknowledged = run(started(), [
      { type: 'startStep', stepId: '1', by: 'olivia.operator' },
      { type: 'acknowledgeInstruction', stepId: '1', by: 'olivia.operator' },
    ]);
    order.given(acknowledged).when({ type: 'startStep', stepId: '2', by: 'olivia.operator' }, ctx).thenRefused('step-locked', /step 2 .* is locked: step 1 \(Line clearance of booth DISP-1\) is not complete and signed/);
  });

  it('line clearance is signed "performed" by its performer only', () => {
    const acknowledged = run(started(), [
      { type: 'startStep', stepId: '1', by: 'olivia.operator' },
      { type: 'acknowledgeInstruction', stepId: '1', by: 'olivia.operator' },
    ]);
    order.given(acknowledged).when({ type: 'signStep', stepId: '1', signatures: [signature('oscar.operator', 'performed')] }, ctx).thenRefused('signer-not-performer', 'step 1 (Line clearance of booth DISP-1) must be signed by the person who performed it, not Oscar Operator');
    order.given(acknowledged).when({ type: 'signStep', stepId: '1', signatures: [signature('olivia.operator', 'verified')] }, ctx).thenRefused('signature-meaning-wrong');
    order.given(acknowledged).when({ type: 'signStep', stepId: '1', signatures: [] }, ctx).thenRefused('signature-missing');
    const signed = run(acknowledged, [{ type: 'signStep', stepId: '1', signatures: [signature('olivia.operator', 'performed')] }]);
    order.given(signed).when({ type: 'startStep', stepId: '2', by: 'olivia.operator' }, ctx).then([{ type: 'StepStarted', stepId: '2' }]);
  });

  it('the balance check step refuses while BAL-02 has no sensitivity test today, and records the calibration status when it passes', () => {
    const atStep2 = run(started(), [
      { type: 'startStep', stepId: '1', by: 'olivia.operator' },
      { type: 'acknowledgeInstruction', stepId: '1', by: 'olivia.operator' },
      { type: 'signStep', stepId: '1', signatures: [signature('olivia.operator', 'performed')] },
      { type: 'startStep', stepId: '2', by: 'olivia.operator' },
    ]);
    order.given(atStep2).when({ type: 'confirmEquipmentStatus', stepId: '2', by: 'olivia.operator' }, floor({ equipmentStates: passedRoutineTests(['BAL-01']) })).thenRefused('equipment-routine-test-missing', 'Balance BAL-02 has no passed sensitivity test today (2026-11-25) — weighing blocked');
    order
      .given(atStep2)
      .when({ type: 'confirmEquipmentStatus', stepId: '2', by: 'olivia.operator' }, ctx)
      .then([
        { type: 'EquipmentStatusConfirmed', equipment: [{ equipmentId: 'BAL-01', calibration: { status: 'in-date' } }, { equipmentId: 'BAL-02', calibration: { status: 'due-soon', dueOn: '2026-11-30', daysLeft: 5 } }] },
        { type: 'StepCompleted', stepId: '2', signOffRequired: false },
      ]);
  });

  it('the filler step 4 is reduced by the API surplus: 7.300 − 0.403 = 6.897 kg on BAL-04', () => {
    const master = demoPlant(TODAY);
    // a recipe variant where step 4 must go to BAL-04 regardless of the minimum weight, to show the rounding at d = 0.005 kg
    const lightBal04 = { ...master, equipment: master.equipment.map((e) => (e.id === 'BAL-04' && e.kind === 'balance' ? { ...e, safetyFactor: '0.1' } : e)) };
    const c = floor({ master: lightBal04 });
    const given = run(throughStep3(c), [
      { type: 'startStep', stepId: '4', by: 'olivia.operator' },
      { type: 'scanLot', stepId: '4', by: 'olivia.operator', lotId: 'MCC-118' },
    ], c);
    order
      .given(given)
      .when({ type: 'recordWeighing', stepId: '4', by: 'olivia.operator', weighingId: 'w4', balanceId: 'BAL-04', lotId: 'MCC-118', gross: '8.397', tare: '1.500', unit: 'kg', grossStable: true, tareStable: true, sscc: testSscc('w4') }, c)
      .then([
        { type: 'DispenseTargetSet', nominal: '7.300', target: '6.897', lower: '6.830', upper: '6.965', basis: { kind: 'compensation', compensatesStep: '3', surplus: '0.403', roundedTo: 3 } },
        { type: 'WeighingRecorded', net: '6.897', toleranceState: 'in' },
      ]);
  });
});

describe('pause and resume survive a restart (state is a fold over events)', () => {
  it('a paused order refuses work until resumed; folding the same log twice gives the same state', () => {
    const paused = run(throughStep3(), [{ type: 'pauseOrder', by: 'olivia.operator', reason: 'fire alarm drill' }]);
    expect(fold(orderDecider, ORDER, paused)).toEqual(fold(orderDecider, ORDER, [...paused]));
    order.given(paused).when({ type: 'startStep', stepId: '5', by: 'olivia.operator' }, ctx).thenRefused('order-not-running', 'Order ORD-0001 is paused (fire alarm drill) — resume it first');
    order.given(paused).when({ type: 'pauseOrder', by: 'olivia.operator', reason: 'again' }, ctx).thenRefused('order-not-running');
    const resumed = run(paused, [{ type: 'resumeOrder', by: 'oscar.operator' }]);
    order.given(resumed).when({ type: 'startStep', stepId: '5', by: 'oscar.operator' }, ctx).then([{ type: 'StepStarted', stepId: '5', by: 'oscar.operator' }]);
    const state = fold(orderDecider, ORDER, resumed);
    expect(state.status === 'running' && state.steps['3']?.phase).toBe('closed');
  });

  it('pausing needs a reason; resuming a running order is refused', () => {
    order.given(started()).when({ type: 'pauseOrder', by: 'olivia.operator', reason: ' ' }, ctx).thenRefused('reason-missing', 'Pausing order ORD-0001 needs a reason');
    order.given(started()).when({ type: 'resumeOrder', by: 'olivia.operator' }, ctx).thenRefused('order-not-paused');
  });
});

describe('pH measurement (step 9: PH-01, 5.0–7.0, stable)', () => {
  const atStep9 = () => run(startedThroughStep2(), [{ type: 'startStep', stepId: '9', by: 'olivia.operator' }]);
  const measure = (ph: string, stable = true): OrderCommand => ({ type: 'recordPhMeasurement', stepId: '9', by: 'olivia.operator', meterId: 'PH-01', reading: { ph, mv: '20.0', temperatureC: '22.0' }, stable });

  it('completes within limits, boundaries inclusive, keeping mV, temperature and calibration', () => {
    for (const ph of ['5.0', '6.20', '7.00']) {
      order.given(atStep9()).when(measure(ph), ctx).then([{ type: 'PhMeasured', ph, mv: '20.0', temperatureC: '22.0', result: 'within-limits', calibration: { status: 'in-date' } }, { type: 'StepCompleted', stepId: '9' }]);
    }
  });

  it('refuses an unstable reading, and a meter without its buffer calibration this shift', () => {
    order.given(atStep9()).when(measure('6.2', false), ctx).thenRefused('reading-unstable', 'The pH reading on PH-01 has not reached a stable endpoint — wait for it');
    const lateShift = floor({ shift: { shiftId: 'late', date: '2026-11-25' } });
    order.given(atStep9()).when(measure('6.2'), lateShift).thenRefused('equipment-routine-test-missing', 'pH meter PH-01 has no passed buffer calibration this shift (late on 2026-11-25) — measurement blocked');
  });

  it('out of limits is recorded with a low deviation; the step stays open for a new measurement', () => {
    const events = run(atStep9(), [measure('7.01')]);
    expect(events.slice(-2)).toMatchObject([{ type: 'PhMeasured', result: 'out-of-limits' }, { type: 'DeviationOpened', severity: 'low', description: 'pH 7.01 on PH-01 is outside 5.0–7.0' }]);
    order.given(events).when(measure('6.8'), ctx).then([{ type: 'PhMeasured', result: 'within-limits' }, { type: 'StepCompleted' }]);
  });
});

describe('verification and review sign-off (steps 10, 11)', () => {
  const at10 = () => run(throughStep9(), [{ type: 'startStep', stepId: '10', by: 'oscar.operator' }]);

  it('the two-person rule: whoever dispensed may not verify', () => {
    order.given(at10()).when({ type: 'signStep', stepId: '10', signatures: [signature('olivia.operator', 'verified')] }, ctx).thenRefused('signer-is-performer', 'Olivia Operator performed steps 3, 4, 5, 6, 7, 8 and cannot also sign step 10 (Verify dispensed containers (second person)) "verified"');
    order.given(at10()).when({ type: 'signStep', stepId: '10', signatures: [signature('oscar.operator', 'verified')] }, ctx).then([{ type: 'StepCompleted', stepId: '10' }, { type: 'StepSigned', stepId: '10', signatures: [{ signerId: 'oscar.operator', meaning: 'verified' }] }]);
  });

  it('the review is the supervisor\'s; the order cannot complete before it', () => {
    const at11 = run(at10(), [
      { type: 'signStep', stepId: '10', signatures: [signature('oscar.operator', 'verified')] },
      { type: 'startStep', stepId: '11', by: 'oscar.operator' },
    ]);
    order.given(at11).when({ type: 'completeOrder', by: 'oscar.operator' }, ctx).thenRefused('order-steps-open', 'Order ORD-0001 cannot complete: step 11 (Order complete: supervisor review) not complete and signed');
    order.given(at11).when({ type: 'signStep', stepId: '11', signatures: [signature('quinn.qa', 'reviewed')] }, ctx).thenRefused('signer-lacks-permission', 'step 11 (Order complete: supervisor review) must be signed by supervisor; Quinn QA is qa');
  });

  it('a two-signature requirement never accepts the same person twice', () => {
    const master = demoPlant(TODAY);
    const twoPerson = {
      ...master,
      recipes: master.recipes.map((r) => ({ ...r, steps: r.steps.map((s) => (s.id === '10' && s.kind === 'sign-off' ? { ...s, signOff: { ...s.signOff, signatures: 2 as const } } : s)) })),
    };
    const c = floor({ master: twoPerson });
    const twice = [signature('oscar.operator', 'verified'), signature('oscar.operator', 'verified', { signatureId: 'other' })];
    order.given(at10()).when({ type: 'signStep', stepId: '10', signatures: twice }, c).thenRefused('signer-same-person-twice', 'Oscar Operator cannot give both signatures of step 10 (Verify dispensed containers (second person)): a two-person rule needs two different people');
    order.given(at10()).when({ type: 'signStep', stepId: '10', signatures: [twice[0]!] }, c).thenRefused('signature-missing', 'step 10 (Verify dispensed containers (second person)) needs 2 signature(s) "verified"; 1 given');
    order.given(at10()).when({ type: 'signStep', stepId: '10', signatures: [twice[0]!, signature('quinn.qa', 'verified')] }, c).then([{ type: 'StepCompleted' }, { type: 'StepSigned' }]);
  });
});

describe('in-process checks', () => {
  it('numeric check within limits completes; outside opens a medium deviation', () => {
    const master = demoPlant(TODAY);
    const withCheck = {
      ...master,
      recipes: master.recipes.map((r) => ({ ...r, steps: [...r.steps, { kind: 'in-process-check' as const, id: '12', title: 'LOD of granulate', predecessors: ['2'], check: { kind: 'numeric' as const, low: '1.0', high: '3.0', unit: '%' } }] })),
    };
    const c = floor({ master: withCheck });
    const given = run(startedThroughStep2(c), [{ type: 'startStep', stepId: '12', by: 'olivia.operator' }], c);
    order.given(given).when({ type: 'recordCheck', stepId: '12', by: 'olivia.operator', value: '3.0' }, c).then([{ type: 'CheckRecorded', passed: true, value: '3.0' }, { type: 'StepCompleted' }]);
    order.given(given).when({ type: 'recordCheck', stepId: '12', by: 'olivia.operator', value: '3.1' }, c).then([{ type: 'CheckRecorded', passed: false }, { type: 'DeviationOpened', severity: 'medium', description: 'LOD of granulate failed (limits 1.0–3.0 %, got 3.1)' }]);
    order.given(given).when({ type: 'recordCheck', stepId: '12', by: 'olivia.operator' }, c).thenRefused('check-value-missing', 'step 12 (LOD of granulate) needs a value in %');
  });
});

describe('completion with a deviation open (issue 8 §1)', () => {
  const at11Signed = (c = ctx) =>
    run(
      throughStep9(c),
      [
        { type: 'startStep', stepId: '10', by: 'oscar.operator' },
        { type: 'signStep', stepId: '10', signatures: [signature('oscar.operator', 'verified')] },
        { type: 'startStep', stepId: '11', by: 'sam.supervisor' },
        { type: 'signStep', stepId: '11', signatures: [signature('sam.supervisor', 'reviewed')] },
      ],
      c,
    );
  const medium: OrderStreamEvent = { type: 'DeviationOpened', at: '2026-11-25T09:00:00+00:00', deviationId: 'DEV-1', severity: 'medium', title: 'Label smudged', description: 'drum label', orderId: ORDER, openedBy: 'olivia.operator' };

  it('is refused while a medium deviation of the order is open, and allowed once it is closed', () => {
    const open = [...at11Signed(), medium];
    order.given(open).when({ type: 'completeOrder', by: 'sam.supervisor' }, ctx).thenRefused('order-deviations-open', 'Order ORD-0001 cannot complete: 1 deviation(s) still open (medium) — QA must close them first');
    const closed: OrderStreamEvent = { type: 'DeviationClosed', at: '2026-11-25T09:10:00+00:00', deviationId: 'DEV-1', orderId: ORDER, signatures: [] };
    const events = order.given([...open, closed]).when({ type: 'completeOrder', by: 'sam.supervisor' }, ctx).then([{ type: 'OrderCompleted' }]);
    expect(events[0]).not.toHaveProperty('exceptions');
  });

  it('where the recipe allows the severity, completes and carries the open deviation as an exception', () => {
    const master = demoPlant(TODAY);
    const lenient = floor({ master: { ...master, recipes: master.recipes.map((r) => ({ ...r, completeWithOpenDeviations: ['medium'] as const })) } });
    order.given([...at11Signed(lenient), medium]).when({ type: 'completeOrder', by: 'sam.supervisor' }, lenient).then([{ type: 'OrderCompleted', exceptions: [{ kind: 'open-deviation', deviationId: 'DEV-1', severity: 'medium' }] }]);
  });
});
