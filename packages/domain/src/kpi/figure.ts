/**
 * One KPI as a fraction: the numerator and denominator it was computed from, and its value
 * (null when the denominator is 0: no basis, never a made-up 0 or 100 %). Aggregating KPIs means
 * summing the totals they come from and dividing again (ratio of sums), never averaging values.
 */
export interface KpiFigure {
  readonly numerator: number;
  readonly denominator: number;
  readonly value: number | null;
  /** A figure the data cannot produce when it is right (E above 100 %): shown, flagged, never clipped. */
  readonly dataError?: string;
}

export function ratio(numerator: number, denominator: number): KpiFigure {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/** A ratio that should not exceed 1 on valid data: above it the figure is kept and flagged. */
export function boundedRatio(numerator: number, denominator: number, what: string): KpiFigure {
  const figure = ratio(numerator, denominator);
  if (figure.value !== null && figure.value > 1 + 1e-9) {
    return { ...figure, dataError: `${what} is ${(figure.value * 100).toFixed(1)} %, above 100 %: planned run times or quantities are wrong, or production time was not recorded` };
  }
  return figure;
}
