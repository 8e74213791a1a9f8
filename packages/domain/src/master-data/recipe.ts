import type { MassUnit } from '../decimal/quantity.js';
import type { Role } from './people.js';
import type { Instant, IsoDate } from '../time/calendar.js';

export const SIGNATURE_MEANINGS = ['performed', 'verified', 'reviewed', 'approved', 'released'] as const;
export type SignatureMeaning = (typeof SIGNATURE_MEANINGS)[number];

/** Who may sign (Tulip's model): anyone with a role, the performer, anyone but the performer. */
export type SignerRule =
  | { readonly kind: 'performer' }
  | { readonly kind: 'not-performer' }
  | { readonly kind: 'role'; readonly roles: readonly Role[]; readonly notPerformer?: boolean };

export interface SignOffRequirement {
  readonly meaning: SignatureMeaning;
  /** Two means a two-person rule: two distinct users. */
  readonly signatures: 1 | 2;
  readonly signer: SignerRule;
}

export const TOLERANCE_KINDS = ['percent', 'absolute'] as const;
/** Asymmetric: `minus` below and `plus` above the target; absolute values are in the step's unit. */
export interface Tolerance {
  readonly kind: (typeof TOLERANCE_KINDS)[number];
  readonly minus: string;
  readonly plus: string;
}

export const DISPENSE_METHODS = ['direct', 'by-difference'] as const;
export type DispenseMethod = (typeof DISPENSE_METHODS)[number];

export const DEVIATION_SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type DeviationSeverity = (typeof DEVIATION_SEVERITIES)[number];

interface StepBase {
  readonly id: string;
  readonly title: string;
  readonly predecessors: readonly string[];
  readonly signOff?: SignOffRequirement;
}

export interface InstructionStep extends StepBase {
  readonly kind: 'instruction';
  readonly text: string;
}

export interface DispenseStep extends StepBase {
  readonly kind: 'dispense';
  readonly materialId: string;
  readonly quantity: string;
  readonly unit: MassUnit;
  readonly tolerance: Tolerance;
  readonly method: DispenseMethod;
  /** At most this many containers; at most this many lots. */
  readonly maxContainers: number;
  readonly maxLots: number;
  readonly potencyAdjusted?: boolean;
  /** Filler: reduce by the potency surplus of another step to hold batch mass. */
  readonly compensatesStep?: string;
  /** Balances the recipe allows; the station decides which are present. */
  readonly balanceIds?: readonly string[];
  readonly outOfToleranceSeverity?: DeviationSeverity;
  /** ISO 22400 PRI of this step (minutes per kg): overrides the material's when set. */
  readonly plannedRunMinutesPerKg?: number;
}

export interface PhMeasurementStep extends StepBase {
  readonly kind: 'ph-measurement';
  readonly low: string;
  readonly high: string;
  readonly stableRequired: boolean;
  readonly meterIds?: readonly string[];
}

export interface LotVerifyStep extends StepBase {
  readonly kind: 'lot-verify';
  readonly materialId: string;
}

export interface InProcessCheckStep extends StepBase {
  readonly kind: 'in-process-check';
  readonly check: { readonly kind: 'numeric'; readonly low: string; readonly high: string; readonly unit: string } | { readonly kind: 'pass-fail' };
}

export interface EquipmentCheckStep extends StepBase {
  readonly kind: 'equipment-check';
  readonly equipmentIds: readonly string[];
}

export interface SignOffStep extends StepBase {
  readonly kind: 'sign-off';
  readonly signOff: SignOffRequirement;
  /** Steps whose performers this sign-off must not be (two-person verification). */
  readonly verifiesSteps?: readonly string[];
}

/**
 * Charging at the line (issue 13): the operator scans the label of every container dispensed by the named
 * dispense steps into the batch; the step completes once each of them is charged. `stationId` is the line
 * where this is done when it is not the order's own station (the containers reach it through sync).
 */
export interface ChargeStep extends StepBase {
  readonly kind: 'charge';
  readonly chargesSteps: readonly string[];
  readonly stationId?: string;
}

export type RecipeStep = InstructionStep | DispenseStep | PhMeasurementStep | LotVerifyStep | InProcessCheckStep | EquipmentCheckStep | SignOffStep | ChargeStep;
export const STEP_KINDS = ['instruction', 'dispense', 'ph-measurement', 'lot-verify', 'in-process-check', 'equipment-check', 'sign-off', 'charge'] as const satisfies readonly RecipeStep['kind'][];
export type StepKind = (typeof STEP_KINDS)[number];

