import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';

/** An exact decimal: `units × 10^-scale`. Measured values never pass through a float. */
export interface Decimal {
  readonly units: bigint;
  readonly scale: number;
}

export const ROUNDING_MODES = ['half-up', 'half-even', 'down', 'up', 'floor', 'ceiling'] as const;
/** half-up rounds ties away from zero; down truncates toward zero; floor/ceiling follow the number line. */
export type RoundingMode = (typeof ROUNDING_MODES)[number];

const DECIMAL_TEXT = /^([+-])?(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Result<Decimal, 'decimal-invalid'> {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return refuse('decimal-invalid', `"${text}" is not a decimal number (digits, optional sign and point, no exponent)`);
  const fraction = m[3] ?? '';
  const magnitude = BigInt(`${m[2] ?? '0'}${fraction}`);
  return accept({ units: m[1] === '-' ? -magnitude : magnitude, scale: fraction.length });
}

/** For literals the code itself writes: a bad one is a bug, so it throws. */
export function dec(text: string): Decimal {
  const parsed = parseDecimal(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
}

export function fromBigInt(units: bigint, scale = 0): Decimal {
  return { units, scale };
}

export function toString(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const whole = digits.slice(0, digits.length - d.scale);
  const fraction = d.scale > 0 ? `.${digits.slice(digits.length - d.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

/** The same value at a larger scale (exact). */
export function rescaleUp(d: Decimal, scale: number): Decimal {
  if (scale < d.scale) throw new Error(`rescaleUp cannot lower scale ${d.scale} to ${scale}; use round()`);
  return { units: d.units * pow10(scale - d.scale), scale };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [rescaleUp(a, scale).units, rescaleUp(b, scale).units, scale];
}

export function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x + y, scale };
}

export function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, scale] = align(a, b);
  return { units: x - y, scale };
}

export function mul(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function negate(d: Decimal): Decimal {
  return { units: -d.units, scale: d.scale };
}

export function abs(d: Decimal): Decimal {
  return d.units < 0n ? negate(d) : d;
}

/** Multiply by 10^exponent exactly (unit changes: kg→g is +3). */
export function shift(d: Decimal, exponent: number): Decimal {
  if (exponent >= 0) return d.scale >= exponent ? { units: d.units, scale: d.scale - exponent } : { units: d.units * pow10(exponent - d.scale), scale: 0 };
  return { units: d.units, scale: d.scale - exponent };
}

export function compare(a: Decimal, b: Decimal): -1 | 0 | 1 {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const eq = (a: Decimal, b: Decimal): boolean => compare(a, b) === 0;
export const lt = (a: Decimal, b: Decimal): boolean => compare(a, b) < 0;
export const lte = (a: Decimal, b: Decimal): boolean => compare(a, b) <= 0;
export const gt = (a: Decimal, b: Decimal): boolean => compare(a, b) > 0;
export const gte = (a: Decimal, b: Decimal): boolean => compare(a, b) >= 0;
export const isZero = (d: Decimal): boolean => d.units === 0n;
export const isNegative = (d: Decimal): boolean => d.units < 0n;
export const max = (a: Decimal, b: Decimal): Decimal => (gte(a, b) ? a : b);
export const min = (a: Decimal, b: Decimal): Decimal => (lte(a, b) ? a : b);

export function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(add, { units: 0n, scale: 0 });
}

/** Integer division n / d rounded by mode; the one place rounding happens. */
function divideRounded(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d === 0n) throw new Error('division by zero');
  const q = n / d; // truncated toward zero
  const r = n % d;
  if (r === 0n) return q;
  const positive = n < 0n === d < 0n;
  const away = positive ? q + 1n : q - 1n;
  const twiceR = (r < 0n ? -r : r) * 2n;
  const absD = d < 0n ? -d : d;
  switch (mode) {
    case 'down':
      return q;
    case 'up':
      return away;
    case 'floor':
      return positive ? q : away;
    case 'ceiling':
      return positive ? away : q;
    case 'half-up':
      return twiceR >= absD ? away : q;
    case 'half-even':
      if (twiceR === absD) return q % 2n === 0n ? q : away;
      return twiceR > absD ? away : q;
    default: {
      const _never: never = mode;
      return _never;
    }
  }
}

export function round(d: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (scale >= d.scale) return rescaleUp(d, scale);
  return { units: divideRounded(d.units, pow10(d.scale - scale), mode), scale };
}

/** a ÷ b at the given scale; the rounding mode is always explicit. */
export function div(a: Decimal, b: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (b.units === 0n) throw new Error(`division of ${toString(a)} by zero`);
  // a/b = a.u·10^(b.s+scale) / (b.u·10^a.s) at `scale`
  return { units: divideRounded(a.units * pow10(b.scale + scale), b.units * pow10(a.scale), mode), scale };
}

/** `percent` % of `value`, exact: no rounding is needed to divide by 100. */
export function percentOf(value: Decimal, percent: Decimal): Decimal {
  return shift(mul(value, percent), -2);
}

/** Number of decimal places a step like 0.005 or 0.01 shows (its scale, trailing zeros ignored). */
export function decimalPlaces(step: Decimal): number {
  let { units, scale } = step;
  while (scale > 0 && units % 10n === 0n) {
    units /= 10n;
    scale -= 1;
  }
  return scale;
}

/** Drop trailing zeros: for display and for comparing texts. */
export function normalize(d: Decimal): Decimal {
  const places = decimalPlaces(d);
  return places === d.scale ? d : round(d, places, 'down');
}
