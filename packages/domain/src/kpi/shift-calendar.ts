import { addDays } from '../time/calendar.js';
import type { ShiftRef } from '../master-data/site.js';
import { intervalLength, subtract, type Interval } from './interval.js';
import { localDateTime, localToInstantMs } from './zone.js';

/** A span inside a shift, plant-local `HH:MM`; on a shift that crosses midnight, times before the start are the next day. */
export interface ShiftWindow {
  readonly start: string;
  readonly end: string;
  readonly reason?: string;
}

export interface ShiftDefinition {
  readonly id: string;
  readonly start: string;
  readonly end: string;
  /** Breaks are not planned operation time. */
  readonly breaks?: readonly ShiftWindow[];
  /** Planned down time (planned maintenance, planned cleaning): in POT, not in PBT. */
  readonly plannedDown?: readonly ShiftWindow[];
  /** ISO weekdays the shift runs (1 = Monday … 7 = Sunday), by the day it starts; absent: every day. */
  readonly weekdays?: readonly number[];
}

export interface ShiftCalendar {
  /** IANA time zone of the plant (`Europe/Berlin`); shift times are wall-clock times there. */
  readonly timeZone: string;
  readonly shifts: readonly ShiftDefinition[];
}

/** One occurrence of a shift: it belongs to the plant-local date it starts on, even when it ends the next day. */
export interface ShiftInstance {
  readonly shiftId: string;
  readonly date: string;
  readonly start: number;
  readonly end: number;
  readonly breaks: readonly Interval[];
  readonly plannedDown: readonly Interval[];
  /** Planned busy time windows: the shift less breaks and planned down time. */
  readonly busy: readonly Interval[];
  /** POT = shift − breaks; PDOT; PBT = POT − PDOT (ms; a DST night shift is an hour shorter or longer). */
  readonly pot: number;
  readonly pdot: number;
  readonly pbt: number;
}

const crossesMidnight = (s: { start: string; end: string }) => s.end <= s.start;

function windowOf(calendar: ShiftCalendar, shift: ShiftDefinition, date: string, w: ShiftWindow): Interval {
  const on = (hhmm: string) => (crossesMidnight(shift) && hhmm < shift.start ? addDays(date, 1) : date);
  const start = localToInstantMs(calendar.timeZone, on(w.start), w.start);
  let end = localToInstantMs(calendar.timeZone, on(w.end), w.end);
  if (end <= start) end = localToInstantMs(calendar.timeZone, addDays(on(w.start), 1), w.end);
  return { start, end };
}

export function shiftInstance(calendar: ShiftCalendar, shift: ShiftDefinition, date: string): ShiftInstance {
  const span = windowOf(calendar, shift, date, { start: shift.start, end: shift.end });
  const clip = (ws: readonly ShiftWindow[] | undefined) =>
    (ws ?? []).map((w) => windowOf(calendar, shift, date, w)).map((i) => ({ start: Math.max(i.start, span.start), end: Math.min(i.end, span.end) })).filter((i) => i.end > i.start);
  const breaks = clip(shift.breaks);
  const operating = subtract(span, breaks);
  const plannedDown = clip(shift.plannedDown).flatMap((pd) => operating.flatMap((o) => subtract(pd, subtract(pd, [o]))));
  const busy = operating.flatMap((o) => subtract(o, plannedDown));
  const sum = (is: readonly Interval[]) => is.reduce((n, i) => n + intervalLength(i), 0);
  const pot = sum(operating);
  const pdot = sum(plannedDown);
  return { shiftId: shift.id, date, start: span.start, end: span.end, breaks, plannedDown, busy, pot, pdot, pbt: pot - pdot };
}

/** Every shift that starts in [from, to), in time order. */
export function shiftInstancesStarting(calendar: ShiftCalendar, from: number, to: number): ShiftInstance[] {
  if (to <= from) return [];
  const first = addDays(localDateTime(calendar.timeZone, from).date, -1);
  const last = localDateTime(calendar.timeZone, to).date;
  const out: ShiftInstance[] = [];
  for (let date = first; date <= last; date = addDays(date, 1)) {
    const weekday = localDateTime(calendar.timeZone, localToInstantMs(calendar.timeZone, date, '12:00')).weekday;
    for (const shift of calendar.shifts) {
      if (shift.weekdays && !shift.weekdays.includes(weekday)) continue;
      const instance = shiftInstance(calendar, shift, date);
      if (instance.start >= from && instance.start < to) out.push(instance);
    }
  }
  return out.sort((a, b) => a.start - b.start || a.shiftId.localeCompare(b.shiftId));
}

/** The shift an instant falls in (dated by the day the shift started), or `off-shift` on its local date. */
export function shiftAt(calendar: ShiftCalendar, at: number): ShiftRef {
  const instance = shiftInstancesStarting(calendar, at - 2 * 86_400_000, at + 1).find((i) => at >= i.start && at < i.end);
  return instance ? { shiftId: instance.shiftId, date: instance.date } : { shiftId: 'off-shift', date: localDateTime(calendar.timeZone, at).date };
}

/**
 * The shift of a kiosk-local ISO time (`2026-11-26T02:00:00.000+01:00`) by its wall clock. A shift that
 * crosses midnight belongs to the day it starts: 02:00 in a 22:00–06:00 shift is dated the day before.
 */
export function shiftOfLocal(shifts: readonly { id: string; start: string; end: string }[], localIso: string): ShiftRef {
  const date = localIso.slice(0, 10);
  const hhmm = localIso.slice(11, 16);
  for (const shift of shifts) {
    if (!crossesMidnight(shift)) {
      if (hhmm >= shift.start && hhmm < shift.end) return { shiftId: shift.id, date };
    } else if (hhmm >= shift.start) {
      return { shiftId: shift.id, date };
    } else if (hhmm < shift.end) {
      return { shiftId: shift.id, date: addDays(date, -1) };
    }
  }
  // Outside every shift still needs a reference for the KPI time model.
  return { shiftId: 'off-shift', date };
}
