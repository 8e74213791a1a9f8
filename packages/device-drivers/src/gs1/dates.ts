// GS1 YYMMDD dates as calendar dates, with the dictionary's century rule (lint_yymmd0.c).
import type { Gs1Date, Gs1ParseOptions } from './types.js';

export function lastDayOfMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/**
 * YY → full year: within 49 years ahead or 50 behind `today` (GS1 General Specifications 7.12).
 * Without `today` the parser does not guess the clock: it reads 20YY (documented in README).
 */
export function expandYear(yy: number, today: Gs1ParseOptions['today']): number {
  if (!today) return 2000 + yy;
  const century = Math.floor(today.year / 100) * 100;
  const diff = yy - (today.year % 100);
  if (diff >= 51) return century - 100 + yy;
  if (diff > -50) return century + yy;
  return century + 100 + yy;
}

export type DateRead = { ok: true; date: Gs1Date } | { ok: false; reason: string };

/** Reads YYMMDD; DD=00 is allowed only when `zeroDayAllowed` (yymmd0) and means "last day of the month". */
export function readYymmdd(text: string, zeroDayAllowed: boolean, today: Gs1ParseOptions['today']): DateRead {
  if (!/^\d{6}$/.test(text)) return { ok: false, reason: `"${text}" is not six digits YYMMDD` };
  const year = expandYear(Number(text.slice(0, 2)), today);
  return readMonthDay(year, Number(text.slice(2, 4)), Number(text.slice(4, 6)), zeroDayAllowed);
}

/** Reads YYYYMMDD (no century rule, no day 00). */
export function readYyyymmdd(text: string): DateRead {
  if (!/^\d{8}$/.test(text)) return { ok: false, reason: `"${text}" is not eight digits YYYYMMDD` };
  return readMonthDay(Number(text.slice(0, 4)), Number(text.slice(4, 6)), Number(text.slice(6, 8)), false);
}

function readMonthDay(year: number, month: number, day: number, zeroDayAllowed: boolean): DateRead {
  if (month < 1 || month > 12) return { ok: false, reason: `month ${String(month).padStart(2, '0')} does not exist` };
  const last = lastDayOfMonth(year, month);
  if (day === 0) {
    if (!zeroDayAllowed) return { ok: false, reason: 'day 00 is not allowed here' };
    return { ok: true, date: { year, month, day: last, dayUnspecified: true } };
  }
  if (day > last) return { ok: false, reason: `day ${day} does not exist in ${year}-${String(month).padStart(2, '0')}` };
  return { ok: true, date: { year, month, day, dayUnspecified: false } };
}
