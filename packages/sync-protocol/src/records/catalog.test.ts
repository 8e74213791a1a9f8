import { describe, expect, it } from 'vitest';
import type { Static, TSchema } from 'typebox';
import { DOMAIN_EVENT_TYPES, type DeviationEvent, type DomainEvent, type EquipmentEvent, type HoldEvent, type OrderEvent, type SignerEvent } from '@lineside/domain';
import { checkRecordContract, currentPayloadSchema, kebabEventType, RECORD_CONTRACTS, recordContract } from './catalog.js';
import type * as P from './payloads.js';

// The payload schemas and the domain's event types must describe the same objects: checked at compile time.
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? ([keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false) : false) : false;
type Event<E, T extends string> = Writable<E extends { type: infer U } ? (T extends U ? Omit<E, 'type'> & { type: T } : never) : never>;
type Agrees<S extends TSchema, E, T extends string> = Same<Writable<Static<S>>, Event<E, T>>;
const agreement: readonly true[] = [
  true satisfies Agrees<typeof P.OrderStarted, OrderEvent, 'OrderStarted'>,
  true satisfies Agrees<typeof P.OrderPaused, OrderEvent, 'OrderPaused'>,
  true satisfies Agrees<typeof P.OrderResumed, OrderEvent, 'OrderResumed'>,
  true satisfies Agrees<typeof P.OrderCompleted, OrderEvent, 'OrderCompleted'>,
  true satisfies Agrees<typeof P.StepStarted, OrderEvent, 'StepStarted'>,
  true satisfies Agrees<typeof P.StepCompleted, OrderEvent, 'StepCompleted'>,
  true satisfies Agrees<typeof P.StepSigned, OrderEvent, 'StepSigned'>,
  true satisfies Agrees<typeof P.InstructionAcknowledged, OrderEvent, 'InstructionAcknowledged'>,
  true satisfies Agrees<typeof P.EquipmentStatusConfirmed, OrderEvent, 'EquipmentStatusConfirmed'>,
  true satisfies Agrees<typeof P.LotScanned, OrderEvent, 'LotScanned'>,
  true satisfies Agrees<typeof P.DispenseTargetSet, OrderEvent, 'DispenseTargetSet'>,
  // The domain's weighing has an optional SSCC: version 1 is the weighing without it, version 2 with it.
  true satisfies Same<Writable<Static<typeof P.WeighingRecorded>>, Omit<Event<OrderEvent, 'WeighingRecorded'>, 'sscc'>>,
  true satisfies Same<Writable<Static<typeof P.WeighingRecordedV2>>, Omit<Event<OrderEvent, 'WeighingRecorded'>, 'sscc'> & { sscc: string }>,
  // Version 1 of a rejection knows scrap and rework; version 2 adds reweigh, the domain's whole vocabulary.
  true satisfies Same<Writable<Static<typeof P.WeighingRejected>>, Omit<Event<OrderEvent, 'WeighingRejected'>, 'disposition'> & { disposition: 'scrap' | 'rework' }>,
  true satisfies Agrees<typeof P.WeighingRejectedV2, OrderEvent, 'WeighingRejected'>,
  true satisfies Agrees<typeof P.ToleranceOverridden, OrderEvent, 'ToleranceOverridden'>,
  true satisfies Agrees<typeof P.DispenseCompleted, OrderEvent, 'DispenseCompleted'>,
  true satisfies Agrees<typeof P.PhMeasured, OrderEvent, 'PhMeasured'>,
  true satisfies Agrees<typeof P.CheckRecorded, OrderEvent, 'CheckRecorded'>,
  true satisfies Agrees<typeof P.ContainerCharged, OrderEvent, 'ContainerCharged'>,
  true satisfies Agrees<typeof P.RoutineTestPassed, EquipmentEvent, 'RoutineTestPassed'>,
  true satisfies Agrees<typeof P.RoutineTestFailed, EquipmentEvent, 'RoutineTestFailed'>,
  true satisfies Agrees<typeof P.EquipmentStateChanged, EquipmentEvent, 'EquipmentStateChanged'>,
  true satisfies Agrees<typeof P.HoldPlaced, HoldEvent, 'HoldPlaced'>,
  true satisfies Agrees<typeof P.HoldReleased, HoldEvent, 'HoldReleased'>,
  true satisfies Agrees<typeof P.DeviationOpened, DeviationEvent, 'DeviationOpened'>,
  true satisfies Agrees<typeof P.DeviationSigned, DeviationEvent, 'DeviationSigned'>,
  true satisfies Agrees<typeof P.DeviationClosed, DeviationEvent, 'DeviationClosed'>,
  true satisfies Agrees<typeof P.SignatureApplied, SignerEvent, 'SignatureApplied'>,
  true satisfies Agrees<typeof P.SignatureFailed, SignerEvent, 'SignatureFailed'>,
  true satisfies Agrees<typeof P.SignerLockedOut, SignerEvent, 'SignerLockedOut'>,
  true satisfies Agrees<typeof P.SignerUnlocked, SignerEvent, 'SignerUnlocked'>,
];

