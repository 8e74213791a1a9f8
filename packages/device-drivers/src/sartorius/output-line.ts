// Sartorius SBI print lines: 16 characters (sign, value, unit) or 22 with a 6-character ID code first.
// A blank unit is the only stability flag; `[ ]` mark digits that are not verified (legal for trade).
import { parseDecimal, type ExactDecimal } from '../decimal.js';
import type { WeightEvent } from '../events.js';

export const SBI_MESSAGE_CODES = ['overload', 'underload', 'calibration', 'error', 'no-value', 'status'] as const;
export type SbiMessageCode = (typeof SBI_MESSAGE_CODES)[number];

export type SbiLine =
  | {
      readonly kind: 'weight';
      readonly value: ExactDecimal;
      /** '' when the balance sent no unit, i.e. the reading is not stable. */
      readonly unit: string;
      readonly stable: boolean;
      readonly basis: WeightEvent['basis'];
      readonly idCode?: string;
      /** True when the balance bracketed digits as not verified. */
      readonly unverifiedDigits: boolean;
    }
  | { readonly kind: 'message'; readonly code: SbiMessageCode; readonly idCode?: string; readonly text: string; readonly message: string }
  | { readonly kind: 'identity'; readonly field: 'model' | 'serial-number'; readonly text: string }
  | { readonly kind: 'unrecognized'; readonly code: 'unrecognized-line'; readonly message: string };

const BASIS_BY_ID: Record<string, WeightEvent['basis']> = { N: 'net', N1: 'net', N2: 'net', G: 'gross', 'G#': 'gross', T: 'tare', T1: 'tare', T2: 'tare' };
const KNOWN_ID_CODES = new Set([...Object.keys(BASIS_BY_ID), 'Stat', 'Model', 'S/N', 'SerNo']);
const ID_CODE = /^([A-Za-z][A-Za-z0-9/#.]{0,5})\s*$/;
const WEIGHT = /^([+-])?\s*(\d+(?:[.,]\d+)?)\s*([^\s\d][^\s]{0,3})?\s*$/;

/**
 * The unit symbols SBI balances print (the weight-unit tables of the Cubis/Entris/BCE manuals, plus
 * the application units pcs and %) [verify against the balance's manual]. Only these make a reading
 * stable: a noise byte in the unit field ('?', 0xFF, NUL, '#') is no unit, and the line is refused.
 */
export const SBI_UNITS = ['g', 'kg', 'mg', 'ct', 'lb', 'oz', 'ozt', 'GN', 'dwt', 'tlh', 'tls', 'tlt', 'tlc', 'mom', 'k', 'tol', 'bat', 'MS', 't', 'pcs', '%'] as const;
const UNITS: ReadonlySet<string> = new Set(SBI_UNITS);

export function parseSbiLine(line: string): SbiLine {
  const body = line.replace(/[\r\n]+$/, '');
  let idCode: string | undefined;
  let block = body;
  // 22-character form: the ID code sits left-aligned in the first 6 characters.
  const head = ID_CODE.exec(body.slice(0, 6));
  if (head?.[1] && (body.length >= 18 || KNOWN_ID_CODES.has(head[1]))) {
    idCode = head[1];
    block = body.slice(6);
    // An ID code we do not know says nothing we can trust about the weight (net? gross? a count?).
    if (!KNOWN_ID_CODES.has(idCode)) return { kind: 'unrecognized', code: 'unrecognized-line', message: `SBI line with unknown ID code ${JSON.stringify(idCode)}: ${JSON.stringify(body)}` };
  }
  const id = idCode === undefined ? {} : { idCode };
  if (idCode === 'Model' || idCode === 'S/N' || idCode === 'SerNo') {
    return { kind: 'identity', field: idCode === 'Model' ? 'model' : 'serial-number', text: block.trim() };
  }
  if (idCode === 'Stat') {
    const text = block.trim();
    return { kind: 'message', code: 'status', ...id, text, message: `balance status "${text}"` };
  }
  const unverifiedDigits = /[[\]]/.test(block);
  const weight = WEIGHT.exec(block.replace(/[[\]]/g, ''));
  if (weight) {
    const value = parseDecimal((weight[1] ?? '') + (weight[2] ?? ''));
    if (value) {
      const unit = weight[3] ?? '';
      if (unit !== '' && !UNITS.has(unit)) return { kind: 'unrecognized', code: 'unrecognized-line', message: `SBI line with ${JSON.stringify(unit)} in the unit field, which is not an SBI unit: ${JSON.stringify(body)}` };
      return { kind: 'weight', value, unit, stable: unit !== '', basis: (idCode && BASIS_BY_ID[idCode]) || 'unknown', ...id, unverifiedDigits };
    }
  }
  const message = classifyMessage(block);
  if (message) return { kind: 'message', code: message.code, ...id, text: block.trim(), message: message.message };
  return { kind: 'unrecognized', code: 'unrecognized-line', message: `not an SBI weight or message line: ${JSON.stringify(body)}` };
}

function classifyMessage(block: string): { code: SbiMessageCode; message: string } | null {
  const text = block.replace(/^[+-]\s/, ' ').trim();
  if (/^(H|High)$/i.test(text)) return { code: 'overload', message: 'balance overloaded (H/High)' };
  if (/^(L|Low)$/i.test(text)) return { code: 'underload', message: 'balance underloaded (L/Low)' };
  if (/^(C|Cal\b.*)$/i.test(text)) return { code: 'calibration', message: 'balance is adjusting or calibrating (C/Cal)' };
  if (/^Err/i.test(text)) return { code: 'error', message: `balance error "${text}"` };
  if (/^[-\s]+$/.test(text) && text.includes('-')) return { code: 'no-value', message: 'balance shows dashes: no weight value' };
  return null;
}
