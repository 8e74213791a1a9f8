// Content checks named by the dictionary's component linters. Those listed in UNCHECKED_LINTERS
// need data we do not carry yet (GCP ranges, IBAN, coupon grammar, media and package types).
import { hasValidCheckDigit } from './check-digit.js';
import { alphanumericCheckPair } from './check-pair.js';
import { ISO_3166_ALPHA2, ISO_3166_NUMERIC, ISO_4217_NUMERIC } from './code-lists.js';
import { readYymmdd, readYyyymmdd } from './dates.js';
import type { Gs1ParseOptions, Gs1ProblemCode } from './types.js';

export interface LintFailure {
  readonly code: Gs1ProblemCode;
  readonly reason: string;
}

type Linter = (value: string, today: Gs1ParseOptions['today']) => LintFailure | null;

const twoDigitsUpTo = (max: number, what: string): Linter => (value) =>
  /^\d{2}$/.test(value) && Number(value) <= max ? null : { code: 'invalid-value', reason: `"${value}" is not a valid ${what}` };

// The code lists are generated from the dictionary's own linters (generate-code-lists.mjs).
const COUNTRIES = new Set(ISO_3166_NUMERIC);
const COUNTRIES_ALPHA2 = new Set(ISO_3166_ALPHA2);
const CURRENCIES = new Set(ISO_4217_NUMERIC);

const inList = (list: ReadonlySet<string>, what: string): Linter => (value) =>
  list.has(value) ? null : { code: 'invalid-value', reason: `${JSON.stringify(value)} is not ${what}` };

/**
 * GS1 General Specifications, "Check character calculation (for alphanumeric keys)", as the
 * dictionary's `csumalpha` linter (gs1/gs1-syntax-dictionary src/lint_csumalpha.c) implements it.
 */
const csumalpha: Linter = (value) => {
  const expected = alphanumericCheckPair(value.slice(0, -2));
  if (value.length < 2) return { code: 'bad-check-digit', reason: `${JSON.stringify(value)} is too short to end in its two check characters` };
  if (expected === null) return { code: 'bad-check-digit', reason: `check characters of ${value} cannot be computed (only GS1 CSET 82 characters, at most 99 in all)` };
  const given = value.slice(-2);
  return given === expected ? null : { code: 'bad-check-digit', reason: `check characters ${JSON.stringify(given)} of ${value} are wrong (expected ${JSON.stringify(expected)})` };
};

const LINTERS: Record<string, Linter> = {
  csum: (value) => (hasValidCheckDigit(value) ? null : { code: 'bad-check-digit', reason: `check digit of ${value} is wrong` }),
  csumalpha,
  iso3166: inList(COUNTRIES, 'an ISO 3166 numeric country code'),
  iso3166999: (value) => (value === '999' || COUNTRIES.has(value) ? null : { code: 'invalid-value', reason: `${JSON.stringify(value)} is not an ISO 3166 numeric country code or 999` }),
  iso3166alpha2: inList(COUNTRIES_ALPHA2, 'an ISO 3166 alpha-2 country code'),
  iso4217: inList(CURRENCIES, 'an ISO 4217 currency code'),
  // ISO/IEC 5218 biological sex: 0 not known, 1 male, 2 female, 9 not applicable (lint_iso5218.c).
  iso5218: inList(new Set(['0', '1', '2', '9']), 'an ISO/IEC 5218 code (0, 1, 2 or 9)'),
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