const signature = { signatureId: 'S-1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', signedAt: '2026-11-25T09:00:00+01:00', signedHash: `sha256:${'a'.repeat(64)}`, components: 'id-and-secret', reason: 'retested' };
const weighing = {
  type: 'order.weighing-recorded',
  payloadSchema: 'order.weighing-recorded@1',
  subject: { order: 'ORD-0001' },
  payload: {
    type: 'WeighingRecorded',
    at: '2026-11-25T09:12:00.000+01:00',
    shift: { shiftId: 'early', date: '2026-11-25' },
    orderId: 'ORD-0001',
    stepId: '3',
    by: 'olivia.operator',
    weighingId: 'W-1',
    containerNo: 1,
    balanceId: 'BAL-04',
    lotId: 'PCM-2401',
    materialId: 'PCM',
    method: 'by-difference',
    gross: '26.700',
    tare: '1.500',
    net: '25.200',
    balanceUnit: 'kg',
    netInStepUnit: '25.200',
    cumulative: '25.200',
    toleranceState: 'under',
    calibration: { status: 'in-date', certificateId: 'C-1', dueOn: '2027-01-01', daysLeft: 37 },
    tareSource: 'reading-before-tare',
  },
};

describe('the record catalog', () => {
  it('agrees with the domain event types (compile time) and covers every event the kiosk appends', () => {
    expect(agreement.every(Boolean)).toBe(true);
    const covered = new Set(RECORD_CONTRACTS.map((c) => c.type.slice(c.type.indexOf('.') + 1)));
    // SignatureApplied travels inside the record it signs, never as a record of its own.
    const missing = DOMAIN_EVENT_TYPES.filter((t: DomainEvent['type']) => t !== 'SignatureApplied' && !covered.has(kebabEventType(t)));
    expect(missing).toEqual([]);
    for (const c of RECORD_CONTRACTS) expect(c.payloadSchema).toBe(`${c.type}@${c.version}`);
    expect(recordContract('hold.hold-released@1')?.subject).toEqual(['hold']);
  });

  it('accepts a real-shaped record and names the path of what is wrong', () => {
    expect(checkRecordContract(weighing)).toBeUndefined();
    expect(checkRecordContract({ ...weighing, payloadSchema: 'order.weighing-recorded@9' })).toEqual({ path: '/payloadSchema', message: expect.stringContaining('not in the record catalog') });
    expect(checkRecordContract({ ...weighing, type: 'order.weighing-rejected' })?.path).toBe('/type');
    expect(checkRecordContract({ ...weighing, subject: { lot: 'PCM-2401' } })?.path).toBe('/subject/order');
    const { balanceId: _b, ...noBalance } = weighing.payload;
    expect(checkRecordContract({ ...weighing, payload: noBalance })?.path).toBe('/payload');
    expect(checkRecordContract({ ...weighing, payload: { ...weighing.payload, net: '25.2e0' } })).toEqual({ path: '/payload/net', message: expect.stringMatching(/^order\.weighing-recorded@1: \/payload\/net must match pattern/) });
    expect(checkRecordContract({ ...weighing, payload: { ...weighing.payload, net: 25.2 } })?.path).toBe('/payload/net');
    expect(checkRecordContract({ ...weighing, payload: { ...weighing.payload, extra: 1 } })).toEqual({ path: '/payload/extra', message: 'order.weighing-recorded@1: /payload/extra is not a member of this payload' });
    expect(checkRecordContract({ ...weighing, payload: { ...weighing.payload, calibration: { status: 'in-date' } } })?.path).toMatch(/^\/payload\/calibration/);
    const release = { type: 'hold.hold-released', payloadSchema: 'hold.hold-released@1', subject: { hold: 'H-1' }, payload: { type: 'HoldReleased', at: '2026-11-25T09:00:00+01:00', holdId: 'H-1', target: { kind: 'lot', id: 'PCM-2401' }, reason: 'retested', releasedBy: 'quinn.qa', signature } };
    expect(checkRecordContract(release)).toBeUndefined();
    expect(checkRecordContract({ ...release, payload: { ...release.payload, signature: { ...signature, components: 'pin' } } })?.path).toBe('/payload/signature/components');
  });

  it('a weighing with its container SSCC is version 2; version 1 stays valid for records written before labels', () => {
    const sscc = '095011010010000008';
    const labelled = { ...weighing, payloadSchema: currentPayloadSchema(weighing.type, { ...weighing.payload, sscc }), payload: { ...weighing.payload, sscc } };
    expect(labelled.payloadSchema).toBe('order.weighing-recorded@2');
    expect(currentPayloadSchema(weighing.type, weighing.payload)).toBe('order.weighing-recorded@1');
    expect(checkRecordContract(labelled)).toBeUndefined();
    expect(checkRecordContract(weighing)).toBeUndefined();
    // An SSCC in a version 1 payload is an edit of a published version: refused.
    expect(checkRecordContract({ ...weighing, payload: labelled.payload })).toEqual({ path: '/payload/sscc', message: 'order.weighing-recorded@1: /payload/sscc is not a member of this payload' });
    expect(checkRecordContract({ ...labelled, payload: weighing.payload })?.path).toBe('/payload');
    expect(checkRecordContract({ ...labelled, payload: { ...weighing.payload, sscc: '12345' } })?.path).toBe('/payload/sscc');
  });

  it("a re-weigh rejection is version 2; version 1 refuses 'reweigh' and stays valid for scrap and rework", () => {
    const rejection = (disposition: string) => ({
      type: 'order.weighing-rejected',
      payloadSchema: 'order.weighing-rejected@1',
      subject: { order: 'ORD-0001' },
      payload: { type: 'WeighingRejected', at: '2026-11-25T09:14:00.000+01:00', shift: { shiftId: 'early', date: '2026-11-25' }, orderId: 'ORD-0001', stepId: '3', by: 'olivia.operator', weighingId: 'W-1', reason: 'Tare mistake', disposition },
    });
    const reweigh = rejection('reweigh');
    expect(currentPayloadSchema(reweigh.type, reweigh.payload)).toBe('order.weighing-rejected@2');
    expect(currentPayloadSchema(reweigh.type, rejection('scrap').payload)).toBe('order.weighing-rejected@1');
    expect(currentPayloadSchema(reweigh.type, rejection('rework').payload)).toBe('order.weighing-rejected@1');
    expect(checkRecordContract({ ...reweigh, payloadSchema: 'order.weighing-rejected@2' })).toBeUndefined();
    // 'reweigh' in a version 1 payload would be an edit of a published version: refused, naming the member.
    expect(checkRecordContract(reweigh)).toEqual({ path: '/payload/disposition', message: expect.stringMatching(/^order\.weighing-rejected@1: \/payload\/disposition /) });
    for (const disposition of ['scrap', 'rework']) {
      expect(checkRecordContract(rejection(disposition))).toBeUndefined();
      expect(checkRecordContract({ ...rejection(disposition), payloadSchema: 'order.weighing-rejected@2' })).toBeUndefined();
    }
    expect(checkRecordContract({ ...reweigh, payloadSchema: 'order.weighing-rejected@2', payload: { ...reweigh.payload, disposition: 're-weigh' } })?.path).toBe('/payload/disposition');
  });

  it('label.printed: the first print and each copy, with why a label did not print', () => {
    const printed = { type: 'label.printed', payloadSchema: 'label.printed@1', subject: { order: 'ORD-0001', container: '095011010010000008' }, payload: { at: '2026-11-25T09:13:00+01:00', orderId: 'ORD-0001', stepId: '3', weighingId: 'W-1', sscc: '095011010010000008', copyNo: 0, printerId: 'PRN-01', outcome: 'not-printed', problem: { code: 'printer-paper-out', message: 'Printer PRN-01: the printer is out of labels' }, by: 'olivia.operator' } };
    expect(checkRecordContract(printed)).toBeUndefined();
    expect(checkRecordContract({ ...printed, payload: { ...printed.payload, outcome: 'maybe' } })?.path).toBe('/payload/outcome');
    expect(checkRecordContract({ ...printed, subject: {} })?.path).toBe('/subject/order');
  });
});
