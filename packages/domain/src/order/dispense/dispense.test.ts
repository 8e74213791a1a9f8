import { describe, expect, it } from 'vitest';
import { fold, orderDecider } from '../../decider.js';
import { checkBalanceChoice } from './dispense.js';
import { demoPlant } from '../../demo-plant.js';
import { floor, passedRoutineTests, signature, TODAY } from '../../testing/floor.js';
import { ORDER, startedThroughStep2, throughStep3, weigh } from '../../testing/demo-order.js';
import { history, scenario } from '../../testing/scenario.js';
import type { OrderCommand } from '../commands.js';
import type { OrderStreamEvent } from '../events.js';

const ctx = floor();
const order = scenario(orderDecider, ORDER);
const run = (given: OrderStreamEvent[], cmds: OrderCommand[], c = ctx) => history(orderDecider, ORDER, cmds.map((x) => [x, c] as const), given);
const step3Started = () => run(startedThroughStep2(), [{ type: 'startStep', stepId: '3', by: 'olivia.operator' }]);
const step3WithLot = () => run(step3Started(), [{ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401' }]);

describe('lot scan at a dispense step (demo-plant traps)', () => {
  it('refuses PCM-2399: expired', () => {
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2399' }, ctx).thenRefused('lot-expired', 'Lot PCM-2399 of Paracetamol expired on 2026-10-31 — it cannot be dispensed');
  });

  it('refuses PCM-2402 first: FEFO asks for PCM-2401', () => {
    order
      .given(step3Started())
      .when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2402' }, ctx)
      .thenRefused(
        'lot-not-first-expiry',
        "Lot PCM-2402 expires after lot PCM-2401 (2027-09-30 vs 2027-03-31) — first-expiry-first-out asks for PCM-2401; override needs a reason and a second person's signature",
      );
  });

  it('accepts PCM-2402 under a FEFO override with a reason and a supervisor signature, and keeps both on the record', () => {
    const override = { reason: 'PCM-2401 container damaged', signature: signature('sam.supervisor', 'approved') };
    order
      .given(step3Started())
      .when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2402', fefoOverride: override }, ctx)
      .then([{ type: 'LotScanned', lotId: 'PCM-2402', fefoOverride: { reason: 'PCM-2401 container damaged', firstExpiryLotId: 'PCM-2401', signature: { signerId: 'sam.supervisor' } } }]);
  });

  it.each([
    ['the performer countersigning herself', signature('olivia.operator', 'approved'), 'reason', 'signer-same-person-twice'],
    ['another operator (no override permission)', signature('oscar.operator', 'approved'), 'reason', 'signer-lacks-permission'],
    ['no reason', signature('sam.supervisor', 'approved'), '  ', 'signature-reason-missing'],
  ] as const)('refuses a FEFO override by %s', (_name, sig, reason, code) => {
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2402', fefoOverride: { reason, signature: sig } }, ctx).thenRefused(code);
  });

  it('refuses MCC-119 (quarantine) and CCS-031 (on hold, QA investigation); accepts CCS-032', () => {
    const s3 = throughStep3();
    const s4 = run(s3, [{ type: 'startStep', stepId: '4', by: 'olivia.operator' }]);
    order.given(s4).when({ type: 'scanLot', stepId: '4', by: 'olivia.operator', lotId: 'MCC-119' }, ctx).thenRefused('lot-quarantine', 'Lot MCC-119 of Microcrystalline cellulose PH-101 is in quarantine (not released by QA) — it cannot be dispensed');
    const s6 = run(s3, [{ type: 'startStep', stepId: '6', by: 'olivia.operator' }]);
    order.given(s6).when({ type: 'scanLot', stepId: '6', by: 'olivia.operator', lotId: 'CCS-031' }, ctx).thenRefused('lot-on-hold', 'Lot CCS-031 of Croscarmellose sodium is on hold (QA investigation) — it cannot be dispensed');
    order.given(s6).when({ type: 'scanLot', stepId: '6', by: 'olivia.operator', lotId: 'CCS-032' }, ctx).then([{ type: 'LotScanned', lotId: 'CCS-032', materialId: 'CCS', expiry: '2027-12-31' }]);
  });

  it('refuses a lot of the wrong material and a label whose GTIN does not match', () => {
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'MCC-118' }, ctx).thenRefused('lot-wrong-material', 'Lot MCC-118 is Microcrystalline cellulose PH-101, not Paracetamol — wrong material');
    order
      .given(step3Started())
      .when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401', label: { gtin: '09501101540026', expiry: '2027-03-31' } }, ctx)
      .thenRefused('lot-label-mismatch', 'The label of lot PCM-2401 carries GTIN 09501101540026, but Paracetamol is 09501101540019');
  });
});

describe('weighing: balance, stability, capacity, minimum weight', () => {
  it('refuses BAL-03: calibration expired yesterday', () => {
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-03', 'PCM-2401', '26.700', '1.500', 'kg'), ctx).thenRefused('equipment-calibration-expired', 'Balance BAL-03 calibration expired on 2026-11-24 — weighing blocked');
  });

  it('accepts BAL-04: sets the potency-adjusted target 50.403 kg and records gross, tare, net and the calibration in force', () => {
    order
      .given(step3WithLot())
      .when({ ...weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), rawFrame: 'ST,GS,+0026.700kg' } as OrderCommand, ctx)
      .then([
        {
          type: 'DispenseTargetSet',
          nominal: '50.000',
          target: '50.403',
          lower: '50.155',
          upper: '50.655',
          unit: 'kg',
          basis: { kind: 'potency', lotId: 'PCM-2401', lotPotencyPercent: '99.2', referencePercent: '100.0', roundedTo: 3, rounding: 'half-up' },
        },
        {
          type: 'WeighingRecorded',
          containerNo: 1,
          balanceId: 'BAL-04',
          gross: '26.700',
          tare: '1.500',
          net: '25.200',
          netInStepUnit: '25.200',
          cumulative: '25.200',
          toleranceState: 'under',
          rawFrame: 'ST,GS,+0026.700kg',
          calibration: { status: 'in-date', certificateId: 'CAL-BAL-04-1', dueOn: '2027-06-13', daysLeft: 200 },
        },
      ]);
  });

  it('refuses a weighing for a lot not scanned at the step', () => {
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-04', 'PCM-2402', '26.700', '1.500', 'kg'), ctx).thenRefused('lot-not-scanned', /Lot PCM-2402 has not been scanned/);
  });

  it('refuses unstable gross or tare readings', () => {
    const cmd = weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg');
    order.given(step3WithLot()).when({ ...cmd, grossStable: false } as OrderCommand, ctx).thenRefused('reading-unstable', 'The gross reading on BAL-04 is not stable — wait for the stable indicator');
    order.given(step3WithLot()).when({ ...cmd, tareStable: false } as OrderCommand, ctx).thenRefused('reading-unstable', 'The tare reading on BAL-04 is not stable — wait for the stable indicator');
  });

  it('refuses over capacity, wrong unit, malformed numbers and a non-positive net', () => {
    const given = step3WithLot();
    order.given(given).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '150.005', '1.500', 'kg'), ctx).thenRefused('balance-capacity-exceeded', 'Gross 150.005 kg exceeds the capacity 150 kg of BAL-04');
    order.given(given).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26700', '1500', 'g'), ctx).thenRefused('weighing-unit-mismatch', 'Balance BAL-04 weighs in kg; the reading came in "g"');
    order.given(given).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26,7', '1.500', 'kg'), ctx).thenRefused('reading-invalid', /Gross on BAL-04: "26,7" is not a decimal number/);
    order.given(given).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '1.500', '1.500', 'kg'), ctx).thenRefused('reading-invalid', /Net 0.000 kg on BAL-04 is not positive/);
  });

  it('refuses a net below the USP <41> minimum weight × safety factor (BAL-01: 0.08 g)', () => {
    const given = run(throughStep3(), [
      { type: 'startStep', stepId: '8', by: 'olivia.operator' },
      { type: 'scanLot', stepId: '8', by: 'olivia.operator', lotId: 'IOY-009' },
    ]);
    order.given(given).when(weigh('8', 'w1', 'BAL-01', 'IOY-009', '10.050', '10.000', 'g'), ctx).thenRefused('below-minimum-weight', 'Net 0.050 g is below the minimum weight 0.08 g of BAL-01 (USP <41>, safety factor 2)');
    // exactly at the minimum weight is accepted: the boundary is inclusive
    order.given(given).when(weigh('8', 'w1', 'BAL-01', 'IOY-009', '10.08000', '10.00000', 'g'), ctx).then([{ type: 'DispenseTargetSet', target: '12.50' }, { type: 'WeighingRecorded', net: '0.08000', toleranceState: 'under' }]);
  });

  it('refuses a balance the step does not allow, and one not assigned to the station', () => {
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-02', 'PCM-2401', '2000.00', '300.00', 'g'), ctx).thenRefused('balance-not-allowed-for-step', 'step 3 (Dispense Paracetamol) must be weighed on BAL-03 or BAL-04, not BAL-02');
    const master = demoPlant(TODAY);
    const noBal04 = { ...master, stations: master.stations.map((s) => (s.id === 'DISP-1' ? { ...s, equipmentIds: s.equipmentIds.filter((e) => e !== 'BAL-04') } : s)) };
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), floor({ master: noBal04 })).thenRefused('equipment-not-at-station', 'Balance BAL-04 is not assigned to station DISP-1 — weighing blocked');
  });

  it('refuses a balance whose sensitivity test is not done today, or which is on hold', () => {
    const noTests = floor({ equipmentStates: passedRoutineTests(['BAL-01', 'BAL-02']) });
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), noTests).thenRefused('equipment-routine-test-missing', 'Balance BAL-04 has no passed sensitivity test today (2026-11-25) — weighing blocked');
    const held = floor({ activeHolds: [{ holdId: 'h1', target: { kind: 'equipment', id: 'BAL-04' }, reason: 'dropped during cleaning' }] });
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), held).thenRefused('equipment-on-hold', 'Balance BAL-04 is on hold: dropped during cleaning — weighing blocked until QA releases it');
  });

  it('refuses a third container where the step allows two', () => {
    const given = run(step3WithLot(), [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '18.000', '1.500', 'kg'), weigh('3', 'w2', 'BAL-04', 'PCM-2401', '18.000', '1.500', 'kg')]);
    order.given(given).when(weigh('3', 'w3', 'BAL-04', 'PCM-2401', '18.903', '1.500', 'kg'), ctx).thenRefused('container-limit-reached', 'step 3 (Dispense Paracetamol) allows at most 2 container(s)');
  });
});

