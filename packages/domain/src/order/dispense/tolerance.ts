import type { Decimal } from '../../decimal/decimal.js';
import { add, dec, div, gt, lt, mul, percentOf, sub } from '../../decimal/decimal.js';
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

/**
 * The limits a person sees, a refusal quotes and the record keeps: the tolerance band around the target,
 * each limit moved INWARD to a multiple of the balance's readability d (expressed in the step's unit),
 * because a balance can only show multiples of d — a limit between two of them is never a reading, and
 * rounding outward would widen the tolerance. Example: 1.200 kg ±1 % on d = 0.01 g → 1.18800–1.21200 kg.
 */
export function dispenseLimits(target: Decimal, tolerance: Tolerance, readabilityInStepUnit: Decimal): ToleranceBand {
  const band = toleranceBand(target, tolerance);
  const d = readabilityInStepUnit;
  return { lower: mul(div(band.lower, d, 0, 'ceiling'), d), upper: mul(div(band.upper, d, 0, 'floor'), d) };
}
