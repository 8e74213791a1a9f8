import type { Decimal } from '../../decimal/decimal.js';
import { add, dec, gt, lt, percentOf, sub } from '../../decimal/decimal.js';
import type { Tolerance } from '../../master-data/recipe.js';

export const TOLERANCE_STATES = ['under', 'in', 'over'] as const;
export type ToleranceState = (typeof TOLERANCE_STATES)[number];

export interface ToleranceBand {
  readonly lower: Decimal;
  readonly upper: Decimal;
}

/** Limits around a target; percentages are exact (no rounding), so the band is the true band. */
export function toleranceBand(target: Decimal, tolerance: Tolerance): ToleranceBand {
  const minus = tolerance.kind === 'percent' ? percentOf(target, dec(tolerance.minus)) : dec(tolerance.minus);
  const plus = tolerance.kind === 'percent' ? percentOf(target, dec(tolerance.plus)) : dec(tolerance.plus);
  return { lower: sub(target, minus), upper: add(target, plus) };
}

/** Boundaries are inside: exactly on a limit is in tolerance. */
export function classify(value: Decimal, band: ToleranceBand): ToleranceState {
  if (lt(value, band.lower)) return 'under';
  if (gt(value, band.upper)) return 'over';
  return 'in';
}
