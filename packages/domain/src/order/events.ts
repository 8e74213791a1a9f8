import type { DeviationEvent } from '../deviation/deviation.js';
import type { CalibrationStatus } from '../equipment/calibration.js';
import type { Signature } from '../esignature/signature.js';
import type { HoldEvent } from '../hold/events.js';
import type { MassUnit } from '../decimal/quantity.js';
import type { DeviationSeverity } from '../master-data/recipe.js';
import type { ShiftRef } from '../master-data/site.js';
import type { Instant } from '../time/calendar.js';
import type { ToleranceState } from './dispense/tolerance.js';
import type { RejectionDisposition, TareSource } from './commands.js';
import type { ContainerOrigin } from './dispense/container-evidence.js';

/** Every order event carries time and shift: ISO 22400 computes from event time. */
interface OrderEventBase {
  readonly at: Instant;
  readonly shift: ShiftRef;
  readonly orderId: string;
}
interface StepEventBase extends OrderEventBase {
  readonly stepId: string;
  readonly by: string;
}

export type OrderEvent =
  | (OrderEventBase & { readonly type: 'OrderStarted'; readonly recipeId: string; readonly recipeVersion: number; readonly stationId: string; readonly batchNumber: string; readonly by: string; readonly masterDataVersion: number })
  | (OrderEventBase & { readonly type: 'OrderPaused'; readonly by: string; readonly reason: string })
  | (OrderEventBase & { readonly type: 'OrderResumed'; readonly by: string })
  | (OrderEventBase & { readonly type: 'OrderCompleted'; readonly by: string; readonly quantities: OrderQuantities; readonly exceptions?: readonly OrderException[] })
  | (StepEventBase & { readonly type: 'StepStarted' })
  | (StepEventBase & { readonly type: 'StepCompleted'; readonly signOffRequired: boolean })
  | (OrderEventBase & { readonly type: 'StepSigned'; readonly stepId: string; readonly signatures: readonly Signature[] })
  | (StepEventBase & { readonly type: 'InstructionAcknowledged' })
  | (StepEventBase & { readonly type: 'EquipmentStatusConfirmed'; readonly equipment: readonly { readonly equipmentId: string; readonly calibration: CalibrationStatus }[] })
  | (StepEventBase & { readonly type: 'LotScanned'; readonly lotId: string; readonly materialId: string; readonly expiry: string; readonly entry?: 'scan' | 'manual'; readonly fefoOverride?: { readonly reason: string; readonly signature: Signature; readonly firstExpiryLotId: string } })
  | (StepEventBase & { readonly type: 'DispenseTargetSet'; readonly materialId: string; readonly nominal: string; readonly target: string; readonly lower: string; readonly upper: string; readonly unit: MassUnit; readonly basis: TargetBasis })
  | (StepEventBase & {
      readonly type: 'WeighingRecorded';
      readonly weighingId: string;
      readonly containerNo: number;
      readonly balanceId: string;
      readonly lotId: string;
      readonly materialId: string;
      readonly method: string;
      readonly gross: string;
      readonly tare: string;
      readonly net: string;
      readonly balanceUnit: MassUnit;
      /** Net in the step's unit, and the cumulative dispensed so far in it. */
      readonly netInStepUnit: string;
      readonly cumulative: string;
      readonly toleranceState: ToleranceState;
      readonly calibration: CalibrationStatus;
      readonly tareSource?: TareSource;
      readonly rawFrame?: string;
      /** Why this is a new physical load: the step's first, the first on another balance, a new tare, the pan back at zero. */
      readonly containerOrigin?: ContainerOrigin;
      /** The SSCC on the container's label (record payload order.weighing-recorded@2). */
      readonly sscc?: string;
    })
  | (StepEventBase & {
      readonly type: 'ContainerCharged';
      readonly sscc: string;
      /** How the kiosk knew the container: dispensed in its own log, pulled from the server, or not known (accepted by override). */
      readonly known: ChargeKnowledge;
      /** The container's dispense step, material, lot and net (absent when not yet synced). */
      readonly dispenseStepId?: string;
      readonly materialId?: string;
      readonly lotId?: string;
      readonly net?: string;
      readonly unit?: MassUnit;
      readonly notSynced?: { readonly reason: string; readonly signature: Signature; readonly deviationId: string };
    })
  | (StepEventBase & { readonly type: 'WeighingRejected'; readonly weighingId: string; readonly reason: string; readonly disposition: RejectionDisposition })
  | (StepEventBase & { readonly type: 'ToleranceOverridden'; readonly toleranceState: ToleranceState; readonly dispensed: string; readonly reason: string; readonly signature: Signature })
  | (StepEventBase & { readonly type: 'DispenseCompleted'; readonly dispensed: string; readonly unit: MassUnit; readonly toleranceState: ToleranceState; readonly quantities: StepQuantities })
  | (StepEventBase & {
      readonly type: 'PhMeasured';
      readonly meterId: string;
      readonly ph: string;
      readonly mv: string;
      readonly temperatureC: string;
      readonly low: string;
      readonly high: string;
      readonly result: 'within-limits' | 'out-of-limits';
      readonly calibration: CalibrationStatus;
    })
  | (StepEventBase & { readonly type: 'CheckRecorded'; readonly value?: string; readonly passed: boolean });

export const CHARGE_KNOWLEDGE = ['own-log', 'synced', 'not-synced'] as const;
export type ChargeKnowledge = (typeof CHARGE_KNOWLEDGE)[number];

/** How a dispense target was derived, so a reviewer can redo the arithmetic. */
export type TargetBasis =
  | { readonly kind: 'nominal' }
  | { readonly kind: 'potency'; readonly lotId: string; readonly lotPotencyPercent: string; readonly referencePercent: string; readonly roundedTo: number; readonly rounding: 'half-up' }
  | { readonly kind: 'compensation'; readonly compensatesStep: string; readonly surplus: string; readonly roundedTo: number; readonly rounding: 'half-up' };

/**
 * ISO 22400 quantities of one dispense, in the step's unit: produced = good + scrap + rework. A re-weighed
 * container went back to its lot: it is in none of them. `reweighs` counts every rejected container (re-weigh,
 * scrap or rework): each one was weighed again, so the dispense was not right first time.
 */
export interface StepQuantities {
  readonly produced: string;
  readonly good: string;
  readonly scrap: string;
  readonly rework: string;
  readonly reweighs: number;
}

/** A deviation still open when the order completed (the recipe allowed it): an exception of the batch record. */
export interface OrderException {
  readonly kind: 'open-deviation';
  readonly deviationId: string;
  readonly severity: DeviationSeverity;
}

export interface OrderQuantities {
  readonly dispensedSteps: number;
  readonly reweighs: number;
  readonly deviations: number;
}

export type OrderStreamEvent = OrderEvent | HoldEvent | DeviationEvent;
