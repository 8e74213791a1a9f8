/**
 * Decimal text for the DISPLAY only: the core and domain decide tolerance on the exact values; these
 * helpers only choose how many digits an operator sees (the balance's readability).
 */
import type { RejectionDispositionName } from '../../shared/api.js';

/** Digits after the point of a decimal text, e.g. '25.200' → 3. */
export function decimalsOf(text: string): number {
  return text.split('.')[1]?.length ?? 0;
}

export type RoundMode = 'half-up' | 'up' | 'down';

/** Rounds a decimal text to `decimals` places, exactly (bigint), toward the mode's direction. */
export function roundDecimal(text: string, decimals: number, mode: RoundMode = 'half-up'): string {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace(/^[-+]/, '').split('.');
  const scale = Math.max(frac.length, decimals);
  const units = BigInt(whole + frac.padEnd(scale, '0'));
  const drop = 10n ** BigInt(scale - decimals);
  let kept = units / drop;
  const rest = units % drop;
  // 'up'/'down' are toward +∞ / −∞ on the signed value.
  if (rest !== 0n) {
    if (mode === 'half-up' && rest * 2n >= drop) kept += 1n;
    else if (mode === 'up' && !negative) kept += 1n;
    else if (mode === 'down' && negative) kept += 1n;
  }
  const digits = kept.toString().padStart(decimals + 1, '0');
  const body = decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return negative && kept !== 0n ? `-${body}` : body;
}

export interface ToleranceDisplay {
  readonly target: string;
  /** The smallest reading at this readability that is in tolerance. */
  readonly lower: string;
  /** The largest reading at this readability that is in tolerance. */
  readonly upper: string;
}

/**
 * Target and limits at the balance's readability. The limits round INWARD (lower up, upper down), so a
 * shown limit is a reading the balance can show and that passes: 50.150985 → 50.151 at d = 0.001.
 */
export function toleranceAtReadability(target: { value: string; lower: string; upper: string }, decimals: number): ToleranceDisplay {
  return { target: roundDecimal(target.value, decimals), lower: roundDecimal(target.lower, decimals, 'up'), upper: roundDecimal(target.upper, decimals, 'down') };
}

/** Powers of ten from each mass unit to milligrams: a reading moves between them by shifting its point. */
const MASS_EXPONENT: Record<string, number> = { mg: 0, g: 3, kg: 6 };

/**
 * A balance reading in another mass unit, exactly and with every digit kept ('300.00' g → '0.30000' kg):
 * the digits after the point still show the balance's readability. Null when the units do not convert.
 */
export function inUnit(text: string, from: string, to: string): string | null {
  if (from === to) return text;
  const a = MASS_EXPONENT[from];
  const b = MASS_EXPONENT[to];
  if (a === undefined || b === undefined || !/^[-+]?\d+(\.\d+)?$/.test(text)) return null;
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace(/^[-+]/, '').split('.');
  const shift = a - b; // > 0: the number grows (kg → g), < 0: it shrinks (g → kg)
  const decimals = Math.max(frac.length - shift, 0);
  const digits = (whole + frac).replace(/^0+(?=\d)/, '');
  const units = BigInt(digits) * 10n ** BigInt(Math.max(shift - frac.length, 0));
  const body = units.toString().padStart(decimals + 1, '0');
  const shown = decimals === 0 ? body : `${body.slice(0, -decimals)}.${body.slice(-decimals)}`;
  return negative && units !== 0n ? `-${shown}` : shown;
}

/** A rejected container's disposition as the operator reads it ("re-weigh", "scrap", "rework"). */
export const dispositionWord = (id: RejectionDispositionName): string => (id === 'reweigh' ? 're-weigh' : id);
