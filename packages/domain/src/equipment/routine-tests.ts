import type { Decimal } from '../decimal/decimal.js';
import { abs, add, compare, dec, div, gte, lte, mul, parseDecimal, percentOf, round, sub, toString } from '../decimal/decimal.js';
import type { Balance, PhMeter, TestWeight } from '../master-data/equipment.js';
import { convertMass } from '../decimal/quantity.js';

export interface SensitivityOutcome {
  readonly passed: boolean;
  readonly expected: string;
  readonly reading: string;
  readonly error: string;
  readonly limit: string;
}

/**
 * The nominal of the test weight in the balance's unit, and nominal × tolerance %, both at the balance's
 * readability — the limit rounded inwards, so what is shown, recorded and decided is one number that
 * never widens the tolerance.
 */
export function sensitivityLimits(balance: Balance, weight: TestWeight, tolerancePercent: string): { expected: Decimal; limit: Decimal } {
  const scale = dec(balance.readability).scale;
  const expected = round(convertMass(dec(weight.nominal), weight.unit, balance.unit), scale, 'half-even');
  return { expected, limit: round(percentOf(expected, dec(tolerancePercent)), scale, 'down') };
}

/** Sensitivity check: |reading − nominal| ≤ nominal × tolerance %, inclusive, in the balance's unit. */
export function evaluateSensitivity(balance: Balance, weight: TestWeight, tolerancePercent: string, reading: Decimal): SensitivityOutcome {
  const { expected, limit } = sensitivityLimits(balance, weight, tolerancePercent);
  const error = sub(reading, expected);
  return { passed: lte(abs(error), limit), expected: toString(expected), reading: toString(reading), error: toString(error), limit: toString(limit) };
}

export interface BufferReading {
  readonly ph: string;
  readonly mv: string;
  readonly temperatureC: string;
}

/** The first field of a reading that is not a decimal, as a plain sentence, or undefined when all parse. */
export function invalidBufferReading(reading: BufferReading, source: string): string | undefined {
  for (const [field, text] of [['pH', reading.ph], ['mV', reading.mv], ['temperature', reading.temperatureC]] as const) {
    const parsed = parseDecimal(text);
    if (!parsed.ok) return `${field} from ${source}: ${parsed.message}`;
  }
  return undefined;
}

export interface PhCalibrationOutcome {
  readonly passed: boolean;
  /** Slope % per adjacent buffer pair, rounded to 0.1 for the record; the decision used exact values. */
  readonly slopesPercent: readonly string[];
  readonly offsetMv: string;
  readonly failures: readonly string[];
}

/** Nernst slope 0.19841·(273.15 + T) mV/pH. */
export function nernstSlope(temperatureC: Decimal): Decimal {
  return mul(dec('0.19841'), add(dec('273.15'), temperatureC));
}

/**
 * Slope % = |ΔmV/ΔpH| / Nernst × 100 per adjacent buffer pair; offset = mV at pH 7 on the pair
 * that brackets 7 (or the nearest). Limits are compared by cross-multiplication, exactly.
 */
export function evaluatePhCalibration(meter: PhMeter, readings: readonly BufferReading[]): PhCalibrationOutcome {
  const limits = meter.bufferCalibration;
  const sorted = [...readings].sort((a, b) => compare(dec(a.ph), dec(b.ph)));
  const failures: string[] = [];
  const slopes: string[] = [];
  if (sorted.length < 2) return { passed: false, slopesPercent: [], offsetMv: '', failures: [`needs at least 2 buffers, got ${sorted.length}`] };
  let offset: Decimal | undefined;
  let bestDistance: Decimal | undefined;
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const a = sorted[i] as BufferReading;
    const b = sorted[i + 1] as BufferReading;
    const dPh = abs(sub(dec(b.ph), dec(a.ph)));
    const dMv = abs(sub(dec(b.mv), dec(a.mv)));
    const meanT = div(add(dec(a.temperatureC), dec(b.temperatureC)), dec('2'), 4, 'half-up');
    const nernstTimesDPh = mul(nernstSlope(meanT), dPh);
    const hundredDMv = mul(dMv, dec('100'));
    // slope% ∈ [min, max]  ⇔  min·N·ΔpH ≤ 100·ΔmV ≤ max·N·ΔpH
    const ok = gte(hundredDMv, mul(dec(limits.slopeMinPercent), nernstTimesDPh)) && lte(hundredDMv, mul(dec(limits.slopeMaxPercent), nernstTimesDPh));
    const pct = toString(div(hundredDMv, nernstTimesDPh, 1, 'half-up'));
    slopes.push(pct);
    if (!ok) failures.push(`slope ${pct} % between pH ${a.ph} and ${b.ph} is outside ${limits.slopeMinPercent}–${limits.slopeMaxPercent} %`);
    // mV at pH 7 on this segment: mvA + (mvB − mvA)·(7 − pHA)/(pHB − pHA)
    const mid = add(dec(a.ph), dec(b.ph));
    const distance = abs(sub(mid, dec('14')));
    if (!bestDistance || compare(distance, bestDistance) < 0) {
      bestDistance = distance;
      const rise = mul(sub(dec(b.mv), dec(a.mv)), sub(dec('7'), dec(a.ph)));
      offset = add(dec(a.mv), div(rise, sub(dec(b.ph), dec(a.ph)), 4, 'half-up'));
    }
  }
  const offsetMv = round(offset as Decimal, 1, 'half-up');
  if (compare(abs(offset as Decimal), dec(limits.offsetLimitMv)) > 0) failures.push(`offset ${toString(offsetMv)} mV is outside ±${limits.offsetLimitMv} mV`);
  return { passed: failures.length === 0, slopesPercent: slopes, offsetMv: toString(offsetMv), failures };
}
