import {
  deviationDecider,
  equipmentDecider,
  holdDecider,
  orderDecider,
  signerDecider,
  type ActiveHold,
  type DeviationEvent,
  type DeviationState,
  type EquipmentEvent,
  type EquipmentState,
  type HoldEvent,
  type HoldState,
  type OrderState,
  type OrderStreamEvent,
  type Signature,
  type SignerEvent,
  type SignerState,
} from '@lineside/domain';
import type { Aggregate } from './records.js';
import { createStepRecords, type DeviationLookup } from './step-records.js';

/** The kiosk's own session stream (not a domain decider): who logged in and out, and why. */
export type SessionEvent =
  | { readonly type: 'LoggedIn'; readonly at: string; readonly userId: string; readonly stationId: string }
  | { readonly type: 'LoggedOut'; readonly at: string; readonly userId: string; readonly reason: 'logout' | 'inactivity' | 'another-user' }
  | { readonly type: 'PinChanged'; readonly at: string; readonly userId: string; readonly pinVerifier: string; readonly masterVersion: number };

/** A PIN the user set at this kiosk, replacing the admin-set one of user entity version `masterVersion`. */
export interface LocalPin {
  readonly pinVerifier: string;
  readonly masterVersion: number;
}

/** What each aggregate's stream carries: exactly what its decider decides (and evolves). */
export interface StreamEvents {
  readonly order: OrderStreamEvent;
  readonly equipment: EquipmentEvent | HoldEvent;
  readonly signer: SignerEvent;
  readonly session: SessionEvent;
  readonly hold: HoldEvent;
  readonly deviation: DeviationEvent;
}
export type LoggedEvent = StreamEvents[Aggregate];

export interface KnownDeviation {
  readonly state: DeviationState;
  readonly title: string;
  readonly orderId?: string;
}

/** Signatures an event carries: each proves its signer's secret, which ends a run of failures. */
function signaturesOn(event: LoggedEvent): readonly Signature[] {
  const many = 'signatures' in event ? event.signatures : [];
  const one = 'signature' in event && event.signature ? [event.signature] : [];
  return [...many, ...one];
}

/**
 * The folded states of every aggregate in the log, and the one `apply` that folds an event into them.
 * An event may touch more than its own stream: holds and deviations count wherever they were decided
 * (an automatic hold on an equipment stream), and a QA hold or a deviation on its own stream is seen by
 * the held equipment or order. Rebuilt from the log at start: this is what a restart (or kill -9) keeps.
 */
export function createFoldedState() {
  const orders = new Map<string, OrderState>();
  const equipment = new Map<string, EquipmentState>();
  const signers = new Map<string, SignerState>();
  const pins = new Map<string, LocalPin>();
  const holds = new Map<string, ActiveHold>();
  const holdStates = new Map<string, HoldState>();
  const deviations = new Map<string, KnownDeviation>();
  // What each step recorded (pH readings, containers) for the screens that show it (issue 8 §1).
  const stepRecords = createStepRecords();

  const orderOf = (id: string) => orders.get(id) ?? orderDecider.initialState(id);
  const equipmentOf = (id: string) => equipment.get(id) ?? equipmentDecider.initialState(id);
  const signerOf = (id: string) => signers.get(id) ?? signerDecider.initialState(id);
  const holdOf = (id: string) => holdStates.get(id) ?? holdDecider.initialState(id);
  const deviationNow: DeviationLookup = (id) => {
    const known = deviations.get(id);
    return known && known.state.status !== 'none' ? { title: known.title, severity: known.state.severity, open: known.state.status === 'open' } : undefined;
  };

  function applyHold(event: HoldEvent): void {
    holdStates.set(event.holdId, holdDecider.evolve(holdOf(event.holdId), event));
    if (event.type === 'HoldPlaced') holds.set(event.holdId, { holdId: event.holdId, target: event.target, reason: event.reason });
    else holds.delete(event.holdId);
  }

  function applyDeviation(event: DeviationEvent): void {
    const id = event.deviationId;
    const known = deviations.get(id);
    const state = deviationDecider.evolve(known?.state ?? deviationDecider.initialState(id), event);
    const orderId = ('orderId' in event ? event.orderId : undefined) ?? known?.orderId;
    const title = event.type === 'DeviationOpened' ? event.title : (known?.title ?? id);
    deviations.set(id, { state, title, ...(orderId !== undefined ? { orderId } : {}) });
  }

  /** Each stream's own fold, typed by its decider. */
  const evolveStream: { readonly [A in Aggregate]: (streamId: string, event: StreamEvents[A]) => void } = {
    order: (id, event) => orders.set(id, orderDecider.evolve(orderOf(id), event)),
    equipment: (id, event) => equipment.set(id, equipmentDecider.evolve(equipmentOf(id), event)),
    signer: (id, event) => signers.set(id, signerDecider.evolve(signerOf(id), event)),
    session: (id, event) => {
      // A proven secret ends a run of failures, as SignatureApplied does in the signer decider.
      if ((event.type === 'LoggedIn' || event.type === 'PinChanged') && signers.get(id)?.status === 'active') signers.set(id, signerDecider.initialState(id));
      if (event.type === 'PinChanged') pins.set(id, { pinVerifier: event.pinVerifier, masterVersion: event.masterVersion });
    },
    hold: (_id, event) => {
      // A QA hold and every release are their own stream; the held equipment or order sees them too.
      if (event.target.kind === 'equipment') equipment.set(event.target.id, equipmentDecider.evolve(equipmentOf(event.target.id), event));
      if (event.target.kind === 'order') orders.set(event.target.id, orderDecider.evolve(orderOf(event.target.id), event));
    },
    deviation: (_id, event) => {
      // A deviation entered or closed on its own stream still counts on its order (high ones stop it).
      const orderId = deviations.get(event.deviationId)?.orderId;
      if (orderId !== undefined && event.type !== 'DeviationSigned') orders.set(orderId, orderDecider.evolve(orderOf(orderId), event));
    },
  };

  function apply<A extends Aggregate>(aggregate: A, streamId: string, event: StreamEvents[A]): void {
    const any: LoggedEvent = event;
    stepRecords.apply(any);
    if (any.type === 'HoldPlaced' || any.type === 'HoldReleased') applyHold(any);
    if (any.type === 'DeviationOpened' || any.type === 'DeviationSigned' || any.type === 'DeviationClosed') applyDeviation(any);
    for (const signature of signaturesOn(any)) if (signers.get(signature.signerId)?.status === 'active') signers.set(signature.signerId, signerDecider.initialState(signature.signerId));
    evolveStream[aggregate](streamId, event);
  }

  return { orders, equipment, signers, pins, holds, holdStates, deviations, stepRecords, deviationNow, orderOf, equipmentOf, signerOf, holdOf, apply };
}
export type FoldedState = ReturnType<typeof createFoldedState>;
