import type { RejectionDisposition } from './commands.js';
import type { Signature } from '../esignature/signature.js';
import type { DeviationSeverity } from '../master-data/recipe.js';
import type { Instant } from '../time/calendar.js';

export const STEP_PHASES = ['not-started', 'in-progress', 'awaiting-signature', 'closed'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

export interface Container {
  readonly weighingId: string;
  readonly lotId: string;
  readonly balanceId: string;
  /** In the step's unit. */
  readonly net: string;
  /** The balance's gross and tare as recorded (balance unit): the load the next container must differ from. */
  readonly gross?: string;
  readonly tare?: string;
  readonly rejected?: RejectionDisposition;
  /** The SSCC on the container's label. */
  readonly sscc?: string;
}

/** A container charged into the batch by a charge step (issue 13). */
export interface ChargedContainer {
  readonly sscc: string;
  readonly by: string;
  readonly at: Instant;
  readonly dispenseStepId?: string;
  readonly materialId?: string;
  readonly notSynced?: boolean;
}

export interface StepProgress {
  readonly phase: StepPhase;
  readonly performers: readonly string[];
  readonly lots: readonly string[];
  readonly containers: readonly Container[];
  readonly target?: { readonly value: string; readonly lower: string; readonly upper: string; readonly potencyLotId?: string };
  readonly overridden?: boolean;
  readonly signatures: readonly Signature[];
  /** Charge steps: the containers scanned in, in order. */
  readonly charged?: readonly ChargedContainer[];
}

export const emptyStep: StepProgress = { phase: 'not-started', performers: [], lots: [], containers: [], signatures: [] };

interface OrderFacts {
  readonly orderId: string;
  readonly recipeId: string;
  readonly recipeVersion: number;
  readonly stationId: string;
  readonly startedAt: Instant;
  readonly steps: Readonly<Record<string, StepProgress>>;
  /** Holds in force on this order. */
  readonly holdIds: readonly string[];
  /** Open deviations of this order, with severity (it decides whether the order may go on). */
  readonly openDeviations: Readonly<Record<string, DeviationSeverity>>;
  readonly deviationCount: number;
  readonly pausedReason?: string;
}

export type OrderState =
  /**
   * Not started on this kiosk. `lineSteps`: the steps this kiosk does while the order runs at its own
   * station elsewhere (a charge step at the line), as the fold of this kiosk's log.
   */
  | { readonly status: 'not-started'; readonly orderId: string; readonly lineSteps?: Readonly<Record<string, StepProgress>> }
  | (OrderFacts & { readonly status: 'running' })
  | (OrderFacts & { readonly status: 'paused'; readonly pausedReason: string })
  | (OrderFacts & { readonly status: 'completed'; readonly completedAt: Instant });

export type ActiveOrderState = Exclude<OrderState, { status: 'not-started' }>;

export const initialOrderState = (orderId: string): OrderState => ({ status: 'not-started', orderId });
