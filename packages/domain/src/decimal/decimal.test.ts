import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal, RoundingMode } from './decimal.js';
import { add, compare, dec, decimalPlaces, div, mul, parseDecimal, percentOf, round, sub, toString } from './decimal.js';
import { convertMass } from './quantity.js';

const arbDecimal = fc.record({ units: fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), scale: fc.integer({ min: 0, max: 8 }) });
/** Exact rational comparison by cross-multiplication: the oracle the decimals must agree with. */
const rational = (d: Decimal): [bigint, bigint] => [d.units, 10n ** BigInt(d.scale)];

describe('Decimal', () => {
  it('parses and prints without loss', () => {
    expect(toString(dec('50.000'))).toBe('50.000');
    expect(toString(dec('-0.05'))).toBe('-0.05');
    expect(toString(dec('+7'))).toBe('7');
    expect(parseDecimal('1e3')).toEqual({ ok: false, code: 'decimal-invalid', message: '"1e3" is not a decimal number (digits, optional sign and point, no exponent)' });
    expect(parseDecimal('12.').ok).toBe(false);
    expect(parseDecimal('').ok).toBe(false);
    fc.assert(
      fc.property(arbDecimal, (d) => {
        expect(parseDecimal(toString(d))).toEqual({ ok: true, value: d });
      }),
    );
  });

  it('adds, subtracts and multiplies exactly', () => {
    expect(toString(add(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(toString(sub(dec('7.300'), dec('0.403')))).toBe('6.897');
    expect(toString(mul(dec('50.000'), dec('100.0')))).toBe('5000.0000');
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        expect(compare(sub(add(a, b), b), a)).toBe(0);
      }),
    );
  });

  it('rounds half-up away from zero and half-even to the even neighbour', () => {
    const r = (t: string, s: number, m: RoundingMode) => toString(round(dec(t), s, m));
    expect(r('2.5', 0, 'half-up')).toBe('3');
    expect(r('-2.5', 0, 'half-up')).toBe('-3');
    expect(r('2.5', 0, 'half-even')).toBe('2');
    expect(r('3.5', 0, 'half-even')).toBe('4');
    expect(r('2.49', 0, 'half-up')).toBe('2');
    expect(r('-2.1', 0, 'floor')).toBe('-3');
    expect(r('-2.1', 0, 'ceiling')).toBe('-2');
    expect(r('-2.1', 0, 'down')).toBe('-2');
    expect(r('2.1', 0, 'up')).toBe('3');
    expect(r('1.5', 3, 'half-up')).toBe('1.500');
  });

  it('divides at an explicit scale: the potency figure 50.000 × 100.0 / 99.2 = 50.403 half-up', () => {
    expect(toString(div(mul(dec('50.000'), dec('100.0')), dec('99.2'), 3, 'half-up'))).toBe('50.403');
    expect(toString(div(dec('1'), dec('3'), 4, 'half-up'))).toBe('0.3333');
    expect(toString(div(dec('2'), dec('3'), 4, 'down'))).toBe('0.6666');
    expect(toString(div(dec('-2'), dec('3'), 4, 'half-up'))).toBe('-0.6667');
    expect(() => div(dec('1'), dec('0'), 2, 'half-up')).toThrow(/by zero/);
  });

  it('division is within half a unit of the exact quotient (half-up) and never above it (floor)', () => {
    fc.assert(
      fc.property(arbDecimal, arbDecimal, fc.integer({ min: 0, max: 6 }), (a, b, scale) => {
        fc.pre(b.units !== 0n);
        const [an, ad] = rational(a);
        const [bn, bd] = rational(b);
        // exact quotient q = (an·bd)/(ad·bn); compare 2·|q − r| ≤ 1 unit via integers
        const num = an * bd;
        const den = ad * bn;
        const sign = den < 0n ? -1n : 1n;
        const unit = 10n ** BigInt(scale);
        const half = div(a, b, scale, 'half-up');
        const diff = (half.units * den - num * unit) * sign; // = (r − q)·den·unit, den made positive
        const absDiff = diff < 0n ? -diff : diff;
        expect(absDiff * 2n <= den * sign).toBe(true);
        const floor = div(a, b, scale, 'floor');
        expect((floor.units * den - num * unit) * sign <= 0n).toBe(true);
      }),
    );
  });

  it('percentOf is exact and compare agrees with rational comparison', () => {
    expect(toString(percentOf(dec('50.403'), dec('0.5')))).toBe('0.252015');
    expect(toString(percentOf(dec('200'), dec('0.10')))).toBe('0.2000');
    fc.assert(
      fc.property(arbDecimal, arbDecimal, (a, b) => {
        const [an, ad] = rational(a);
        const [bn, bd] = rational(b);
        const lhs = an * bd;
        const rhs = bn * ad;
        expect(compare(a, b)).toBe(lhs < rhs ? -1 : lhs > rhs ? 1 : 0);
      }),
    );
  });

  it('converts mass units by powers of ten and counts decimal places of a readability', () => {
    expect(toString(convertMass(dec('0.300'), 'kg', 'g'))).toBe('300');
    expect(toString(convertMass(dec('12.50'), 'g', 'kg'))).toBe('0.01250');
    expect(toString(convertMass(dec('3'), 'kg', 'g'))).toBe('3000');
    expect(decimalPlaces(dec('0.005'))).toBe(3);
    expect(decimalPlaces(dec('0.010'))).toBe(2);
    expect(decimalPlaces(dec('1'))).toBe(0);
  });
});
