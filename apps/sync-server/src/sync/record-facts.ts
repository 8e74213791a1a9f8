import type { Static } from 'typebox';
import { KIOSK_RESTARTED, type Permission } from '@lineside/domain';
import type { RecordPayloads, SignedRecord } from '@lineside/sync-protocol';

/**
 * What the business checks need from a record, read from the fields its record contract defines
 * (sync-protocol's catalog; the push refused anything else), never guessed from test-shaped fields.
 */
type P = typeof RecordPayloads;
type SignatureOnRecord = Static<P['StepSigned']>['signatures'][number];

/** An e-signature on the record, and what its signer must be allowed to do. */
export interface SignatureFact {
  readonly signature: SignatureOnRecord;
  /** The permission the signer needs, or undefined when any active user may sign (step sign-offs). */
  readonly permission?: Permission;
  readonly what: string;
}

export interface RecordFacts {
  /** The instrument a measurement was taken on: its calibration must have been valid centrally. */
  readonly equipmentUsed?: string;
  /** The lot consumed: it must have been released centrally. */
  readonly lotConsumed?: string;
  /** The recipe version an order was run on: no newer approved version may have been in effect centrally. */
  readonly recipeRun?: { readonly id: string; readonly version: number };
  /** The permission the acting user needs for this act (any one of a list), or null when it needs only an active user. */
  readonly actorPermission?: Permission | readonly Permission[] | null;
  readonly act: string;
  readonly signatures: readonly SignatureFact[];
  /** Signers that must be distinct people (a two-person rule), with what they signed. */
  readonly distinctSigners?: { readonly signerIds: readonly string[]; readonly what: string };
  /** A signer that must not be this user (a second person approving the performer's act). */
  readonly notPerformer?: { readonly signerId: string; readonly performerId: string; readonly what: string };
  /** For a hold release: the signature must be the acting user's own. */
  readonly signerIsActor?: string;
  /** For a hold release: the kind held, whose central setting says how many people sign. */
  readonly requiredSignatures?: { readonly kind: string };
}

function payload<K extends keyof P>(record: SignedRecord, _schema: K): Static<P[K]> {
  return record.payload as unknown as Static<P[K]>;
}

/** Facts of one record; a type the checks have nothing to ask about gives only the act. */
export function factsOf(record: SignedRecord): RecordFacts {
  const aggregate = record.type.slice(0, record.type.indexOf('.'));
  const none: RecordFacts = { act: record.type, signatures: [], actorPermission: aggregate === 'session' || aggregate === 'signer' || aggregate === 'clock' ? null : 'execute-step' };
  switch (record.type) {
    case 'weighing.recorded': {
      const p = payload(record, 'BalanceWeighing');
      return { ...none, act: 'a weighing', equipmentUsed: p.equipmentId, ...(record.subject?.['lot'] !== undefined ? { lotConsumed: record.subject['lot'] } : {}) };
    }
    case 'order.weighing-recorded': {
      const p = payload(record, 'WeighingRecorded');
      return { ...none, act: `a weighing of order ${p.orderId} step ${p.stepId}`, equipmentUsed: p.balanceId, lotConsumed: p.lotId };
    }
    case 'order.order-started': {
      // The kiosk names the recipe it runs here, not in masterRefs: this is where a stale recipe shows.
      const p = payload(record, 'OrderStarted');
      return { ...none, act: `the start of order ${p.orderId}`, recipeRun: { id: p.recipeId, version: p.recipeVersion } };
    }
    case 'order.ph-measured': {
      const p = payload(record, 'PhMeasured');
      return { ...none, act: `a pH measurement of order ${p.orderId} step ${p.stepId}`, equipmentUsed: p.meterId };
    }
    case 'order.lot-scanned': {
      const p = payload(record, 'LotScanned');
      if (!p.fefoOverride) return { ...none, act: `a lot scan of order ${p.orderId}` };
      const what = `the FEFO override of lot ${p.lotId} (order ${p.orderId} step ${p.stepId})`;
      return { ...none, act: `a lot scan of order ${p.orderId}`, signatures: [{ signature: p.fefoOverride.signature, permission: 'override-fefo', what }], notPerformer: { signerId: p.fefoOverride.signature.signerId, performerId: p.by, what } };
    }
    case 'order.tolerance-overridden': {
      const p = payload(record, 'ToleranceOverridden');
      const what = `the tolerance override of order ${p.orderId} step ${p.stepId}`;
      return { ...none, act: what, signatures: [{ signature: p.signature, permission: 'override-tolerance', what }], notPerformer: { signerId: p.signature.signerId, performerId: p.by, what } };
    }
    case 'order.step-signed': {
      const p = payload(record, 'StepSigned');
      const what = `the sign-off of order ${p.orderId} step ${p.stepId}`;
      return { ...none, act: what, signatures: p.signatures.map((signature) => ({ signature, what })), distinctSigners: { signerIds: p.signatures.map((s) => s.signerId), what } };
    }
    case 'equipment.routine-test-passed':
    case 'equipment.routine-test-failed':
    case 'equipment.hold-placed':
      return { ...none, act: `a routine test of ${record.subject?.['equipment'] ?? 'equipment'}`, actorPermission: 'run-routine-test' };
    case 'equipment.equipment-state-changed': {
      const p = payload(record, 'EquipmentStateChanged');
      const act = `a state change of ${record.subject?.['equipment'] ?? 'equipment'}`;
      // The one state change a kiosk records as itself: idle at its own start (domain KIOSK_RESTARTED), never with a person.
      if (record.actor.kind === 'kiosk' && p.to === 'idle' && p.reason === KIOSK_RESTARTED && (p.from === 'running' || p.from === 'setup')) return { ...none, act, actorPermission: null };
      return { ...none, act, actorPermission: ['change-equipment-state', 'execute-step'] };
    }
    case 'hold.hold-placed': {
      const p = payload(record, 'HoldPlaced');
      return { ...none, act: `placing hold ${p.holdId} on ${p.target.kind} ${p.target.id}`, actorPermission: p.source === 'qa' ? 'place-hold' : 'execute-step' };
    }
    case 'hold.hold-released': {
      const p = payload(record, 'HoldReleased');
      const what = `the release of hold ${p.holdId} on ${p.target.kind} ${p.target.id}`;
      const signatures: SignatureFact[] = [{ signature: p.signature, permission: 'release-hold', what }];
      if (p.secondSignature) signatures.push({ signature: p.secondSignature, permission: 'verify-hold-release', what });
      return {
        ...none,
        act: what,
        actorPermission: 'release-hold',
        signatures,
        signerIsActor: p.signature.signerId,
        requiredSignatures: { kind: p.target.kind },
        ...(p.secondSignature ? { distinctSigners: { signerIds: [p.signature.signerId, p.secondSignature.signerId], what } } : {}),
      };
    }
    case 'deviation.deviation-signed': {
      const p = payload(record, 'DeviationSigned');
      const what = `a signature of deviation ${p.deviationId}`;
      return { ...none, act: what, actorPermission: 'close-deviation', signatures: [{ signature: p.signature, permission: 'close-deviation', what }], signerIsActor: p.signature.signerId };
    }
    case 'deviation.deviation-closed': {
      const p = payload(record, 'DeviationClosed');
      const what = `the closing of deviation ${p.deviationId}`;
      return { ...none, act: what, actorPermission: 'close-deviation', signatures: p.signatures.map((signature) => ({ signature, permission: 'close-deviation' as const, what })), distinctSigners: { signerIds: p.signatures.map((s) => s.signerId), what } };
    }
    default:
      return none;
  }
}
