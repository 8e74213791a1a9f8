/** A half-open span of time [start, end) in epoch milliseconds. */
export interface Interval {
  readonly start: number;
  readonly end: number;
}

export const intervalLength = (i: Interval): number => Math.max(0, i.end - i.start);

export function intersect(a: Interval, b: Interval): Interval | null {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return end > start ? { start, end } : null;
}

/** `window` less the `holes` (sorted or not), as ordered disjoint intervals. */
export function subtract(window: Interval, holes: readonly Interval[]): Interval[] {
  let parts: Interval[] = [window];
  for (const hole of holes) {
    parts = parts.flatMap((p) => {
      if (hole.end <= p.start || hole.start >= p.end) return [p];
      const out: Interval[] = [];
      if (hole.start > p.start) out.push({ start: p.start, end: hole.start });
      if (hole.end < p.end) out.push({ start: hole.end, end: p.end });
      return out;
    });
  }
  return parts.sort((x, y) => x.start - y.start);
}

/** Cuts an interval at every boundary inside it; the pieces cover it exactly (no time lost or added). */
export function splitAt(interval: Interval, boundaries: readonly number[]): Interval[] {
  const cuts = [...new Set(boundaries.filter((b) => b > interval.start && b < interval.end))].sort((a, b) => a - b);
  const pieces: Interval[] = [];
  let start = interval.start;
  for (const cut of cuts) {
    pieces.push({ start, end: cut });
    start = cut;
  }
  if (interval.end > start) pieces.push({ start, end: interval.end });
  return pieces;
}

/** Total length of `interval` inside a set of disjoint windows. */
export function overlapLength(interval: Interval, windows: readonly Interval[]): number {
  let sum = 0;
  for (const w of windows) {
    const both = intersect(interval, w);
    if (both) sum += intervalLength(both);
  }
  return sum;
}
