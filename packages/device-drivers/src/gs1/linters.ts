// Content checks named by the dictionary's component linters. Those listed in UNCHECKED_LINTERS
// need external code lists (ISO 3166/4217, GCP ranges, coupon grammar) we do not carry yet.
import { hasValidCheckDigit } from './check-digit.js';
import { readYymmdd, readYyyymmdd } from './dates.js';
import type { Gs1ParseOptions, Gs1ProblemCode } from './types.js';

export interface LintFailure {
  readonly code: Gs1ProblemCode;
  readonly reason: string;
}

type Linter = (value: string, today: Gs1ParseOptions['today']) => LintFailure | null;

const twoDigitsUpTo = (max: number, what: string): Linter => (value) =>
  /^\d{2}$/.test(value) && Number(value) <= max ? null : { code: 'invalid-value', reason: `"${value}" is not a valid ${what}` };

const LINTERS: Record<string, Linter> = {
  csum: (value) => (hasValidCheckDigit(value) ? null : { code: 'bad-check-digit', reason: `check digit of ${value} is wrong` }),
  yymmd0: (value, today) => dateFailure(readYymmdd(value, true, today)),
  yymmdd: (value, today) => dateFailure(readYymmdd(value, false, today)),
  yyyymmdd: (value) => dateFailure(readYyyymmdd(value)),
  hhmi: (value) =>
    /^([01]\d|2[0-3])[0-5]\d$/.test(value) ? null : { code: 'invalid-value', reason: `"${value}" is not a time HHMI` },
  hh: twoDigitsUpTo(23, 'hour'),
  mi: twoDigitsUpTo(59, 'minute'),
  ss: twoDigitsUpTo(59, 'second'),
  yesno: (value) => (value === '0' || value === '1' ? null : { code: 'invalid-value', reason: `"${value}" is not 0 or 1` }),
  zero: (value) => (value === '0' ? null : { code: 'invalid-value', reason: `"${value}" must be 0` }),
  nonzero: (value) => (/[1-9]/.test(value) ? null : { code: 'invalid-value', reason: `"${value}" must not be zero` }),
  nozeroprefix: (value) =>
    value.length > 1 && value.startsWith('0') ? { code: 'invalid-value', reason: `"${value}" must not start with 0` } : null,
  hyphen: (value) => (value === '-' ? null : { code: 'invalid-value', reason: `"${value}" must be "-"` }),
  hasnondigit: (value) => (/\D/.test(value) ? null : { code: 'invalid-value', reason: `"${value}" must contain a non-digit` }),
  pcenc: (value) =>
    /%(?![0-9A-Fa-f]{2})/.test(value) ? { code: 'invalid-value', reason: `"${value}" has a bad percent-escape` } : null,
  pieceoftotal: (value) => {
    const half = value.length / 2;
    const piece = Number(value.slice(0, half));
    const total = Number(value.slice(half));
    return piece >= 1 && piece <= total ? null : { code: 'invalid-value', reason: `piece ${piece} of ${total} is impossible` };
  },
};

/** Linters the dictionary names that this parser does not check (listed so a new one is noticed). */
export const UNCHECKED_LINTERS = [
  'gcppos1',
  'gcppos2',
  'csumalpha',
  'iso3166',
  'iso3166999',
  'iso3166alpha2',
  'iso4217',
  'iso5218',
  'iban',
  'latitude',
  'longitude',
  'mediatype',
  'importeridx',
  'packagetype',
  'couponcode',
  'couponposoffer',
  'posinseqslash',
  'winding',
] as const;

export const CHECKED_LINTERS: readonly string[] = Object.keys(LINTERS);

export function runLinter(name: string, value: string, today: Gs1ParseOptions['today']): LintFailure | null {
  const linter = LINTERS[name];
  return linter ? linter(value, today) : null;
}

function dateFailure(read: ReturnType<typeof readYymmdd>): LintFailure | null {
  return read.ok ? null : { code: 'invalid-date', reason: read.reason };
}
