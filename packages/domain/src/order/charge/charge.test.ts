import { describe, expect, it } from 'vitest';
import { orderDecider } from '../../decider.js';
import { allocateSscc } from '../../label/sscc.js';
import type { DispensedContainer } from '../../master-data/container.js';
import { atLine, containersFrom, dispensedAtBooth, LINE_ORDER } from '../../testing/charge.js';
import { floor, signature } from '../../testing/floor.js';
import { history, scenario } from '../../testing/scenario.js';
import type { OrderStreamEvent } from '../events.js';

const GINA = 'gina.granulation';
const order = scenario(orderDecider, LINE_ORDER);
const booth = dispensedAtBooth();
const pulled = containersFrom(booth);
const [first, second] = pulled.map((c) => c.id) as [string, string];
const line = atLine(pulled);
const started = (ctx = line): OrderStreamEvent[] => history(orderDecider, LINE_ORDER, [[{ type: 'startStep', stepId: '2', by: GINA }, ctx]]);
const charge = (sscc: string) => ({ type: 'chargeContainer', stepId: '2', by: GINA, sscc }) as const;
const unknownSscc = (() => {
  const s = allocateSscc({ companyPrefix: '9501101', block: 1, counter: 999_999 });
  if (!s.ok) throw new Error(s.message);
  return s.value;
})();

