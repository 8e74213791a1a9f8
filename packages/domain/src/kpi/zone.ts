/**
 * Plant-local wall time ↔ instants in an IANA time zone, through `Intl` (no clock read, no Node).
 * DST: a wall time that does not exist (the spring gap) maps to the instant after the gap; a wall
 * time that happens twice (the autumn repeat) maps to its first occurrence.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface Wall {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

function wallOf(timeZone: string, ms: number): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts['year']!, month: parts['month']!, day: parts['day']!, hour: parts['hour']! % 24, minute: parts['minute']!, second: parts['second']! };
}

/** The zone's offset from UTC at an instant, in milliseconds (+1 h in Berlin in winter). */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const w = wallOf(timeZone, ms);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant of a plant-local date and `HH:MM` in a time zone. */
export function localToInstantMs(timeZone: string, date: string, hhmm: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, m - 1, d, hh, mm);
  const before = zoneOffsetMs(timeZone, wall - 86_400_000);
  const after = zoneOffsetMs(timeZone, wall + 86_400_000);
  const valid = [before, after].map((o) => wall - o).filter((t) => zoneOffsetMs(timeZone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  return wall - before;
}

/** The plant-local date `YYYY-MM-DD` and `HH:MM` of an instant. */
export function localDateTime(timeZone: string, ms: number): { readonly date: string; readonly hhmm: string; readonly weekday: number } {
  const w = wallOf(timeZone, ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = ((new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay() + 6) % 7) + 1;
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, hhmm: `${pad(w.hour)}:${pad(w.minute)}`, weekday };
}