describe('completing a dispense: in / under / over tolerance', () => {
  const twoContainers = (second: string) => run(step3WithLot(), [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), weigh('3', 'w2', 'BAL-04', 'PCM-2401', second, '1.500', 'kg')]);

  it('completes in tolerance with the ISO 22400 quantities', () => {
    order
      .given(twoContainers('26.703'))
      .when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx)
      .then([
        { type: 'DispenseCompleted', dispensed: '50.403', unit: 'kg', toleranceState: 'in', quantities: { produced: '50.403', good: '50.403', scrap: '0', rework: '0', reweighs: 0 } },
        { type: 'StepCompleted', stepId: '3', signOffRequired: false },
      ]);
  });

  it('refuses under tolerance, naming the figures', () => {
    order
      .given(twoContainers('26.000'))
      .when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx)
      .thenRefused('dispense-under-tolerance', "Paracetamol dispensed 49.700 kg is under tolerance (target 50.403 kg, limits 50.155–50.655 kg) — weigh another container, or override with a reason and a second person's signature");
  });

  it('refuses over tolerance; a re-weigh (reject a container) then completes with scrap counted', () => {
    const over = twoContainers('27.000');
    order.given(over).when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx).thenRefused('dispense-over-tolerance', /dispensed 50.700 kg is over tolerance/);
    const redone = run(over, [
      { type: 'rejectWeighing', stepId: '3', by: 'olivia.operator', weighingId: 'w2', reason: 'overfilled', disposition: 'scrap' },
      weigh('3', 'w3', 'BAL-04', 'PCM-2401', '26.703', '1.500', 'kg'),
    ]);
    order
      .given(redone)
      .when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx)
      .then([{ type: 'DispenseCompleted', toleranceState: 'in', quantities: { produced: '75.903', good: '50.403', scrap: '25.500', rework: '0', reweighs: 1 } }, { type: 'StepCompleted' }]);
  });

  it('a re-weigh voids its container: it leaves the cumulative and the step needs a new weighing', () => {
    const first = run(step3WithLot(), [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg')]);
    const voided = run(first, [{ type: 'rejectWeighing', stepId: '3', by: 'olivia.operator', weighingId: 'w1', reason: 'Tare mistake', disposition: 'reweigh' }]);
    expect(voided.at(-1)).toMatchObject({ type: 'WeighingRejected', weighingId: 'w1', reason: 'Tare mistake', disposition: 'reweigh' });
    order.given(voided).when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx).thenRefused('dispense-nothing-weighed', 'Nothing has been weighed for step 3 (Dispense Paracetamol)');
    order.given(voided).when({ type: 'rejectWeighing', stepId: '3', by: 'olivia.operator', weighingId: 'w1', reason: 'again', disposition: 'scrap' }, ctx).thenRefused('weighing-unknown');
    // The next container starts the cumulative afresh: the voided 25.200 kg is not in it.
    order
      .given(voided)
      .when(weigh('3', 'w2', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), ctx)
      .then([{ type: 'WeighingRecorded', weighingId: 'w2', containerNo: 2, netInStepUnit: '25.200', cumulative: '25.200', toleranceState: 'under' }]);
  });

  it('a re-weighed container is in no quantity (not produced, good, scrap or rework) but counts as a re-weigh', () => {
    const redone = run(step3WithLot(), [
      weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'),
      { type: 'rejectWeighing', stepId: '3', by: 'olivia.operator', weighingId: 'w1', reason: 'Wrong container', disposition: 'reweigh' },
      weigh('3', 'w2', 'BAL-04', 'PCM-2401', '27.000', '1.500', 'kg'),
      { type: 'rejectWeighing', stepId: '3', by: 'olivia.operator', weighingId: 'w2', reason: 'overfilled', disposition: 'scrap' },
      weigh('3', 'w3', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'),
      weigh('3', 'w4', 'BAL-04', 'PCM-2401', '26.703', '1.500', 'kg'),
    ]);
    // produced = good 50.403 + scrap 25.500 + rework 0; the re-weighed 25.200 kg went back to PCM-2401.
    order
      .given(redone)
      .when({ type: 'completeDispense', stepId: '3', by: 'olivia.operator' }, ctx)
      .then([{ type: 'DispenseCompleted', dispensed: '50.403', toleranceState: 'in', quantities: { produced: '75.903', good: '50.403', scrap: '25.500', rework: '0', reweighs: 2 } }, { type: 'StepCompleted' }]);
  });

  it('an override needs the permission, a reason and a second person; it opens a deviation', () => {
    const over = twoContainers('27.000');
    const cmd = (signerId: string, reason = 'customer-approved overage') => ({ type: 'completeDispense', stepId: '3', by: 'olivia.operator', override: { reason, signature: signature(signerId, 'approved') } }) as const;
    order.given(over).when(cmd('oscar.operator'), ctx).thenRefused('signer-lacks-permission', 'Oscar Operator may not approve an override of the tolerance of step 3 (Dispense Paracetamol) (needs permission override-tolerance)');
    order.given(over).when(cmd('sam.supervisor', ''), ctx).thenRefused('signature-reason-missing');
    order
      .given(over)
      .when(cmd('sam.supervisor'), ctx)
      .then([
        { type: 'ToleranceOverridden', toleranceState: 'over', dispensed: '50.700', reason: 'customer-approved overage' },
        { type: 'DeviationOpened', severity: 'medium', orderId: ORDER, stepId: '3', title: 'Out of tolerance: step 3 (Dispense Paracetamol)' },
        { type: 'DispenseCompleted', toleranceState: 'over' },
        { type: 'StepCompleted' },
      ]);
  });

  it('a high-severity override also holds the order, and the order may not go on', () => {
    const master = demoPlant(TODAY);
    const strict = {
      ...master,
      recipes: master.recipes.map((r) => ({ ...r, steps: r.steps.map((s) => (s.id === '3' && s.kind === 'dispense' ? { ...s, outOfToleranceSeverity: 'high' as const } : s)) })),
    };
    const c = floor({ master: strict });
    const over = history(orderDecider, ORDER, [
      [{ type: 'startStep', stepId: '3', by: 'olivia.operator' }, c],
      [{ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401' }, c],
      [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), c],
      [weigh('3', 'w2', 'BAL-04', 'PCM-2401', '27.000', '1.500', 'kg'), c],
      [{ type: 'completeDispense', stepId: '3', by: 'olivia.operator', override: { reason: 'approved', signature: signature('quinn.qa', 'approved') } }, c],
    ], startedThroughStep2(c));
    expect(over.filter((e) => e.type === 'HoldPlaced')).toMatchObject([{ target: { kind: 'order', id: ORDER }, source: 'automatic' }]);
    order.given(over).when({ type: 'startStep', stepId: '5', by: 'olivia.operator' }, c).thenRefused('order-on-hold', 'Order ORD-0001 is on hold — QA must release it before work continues');
  });
});

describe('choosing a balance and typing a lot (issue 8 §1, §2)', () => {
  it('refuses a balance whose USP <41> minimum weight is above the step quantity, before any weighing', () => {
    const s4 = run(throughStep3(), [{ type: 'startStep', stepId: '4', by: 'olivia.operator' }]);
    const state = fold(orderDecider, ORDER, s4);
    if (state.status === 'not-started') throw new Error('order not started');
    expect(checkBalanceChoice(state, '4', 'BAL-04', ctx)).toMatchObject({ ok: false, code: 'balance-minimum-weight-above-quantity' });
    expect(checkBalanceChoice(state, '4', 'BAL-02', ctx)).toMatchObject({ ok: true });
    expect(checkBalanceChoice(state, '4', 'BAL-01', ctx)).toMatchObject({ ok: false, code: 'balance-not-allowed-for-step' });
  });

  it('a typed lot is refused unless the material allows it; allowed, it is marked manual', () => {
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401', entry: 'manual' }, ctx).thenRefused('lot-manual-entry-not-allowed');
    const master = demoPlant(TODAY);
    const typing = floor({ master: { ...master, materials: master.materials.map((m) => (m.id === 'PCM' ? { ...m, manualLotEntry: true } : m)) } });
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401', entry: 'manual' }, typing).then([{ type: 'LotScanned', entry: 'manual' }]);
    // still checked against master data
    order.given(step3Started()).when({ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2399', entry: 'manual' }, typing).thenRefused('lot-expired');
  });
});
