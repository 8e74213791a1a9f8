import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays, dayNumber, daysBetween, formatIsoDate, fromDayNumber, parseIsoDate } from './calendar.js';

describe('calendar', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-25', 5)).toBe('2026-11-30');
    expect(addDays('2026-11-25', -1)).toBe('2026-11-24');
    expect(addDays('2026-11-25', 200)).toBe('2027-06-13');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(daysBetween('2026-11-25', '2027-03-31')).toBe(126);
    expect(dayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
  });

  it('refuses dates that do not exist, naming the text', () => {
    const r = parseIsoDate('2026-02-29');
    expect(r).toEqual({ ok: false, code: 'date-invalid', message: '"2026-02-29" is not a calendar date' });
    expect(parseIsoDate('25/11/2026').ok).toBe(false);
  });

  it('round-trips day numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: -800_000, max: 800_000 }), (n) => {
        const day = fromDayNumber(n);
        expect(dayNumber(day)).toBe(n);
        const parsed = parseIsoDate(formatIsoDate(day));
        if (day.year >= 0 && day.year <= 9999) expect(parsed).toEqual({ ok: true, value: day });
      }),
    );
  });
});
