import type { FloorContext } from './context.js';
import { decideDeviation, evolveDeviation, initialDeviationState } from './deviation/deviation.js';
import type { DeviationCommand, DeviationEvent, DeviationRefusalCode, DeviationState } from './deviation/deviation.js';
import type { EquipmentCommand, EquipmentEvent, EquipmentRefusalCode } from './equipment/equipment.js';
import { decideEquipment, evolveEquipment } from './equipment/equipment.js';
import type { EquipmentState } from './equipment/state.js';
import { initialEquipmentState } from './equipment/state.js';
import type { SignerCommand, SignerEvent, SignerRefusalCode, SignerState } from './esignature/signer.js';
import { decideSigner, evolveSigner, initialSignerState } from './esignature/signer.js';
import type { HoldEvent } from './hold/events.js';
import type { HoldCommand, HoldRefusalCode, HoldState } from './hold/hold.js';
import { decideHold, evolveHold, initialHoldState } from './hold/hold.js';
import type { OrderCommand } from './order/commands.js';
import { decideOrder } from './order/decide.js';
import type { OrderStreamEvent } from './order/events.js';
import { evolveOrder } from './order/evolve.js';
import type { OrderRefusalCode } from './order/refusals.js';
import type { OrderState } from './order/state.js';
import { initialOrderState } from './order/state.js';
import type { Decision } from './result.js';

/** Emmett's decider: decide(state, command, context) → events | refusal; evolve(state, event) → state. */
export interface Decider<State, Command, Event, Code extends string> {
  readonly initialState: (id: string) => State;
  readonly decide: (state: State, command: Command, ctx: FloorContext) => Decision<Event, Code>;
  readonly evolve: (state: State, event: Event) => State;
}

/** State is a fold over events: this is what survives a restart. */
export function fold<State, Event>(decider: Pick<Decider<State, never, Event, string>, 'initialState' | 'evolve'>, id: string, events: readonly Event[]): State {
  return events.reduce(decider.evolve, decider.initialState(id));
}

export const orderDecider: Decider<OrderState, OrderCommand, OrderStreamEvent, OrderRefusalCode> = { initialState: initialOrderState, decide: decideOrder, evolve: evolveOrder };
export const equipmentDecider: Decider<EquipmentState, EquipmentCommand, EquipmentEvent | HoldEvent, EquipmentRefusalCode> = { initialState: initialEquipmentState, decide: decideEquipment, evolve: evolveEquipment };
export const holdDecider: Decider<HoldState, HoldCommand, HoldEvent, HoldRefusalCode> = { initialState: initialHoldState, decide: decideHold, evolve: evolveHold };
export const deviationDecider: Decider<DeviationState, DeviationCommand, DeviationEvent, DeviationRefusalCode> = { initialState: initialDeviationState, decide: decideDeviation, evolve: evolveDeviation };
export const signerDecider: Decider<SignerState, SignerCommand, SignerEvent, SignerRefusalCode> = { initialState: initialSignerState, decide: decideSigner, evolve: evolveSigner };
