import type { DeviationEvent } from './deviation/deviation.js';
import type { EquipmentEvent } from './equipment/equipment.js';
import type { SignerEvent } from './esignature/signer.js';
import type { HoldEvent } from './hold/events.js';
import type { OrderEvent } from './order/events.js';

/** Every event the floor produces: the payload types of records (sync-protocol types them from here). */
export type DomainEvent = OrderEvent | EquipmentEvent | HoldEvent | DeviationEvent | SignerEvent;
export type DomainEventType = DomainEvent['type'];

export const DOMAIN_EVENT_TYPES = [
  'OrderStarted',
  'OrderPaused',
  'OrderResumed',
  'OrderCompleted',
  'StepStarted',
  'StepCompleted',
  'StepSigned',
  'InstructionAcknowledged',
  'EquipmentStatusConfirmed',
  'LotScanned',
  'DispenseTargetSet',
  'WeighingRecorded',
  'WeighingRejected',
  'ToleranceOverridden',
  'DispenseCompleted',
  'PhMeasured',
  'CheckRecorded',
  'ContainerCharged',
  'RoutineTestPassed',
  'RoutineTestFailed',
  'EquipmentStateChanged',
  'HoldPlaced',
  'HoldReleased',
  'DeviationOpened',
  'DeviationSigned',
  'DeviationClosed',
  'SignatureApplied',
  'SignatureFailed',
  'SignerLockedOut',
  'SignerUnlocked',
] as const satisfies readonly DomainEventType[];

// compile-time check that the list is complete: every event type appears in it
type _Missing = Exclude<DomainEventType, (typeof DOMAIN_EVENT_TYPES)[number]>;
const _complete: [_Missing] extends [never] ? true : never = true;
void _complete;
