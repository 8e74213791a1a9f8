import type { Signature } from '../esignature/signature.js';
import type { Instant } from '../time/calendar.js';

export const HOLD_TARGET_KINDS = ['lot', 'equipment', 'order'] as const;
export type HoldTargetKind = (typeof HOLD_TARGET_KINDS)[number];
export interface HoldTarget {
  readonly kind: HoldTargetKind;
  readonly id: string;
}

export const HOLD_SOURCES = ['qa', 'automatic'] as const;
export type HoldSource = (typeof HOLD_SOURCES)[number];

export type HoldEvent =
  | { readonly type: 'HoldPlaced'; readonly at: Instant; readonly holdId: string; readonly target: HoldTarget; readonly reason: string; readonly source: HoldSource; readonly placedBy: string }
  | { readonly type: 'HoldReleased'; readonly at: Instant; readonly holdId: string; readonly target: HoldTarget; readonly reason: string; readonly releasedBy: string; readonly signature: Signature; readonly secondSignature?: Signature };
