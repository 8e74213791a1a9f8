import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';

/** A plant-local calendar date, `YYYY-MM-DD`; the kiosk decides which day "today" is. */
export type IsoDate = string;
/** An instant, ISO 8601 with offset (`2026-11-25T09:12:00+01:00`). */
export type Instant = string;

export interface CalendarDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function parseIsoDate(text: string): Result<CalendarDay, 'date-invalid'> {
  const m = ISO_DATE.exec(text);
  if (!m) return refuse('date-invalid', `"${text}" is not a date in the form YYYY-MM-DD`);
  const day = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (day.month < 1 || day.month > 12 || day.day < 1 || day.day > daysInMonth(day.year, day.month)) {
    return refuse('date-invalid', `"${text}" is not a calendar date`);
  }
  return accept(day);
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Days since 1970-01-01 (Howard Hinnant's days_from_civil): exact calendar arithmetic without a clock. */
export function dayNumber(day: CalendarDay): number {
  const y = day.month <= 2 ? day.year - 1 : day.year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (day.month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day.day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function fromDayNumber(n: number): CalendarDay {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function formatIsoDate(day: CalendarDay): IsoDate {
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(day.year, 4)}-${pad(day.month, 2)}-${pad(day.day, 2)}`;
}

function must(text: IsoDate): CalendarDay {
  const parsed = parseIsoDate(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return formatIsoDate(fromDayNumber(dayNumber(must(date)) + days));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(must(to)) - dayNumber(must(from));
}

export function isInstant(text: string): boolean {
  return ISO_INSTANT.test(text) && !Number.isNaN(Date.parse(text));
}

/** Milliseconds since the epoch of an instant string; parsing a given text reads no clock. */
export function instantMs(instant: Instant): number {
  const ms = Date.parse(instant);
  if (!ISO_INSTANT.test(instant) || Number.isNaN(ms)) throw new Error(`"${instant}" is not an ISO 8601 instant with offset`);
  return ms;
}