/**
 * A version's life: draft → in review → approved (effective from a date) → superseded by the next approved
 * version, or retired. Only an approved version that is in effect may be executed; an approved version
 * never changes — a change is a new version with a reason.
 */
export const RECIPE_STATUSES = ['draft', 'in-review', 'approved', 'superseded', 'retired'] as const;
export type RecipeStatus = (typeof RECIPE_STATUSES)[number];

/** One Part 11 approval signature on a recipe version (21 CFR 11.50): who, printed name, meaning, when, over what. */
export interface RecipeApproval {
  readonly userId: string;
  readonly printedName: string;
  readonly meaning: 'reviewed' | 'approved';
  readonly signedAt: Instant;
  /** The roles the signer held when signing (QA must be among the approvers). */
  readonly roles: readonly Role[];
  /** Hash of the version's content the signature applies to. */
  readonly contentHash: string;
}

/** A master batch record: versioned; only an approved version may be executed. */
export interface Recipe {
  readonly id: string;
  readonly version: number;
  readonly status: RecipeStatus;
  readonly name: string;
  readonly product: string;
  readonly batchSize: string;
  readonly batchUnit: string;
  /** Set by the server when the second approval lands: the approvers, comma-separated. */
  readonly approvedBy?: string;
  /** Who wrote this version; never one of its approvers. */
  readonly author?: string;
  /** Why this version differs from the one before. */
  readonly changeReason?: string;
  /** SHA-256 of the content (name … steps) as submitted for review; the approvals sign it. */
  readonly contentHash?: string;
  readonly approvals?: readonly RecipeApproval[];
  /** First plant-local day the approved version may be executed. */
  readonly effectiveFrom?: IsoDate;
  /** A superseded version stays in effect until the day its successor takes effect. */
  readonly effectiveUntil?: IsoDate;
  /**
   * Deviation severities the order may be completed with while still open (they become exceptions of the
   * batch record). Absent: none — every deviation on the order must be closed first.
   */
  readonly completeWithOpenDeviations?: readonly DeviationSeverity[];
  readonly steps: readonly RecipeStep[];
}

/**
 * An order's life in the master data: planned (not at any kiosk yet) → released to its station → or
 * cancelled with a reason. Execution (started, completed) is the kiosk's records, not this status.
 */
export const ORDER_PLAN_STATUSES = ['planned', 'released', 'cancelled'] as const;
export type OrderPlanStatus = (typeof ORDER_PLAN_STATUSES)[number];

/** An order (batch) pinned to one recipe version. */
export interface PlannedOrder {
  readonly id: string;
  readonly recipeId: string;
  readonly recipeVersion: number;
  readonly stationId: string;
  readonly batchNumber: string;
  /** Absent on orders written before orders had a status: those were released to their station. */
  readonly status?: OrderPlanStatus;
  /** Why it was cancelled (shown at the kiosk). */
  readonly statusReason?: string;
}

/** The order's status, reading an order written before statuses as released. */
export const orderPlanStatus = (order: PlannedOrder): OrderPlanStatus => order.status ?? 'released';

/** May a kiosk start this order? Only once released, never once cancelled; the refusal names the reason for the operator. */
export function orderReleased(order: PlannedOrder): { readonly ok: true } | { readonly ok: false; readonly code: 'order-not-released' | 'order-cancelled'; readonly why: string } {
  switch (orderPlanStatus(order)) {
    case 'released':
      return { ok: true };
    case 'planned':
      return { ok: false, code: 'order-not-released', why: `Order ${order.id} is planned but not released to a station yet` };
    case 'cancelled':
      return { ok: false, code: 'order-cancelled', why: `Order ${order.id} was cancelled: ${order.statusReason ?? 'no reason given'}` };
  }
}

/**
 * May an order of this recipe version start on plant-local day `today`? Approved and in effect, or
 * superseded by a version that is not in effect yet. The refusal names the reason for the operator.
 */
export function recipeInEffect(recipe: Recipe, today: IsoDate): { readonly ok: true } | { readonly ok: false; readonly why: string } {
  const name = `Recipe ${recipe.id} version ${recipe.version}`;
  switch (recipe.status) {
    case 'approved':
      return recipe.effectiveFrom !== undefined && recipe.effectiveFrom > today ? { ok: false, why: `${name} is approved but not in effect before ${recipe.effectiveFrom}` } : { ok: true };
    case 'superseded':
      return recipe.effectiveUntil !== undefined && today < recipe.effectiveUntil ? { ok: true } : { ok: false, why: `${name} is superseded${recipe.effectiveUntil ? ` since ${recipe.effectiveUntil}` : ''}, not approved` };
    default:
      return { ok: false, why: `${name} is ${recipe.status}, not approved` };
  }
}