describe('charging at the line (GRAN-1), the order running at DISP-1', () => {
  it('charges each pulled container; the last one completes the step', () => {
    const one = order.given(started()).when(charge(first), line).then([{ type: 'ContainerCharged', sscc: first, known: 'synced', dispenseStepId: '1', materialId: 'PCM', lotId: 'PCM-2401', net: '25.200' }]);
    order.given([...started(), ...one]).when(charge(second), line).then([{ type: 'ContainerCharged', sscc: second }, { type: 'StepCompleted', stepId: '2', signOffRequired: false }]);
  });

  it('starts only at the station the step names, and only for a planned order', () => {
    order.given([]).when({ type: 'startStep', stepId: '2', by: GINA }, line).then([{ type: 'StepStarted', stepId: '2' }]);
    order.given(booth).when({ type: 'startStep', stepId: '2', by: 'olivia.operator' }, floor()).thenRefused('step-wrong-station', 'step 2 (Charge the Paracetamol containers into the granulator) is done at station GRAN-1, not DISP-1');
    scenario(orderDecider, 'ORD-9').given([]).when({ type: 'chargeContainer', stepId: '2', by: GINA, sscc: first }, line).thenRefused('order-unknown');
  });

  it('refuses a container already charged, naming it, who and when', () => {
    const one = order.given(started()).when(charge(first), line).then([{ type: 'ContainerCharged' }]);
    order.given([...started(), ...one]).when(charge(first), line).thenRefused('container-already-charged', `Container ${first} was already charged by ${GINA} at 2026-11-25T09:00:00+00:00`);
    const chargedElsewhere = atLine(pulled.map((c) => (c.id === first ? { ...c, status: 'charged' as const, charged: { stepId: '2', by: 'quinn.qa', at: '2026-11-25T08:00:00+00:00', kioskId: 'K-GRAN-2' } } : c)));
    order.given(started(chargedElsewhere)).when(charge(first), chargedElsewhere).thenRefused('container-already-charged', /on kiosk K-GRAN-2/);
  });

  it("refuses another order's container, naming the order and its batch", () => {
    const other: DispensedContainer = { ...pulled[0]!, id: unknownSscc, orderId: 'ORD-0001' };
    const ctx = atLine([...pulled, other]);
    order.given(started(ctx)).when(charge(unknownSscc), ctx).thenRefused('container-other-order', `Container ${unknownSscc} belongs to order ORD-0001 (batch B-PCM-0001), not to order ORD-0002 — keep it away from this batch`);
  });

  it('refuses a rejected container and one of a step the charge step does not name', () => {
    const ctx = atLine([{ ...pulled[0]!, status: 'rejected', rejectedReason: 'spilled' }, { ...pulled[1]!, stepId: '9' }]);
    order.given(started(ctx)).when(charge(first), ctx).thenRefused('container-rejected', `Container ${first} was rejected at dispensing (spilled) — it must not be charged`);
    order.given(started(ctx)).when(charge(second), ctx).thenRefused('container-other-step', /holds Paracetamol from step 9/);
  });

  it('refuses a container whose lot is on hold', () => {
    const base = line;
    const held = { ...base, activeHolds: [{ holdId: 'H-1', target: { kind: 'lot' as const, id: 'PCM-2401' }, reason: 'OOS assay' }] };
    order.given(started()).when(charge(first), held).thenRefused('container-on-hold', `Container ${first} is on hold: its lot PCM-2401 is on hold (OOS assay) — it must not be charged`);
    const master = { ...base.master, lots: base.master.lots.map((l) => (l.id === 'PCM-2401' ? { ...l, status: 'on-hold' as const, statusReason: 'QA investigation' } : l)) };
    order.given(started()).when(charge(first), { ...base, master }).thenRefused('container-on-hold', /lot PCM-2401 is on hold \(QA investigation\)/);
  });

  it('refuses a container not yet synced, and accepts it with a second person and a deviation', () => {
    const early = atLine([pulled[0]!]);
    order.given(started(early)).when(charge(second), early).thenRefused('container-not-synced', new RegExp(`^Container ${second} is not yet synced to this kiosk`));
    const notSynced = { reason: 'dispensary kiosk offline, container seen with its label', signature: signature('quinn.qa', 'approved') };
    order.given(started(early)).when({ ...charge(second), notSynced: { ...notSynced, signature: signature(GINA, 'approved') } }, early).thenRefused('signer-same-person-twice');
    order.given(started(early)).when({ ...charge(second), notSynced: { ...notSynced, signature: signature('oscar.operator', 'approved') } }, early).thenRefused('signer-lacks-permission');
    const events = order.given(started(early)).when({ ...charge(second), notSynced }, early).then([
      { type: 'ContainerCharged', sscc: second, known: 'not-synced', notSynced: { reason: notSynced.reason } },
      { type: 'DeviationOpened', severity: 'low', title: `Container charged before it was synced: ${second}` },
    ]);
    const charged = events[0] as Extract<OrderStreamEvent, { type: 'ContainerCharged' }>;
    expect(charged.notSynced?.deviationId).toBe((events[1] as { deviationId: string }).deviationId);
  });

  it('refuses a label that is not a valid SSCC', () => {
    order.given(started()).when(charge('123456789012345678'), line).thenRefused('container-label-invalid', /check digit/);
  });

  it('does not complete while the dispense step is not known complete, and says which containers are missing', () => {
    const partial = atLine(containersFrom(dispensedAtBooth(floor(), false)));
    const one = order.given(started(partial)).when(charge(first), partial).then([{ type: 'ContainerCharged' }]);
    const both = order.given([...started(partial), ...one]).when(charge(second), partial).then([{ type: 'ContainerCharged' }]);
    order.given([...started(partial), ...one, ...both]).when({ type: 'completeCharge', stepId: '2', by: GINA }, partial).thenRefused('charge-dispense-not-complete', /dispense step\(s\) 1 not known complete/);
    order.given([...started(), ...one]).when({ type: 'completeCharge', stepId: '2', by: GINA }, line).thenRefused('charge-containers-missing', `step 2 (Charge the Paracetamol containers into the granulator) cannot complete: 1 container(s) not charged: ${second} (Paracetamol, step 1 container 2)`);
  });
});

describe('the order at its own station (DISP-1)', () => {
  const chargedAll = (containers: readonly DispensedContainer[]) => containers.map((c) => ({ ...c, status: 'charged' as const, charged: { stepId: '2', by: GINA, at: '2026-11-25T10:00:00+00:00', kioskId: 'K-GRAN-1' } }));

  it('cannot complete while a container is not known charged; completes once sync says all are', () => {
    const disp = floor();
    order.given(booth).when({ type: 'completeOrder', by: 'olivia.operator' }, disp).thenRefused('order-steps-open', /step 2 \(Charge the Paracetamol containers into the granulator\) not complete/);
    const half = { ...disp, master: { ...disp.master, containers: [...chargedAll([pulled[0]!]), pulled[1]!] } };
    order.given(booth).when({ type: 'completeOrder', by: 'olivia.operator' }, half).thenRefused('order-steps-open');
    const all = { ...disp, master: { ...disp.master, containers: chargedAll(pulled) } };
    order.given(booth).when({ type: 'completeOrder', by: 'olivia.operator' }, all).then([{ type: 'OrderCompleted' }]);
  });
});
