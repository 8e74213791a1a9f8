import { describe, expect, it } from 'vitest';
import { dateTimeProblem } from './date-time.js';

describe('dateTimeProblem', () => {
  it('accepts real instants with any offset and precision', () => {
    for (const ok of ['2026-11-25T09:15:30.123+01:00', '2024-02-29T00:00:00Z', '2026-12-31T23:59:59.999999999-12:00', '2000-02-29T12:00:00+14:00']) expect(dateTimeProblem(ok), ok).toBeUndefined();
  });

  it('refuses dates and times that do not exist, saying which part', () => {
    expect(dateTimeProblem('2026-02-30T25:61:61Z')).toBe('has day 30, which 2026-02 does not have');
    expect(dateTimeProblem('2026-02-29T00:00:00Z')).toBe('has day 29, which 2026-02 does not have');
    expect(dateTimeProblem('1900-02-29T00:00:00Z')).toBe('has day 29, which 1900-02 does not have');
    expect(dateTimeProblem('2026-00-10T00:00:00Z')).toBe('has month 00, which does not exist');
    expect(dateTimeProblem('2026-04-31T00:00:00Z')).toMatch(/day 31/);
    expect(dateTimeProblem('2026-01-01T24:00:00Z')).toMatch(/hour 24/);
    expect(dateTimeProblem('2026-01-01T23:60:00Z')).toMatch(/minute 60/);
    expect(dateTimeProblem('2026-01-01T23:59:60Z')).toMatch(/second 60/);
    expect(dateTimeProblem('2026-01-01T23:59:59+24:00')).toMatch(/UTC offset \+24:00/);
    expect(dateTimeProblem('2026-01-01 23:59:59Z')).toMatch(/not an ISO 8601 date-time/);
    expect(dateTimeProblem('2026-01-01T23:59:59')).toMatch(/not an ISO 8601 date-time/);
  });
});
