/**
 * RFC 3339 date-times that name a real instant: a pattern alone lets `2026-02-30T25:61:61Z` through.
 * Leap seconds (`:60`) are refused: no kiosk clock produces them and JavaScript cannot represent them.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Why `text` is not a real date-time with a UTC offset, or undefined when it is one. */
export function dateTimeProblem(text: string): string | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return 'is not an ISO 8601 date-time with a UTC offset (e.g. 2026-11-25T09:15:30.123+01:00)';
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12) return `has month ${m[2]}, which does not exist`;
  if (day < 1 || day > daysInMonth(year, month)) return `has day ${m[3]}, which ${year}-${m[2]} does not have`;
  if (hour > 23) return `has hour ${m[4]}, beyond 23`;
  if (minute > 59) return `has minute ${m[5]}, beyond 59`;
  if (second > 59) return `has second ${m[6]}, beyond 59`;
  if (m[7] !== 'Z' && (Number(m[8]) > 23 || Number(m[9]) > 59)) return `has the UTC offset ${m[7]}, which is not one`;
  return undefined;
}
