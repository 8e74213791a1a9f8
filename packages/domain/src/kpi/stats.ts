/** Small statistics for the floor KPIs; inputs in any order. */

/** The p-th percentile (0..100) by the nearest-rank method: always a value that occurred. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function stdev(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Process capability Cpk = min(USL − μ, μ − LSL) / 3σ of dispenses whose bands differ: each dispense
 * is placed in its own band, 0 at the lower limit and 1 at the upper, so LSL = 0 and USL = 1.
 */
export function cpkInBand(positions: readonly number[]): number | null {
  const m = mean(positions);
  const s = stdev(positions);
  if (m === null || s === null || s === 0) return null;
  return Math.min(1 - m, m) / (3 * s);
}
