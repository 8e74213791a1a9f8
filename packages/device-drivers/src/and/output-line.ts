// A&D standard format: `HH,±DDDDDD.DD UUU` CR LF, with an optional second header, `EC,Exx` errors and <AK>.
import { parseDecimal, type ExactDecimal } from '../decimal.js';
import type { WeightEvent } from '../events.js';

/** A&D error codes (EK-L/GC/FX-i manuals); E00 and E03 are from memory [unverified]. */
export const AND_ERRORS = {
  E00: { code: 'communication-error', meaning: 'communication error: a protocol error occurred' },
  E01: { code: 'undefined-command', meaning: 'undefined command' },
  E02: { code: 'not-executable', meaning: 'not ready: the command cannot be executed now' },
  E03: { code: 'timeout', meaning: 'timeout: the command was not completed in time' },
  E04: { code: 'too-many-characters', meaning: 'too many characters in the command' },
  E06: { code: 'format-error', meaning: 'format error in the command data' },
  E07: { code: 'value-out-of-range', meaning: 'parameter value out of range' },
  E11: { code: 'unstable', meaning: 'stability error: cannot zero or tare while the weight is unstable' },
} as const;

export const AND_COMPARATOR_RESULTS = { OK: 'ok', LO: 'low', HI: 'high' } as const;
const BASIS: Record<string, WeightEvent['basis']> = { NT: 'net', GS: 'gross', TR: 'tare' };

export type AndLine =
  | {
      readonly kind: 'weight';
      readonly header: 'ST' | 'US' | 'QT';
      readonly value: ExactDecimal;
      readonly unit: string;
      readonly stable: boolean;
      readonly basis: WeightEvent['basis'];
      /** GC-series comparator result from the second header. */
      readonly comparator?: (typeof AND_COMPARATOR_RESULTS)[keyof typeof AND_COMPARATOR_RESULTS];
    }
  | { readonly kind: 'overload'; readonly code: 'out-of-range'; readonly message: string }
  | { readonly kind: 'ack' }
  | { readonly kind: 'error'; readonly code: string; readonly errorCode: string; readonly message: string }
  | { readonly kind: 'identity'; readonly field: 'id' | 'serial-number'; readonly text: string }
  | { readonly kind: 'unrecognized'; readonly code: 'unrecognized-line'; readonly message: string };

const ACK = '\x06';
const LINE = /^(ST|US|QT|OL),(?:(NT|GS|TR|OK|LO|HI),)?(.*)$/;
const VALUE = /^([+-]?)\s*(\d+(?:[.,]\d+)?)\s*([A-Za-z%#][A-Za-z%#/ ]{0,3}?)?\s*$/;

export function parseAndLine(line: string): AndLine {
  const body = line.replace(/[\r\n]+$/, '');
  if (body.length > 0 && [...body].every((ch) => ch === ACK)) return { kind: 'ack' };
  const error = /^EC,(E\d\d)\s*$/.exec(body);
  if (error?.[1]) {
    const known = AND_ERRORS[error[1] as keyof typeof AND_ERRORS] as (typeof AND_ERRORS)[keyof typeof AND_ERRORS] | undefined;
    return known
      ? { kind: 'error', code: known.code, errorCode: error[1], message: `A&D error ${error[1]}: ${known.meaning}` }
      : { kind: 'error', code: 'unknown-error', errorCode: error[1], message: `A&D error ${error[1]}: not in the error table` };
  }
  const identity = /^(ID|SN),(.*)$/.exec(body);
  if (identity) return { kind: 'identity', field: identity[1] === 'ID' ? 'id' : 'serial-number', text: (identity[2] ?? '').trim() };
  const m = LINE.exec(body);
  if (m) {
    const [, header, second, data = ''] = m;
    if (header === 'OL') return { kind: 'overload', code: 'out-of-range', message: `balance out of range: ${JSON.stringify(body)}` };
    const v = VALUE.exec(data);
    const value = v ? parseDecimal((v[1] ?? '') + (v[2] ?? '')) : null;
    // A reading without a unit is no reading: 123.45 of what? (the unit field is mandatory in the format)
    if (v && value && (v[3] ?? '').trim() === '') return { kind: 'unrecognized', code: 'unrecognized-line', message: `A&D ${header} line without a unit: ${JSON.stringify(body)}` };
    if (v && value) {
      const comparator = second && second in AND_COMPARATOR_RESULTS ? AND_COMPARATOR_RESULTS[second as keyof typeof AND_COMPARATOR_RESULTS] : undefined;
      return {
        kind: 'weight',
        header: header as 'ST' | 'US' | 'QT',
        value,
        unit: (v[3] ?? '').trim(),
        stable: header !== 'US',
        basis: (second && BASIS[second]) || 'unknown',
        ...(comparator ? { comparator } : {}),
      };
    }
  }
  return { kind: 'unrecognized', code: 'unrecognized-line', message: `not an A&D standard-format line: ${JSON.stringify(body)}` };
}
