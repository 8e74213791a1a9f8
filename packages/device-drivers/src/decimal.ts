// Exact decimals for measured values: a float never decides a tolerance (STYLE.md habit 5).

export interface ExactDecimal {
  /** normalised decimal string, no '+', no spaces, keeps the device's decimals: '-0.0082', '100.00' */
  readonly text: string;
  /** integer count of the smallest unit as a decimal string: '-82', '10000' */
  readonly units: string;
  /** power of ten of the smallest unit: -4 for '-0.0082', 0 for '12' */
  readonly exponent: number;
}

const DECIMAL_PATTERN = /^([+-]?)\s*(\d+)(?:[.,](\d+))?$/;

/** Parses a device value: accepts a leading '+', spaces after the sign, leading zeros and a decimal comma. */
export function parseDecimal(text: string): ExactDecimal | null {
  const match = DECIMAL_PATTERN.exec(text.trim());
  if (match === null) return null;
  const sign = match[1] === '-' ? -1n : 1n;
  const integerDigits = match[2] ?? '0';
  const fraction = match[3] ?? '';
  return makeDecimal(sign * BigInt(integerDigits + fraction), -fraction.length);
}

/** Builds a decimal from a scaled integer: makeDecimal(-82n, -4) is -0.0082. */
export function makeDecimal(units: bigint, exponent: number): ExactDecimal {
  if (!Number.isInteger(exponent) || exponent > 0) {
    throw new RangeError(`makeDecimal: exponent must be an integer <= 0, got ${exponent}`);
  }
  const decimals = -exponent;
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(decimals + 1, '0');
  const integerPart = digits.slice(0, digits.length - decimals);
  const text = (negative ? '-' : '') + integerPart + (decimals > 0 ? '.' + digits.slice(digits.length - decimals) : '');
  // `0 - 0` keeps the exponent +0, never -0, so structural equality stays simple.
  return { text, units: units.toString(), exponent: decimals === 0 ? 0 : exponent };
}

/** The value as an integer count of 10^exponent (exponent <= the decimal's own exponent). */
export function scaleDecimal(value: ExactDecimal, exponent: number): bigint {
  const shift = value.exponent - exponent;
  if (shift < 0) throw new RangeError(`scaleDecimal: ${value.text} has more decimals than 10^${exponent}`);
  return BigInt(value.units) * 10n ** BigInt(shift);
}

/** Exact comparison, whatever the number of decimals of each side. */
export function compareDecimal(a: ExactDecimal, b: ExactDecimal): -1 | 0 | 1 {
  const exponent = Math.min(a.exponent, b.exponent);
  const left = scaleDecimal(a, exponent);
  const right = scaleDecimal(b, exponent);
  return left < right ? -1 : left > right ? 1 : 0;
}
