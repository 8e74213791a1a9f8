import type { OperatingState } from '../equipment/state.js';
import { intersect, intervalLength, overlapLength, type Interval } from './interval.js';
import type { ShiftInstance } from './shift-calendar.js';
import { emptyTotals, type KpiTotals } from './totals.js';

/** A state a piece of equipment of the work unit entered at `at` (event time), from a record. */
export interface StateChange {
  readonly at: number;
  /** The equipment (or other source) whose state this is; one work unit may have several. */
  readonly source: string;
  readonly state: OperatingState;
  readonly reason?: string;
  /** A down state that was planned (not a failure: no FE, no TTR). */
  readonly planned?: boolean;
  readonly recordId: string;
}

export const SEGMENT_STATES = ['running', 'setup', 'down', 'idle', 'unknown'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

export interface StateSegment extends Interval {
  readonly state: SegmentState;
  readonly reason?: string;
  readonly planned?: boolean;
  /** The state-change records this segment comes from (drill-down). */
  readonly recordIds: readonly string[];
}

/**
 * Overlap precedence when several sources of one work unit hold states at once: the unit is doing
 * the most valuable thing any of its equipment does. Running beats setup beats down beats idle: an
 * operator dispensing on BAL-01 while BAL-02 is down is producing. No heartbeat beats them all: a
 * state nobody could confirm is unknown time, never counted as running.
 */
export const STATE_PRECEDENCE: readonly OperatingState[] = ['running', 'setup', 'down', 'idle'];

export interface TimeModelInput {
  /** State changes in any order (arrival order must not matter); include the last one before `from`. */
  readonly changes: readonly StateChange[];
  /** Event times of every record of the work unit (proof the kiosk was alive), in any order. */
  readonly heartbeats: readonly number[];
  /** A gap between two signs of life longer than this is unknown time from `last + gap` on. */
  readonly heartbeatGapMs: number;
  readonly from: number;
  readonly to: number;
}

const byTime = (a: StateChange, b: StateChange) => a.at - b.at || a.source.localeCompare(b.source) || a.recordId.localeCompare(b.recordId);

/** The work unit's state over [from, to) as ordered, non-overlapping segments covering it exactly. */
export function stateSegments(input: TimeModelInput): StateSegment[] {
  const { from, to } = input;
  if (to <= from) return [];
  const changes = [...input.changes].sort(byTime);
  const sources = [...new Set(changes.map((c) => c.source))].sort();
  const alive = [...new Set([...input.heartbeats, ...changes.map((c) => c.at)])].sort((a, b) => a - b);
  const silent: Interval[] = [];
  let last: number | null = null;
  for (const t of alive) {
    if (last === null) {
      if (t > from) silent.push({ start: from, end: t });
    } else if (t - last > input.heartbeatGapMs) silent.push({ start: last + input.heartbeatGapMs, end: t });
    last = t;
  }
  if (last === null) silent.push({ start: from, end: to });
  else if (to - last > input.heartbeatGapMs) silent.push({ start: last + input.heartbeatGapMs, end: to });
  const cuts = [...new Set([from, to, ...changes.map((c) => c.at), ...silent.flatMap((s) => [s.start, s.end])])].filter((t) => t >= from && t <= to).sort((a, b) => a - b);

  const current = new Map<string, StateChange>();
  let next = 0;
  const segments: StateSegment[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) {
    const start = cuts[k]!;
    const end = cuts[k + 1]!;
    while (next < changes.length && changes[next]!.at <= start) {
      current.set(changes[next]!.source, changes[next]!);
      next++;
    }
    const isSilent = silent.some((s) => start >= s.start && end <= s.end);
    let winner: StateChange | undefined;
    for (const source of sources) {
      const c = current.get(source);
      if (c && (!winner || STATE_PRECEDENCE.indexOf(c.state) < STATE_PRECEDENCE.indexOf(winner.state))) winner = c;
    }
    const segment: StateSegment =
      isSilent || !winner
        ? { start, end, state: 'unknown', recordIds: [] }
        : { start, end, state: winner.state, ...(winner.reason ? { reason: winner.reason } : {}), ...(winner.planned ? { planned: true } : {}), recordIds: [winner.recordId] };
    const prev = segments[segments.length - 1];
    // Pieces of one state from one record join up; a new record starts a new segment even in the same state, so
    // a shift's drill-down names the records in force during it, not one that only came after it.
    if (prev && prev.end === start && prev.state === segment.state && prev.reason === segment.reason && prev.planned === segment.planned && prev.recordIds.join() === segment.recordIds.join()) {
      segments[segments.length - 1] = { ...prev, end };
    } else segments.push(segment);
  }
  return segments;
}

const isFailure = (s: StateSegment) => s.state === 'down' && !s.planned;

export interface ShiftTime {
  readonly totals: KpiTotals;
  /** Down time inside planned busy time by reason (for the Pareto), ms. */
  readonly downByReason: Readonly<Record<string, number>>;
  readonly stateRecordIds: readonly string[];
}

/**
 * The time part of one shift's totals: each segment is split at the shift's boundaries and only the
 * part inside planned busy time counts toward APT/AUST/ADET/ADOT/unknown; state time in the shift
 * but outside PBT (breaks, planned down) is `offPlan`. Running → APT, setup → AUST, down → ADET,
 * idle → ADOT. A failure (unplanned down) counts once, in the shift where it starts.
 */
export function shiftTime(instance: ShiftInstance, segments: readonly StateSegment[]): ShiftTime {
  const t = { ...emptyTotals(), pot: instance.pot, pdot: instance.pdot, pbt: instance.pbt } as { -readonly [K in keyof KpiTotals]: number };
  const downByReason: Record<string, number> = {};
  const ids = new Set<string>();
  const span = { start: instance.start, end: instance.end };
  for (let k = 0; k < segments.length; k++) {
    const s = segments[k]!;
    const inShift = intersect(s, span);
    if (!inShift) continue;
    for (const id of s.recordIds) ids.add(id);
    const busy = overlapLength(inShift, instance.busy);
    t.offPlan += s.state === 'unknown' ? 0 : intervalLength(inShift) - busy;
    if (s.state === 'running') t.apt += busy;
    else if (s.state === 'setup') t.aust += busy;
    else if (s.state === 'idle') t.adot += busy;
    else if (s.state === 'unknown') t.unknown += busy;
    else {
      t.adet += busy;
      const reason = s.reason ?? 'no reason given';
      downByReason[reason] = (downByReason[reason] ?? 0) + busy;
      if (isFailure(s)) {
        t.ttr += busy;
        const prev = segments[k - 1];
        const continues = prev !== undefined && prev.end === s.start && isFailure(prev);
        if (!continues && s.start >= instance.start && s.start < instance.end) t.fe += 1;
      }
    }
  }
  // Planned busy time no segment covers (outside the computed span) is unknown, never running.
  t.unknown += instance.pbt - (t.apt + t.aust + t.adet + t.adot + t.unknown);
  return { totals: t, downByReason, stateRecordIds: [...ids].sort() };
}
