import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareDecimal, makeDecimal, parseDecimal } from './decimal.js';

describe('parseDecimal', () => {
  it.each([
    ['100.00', '100.00', '10000', -2],
    ['-0.0082', '-0.0082', '-82', -4],
    ['+12.5', '12.5', '125', -1],
    ['-   0.12', '-0.12', '-12', -2],
    ['00123.45', '123.45', '12345', -2],
    ['12,50', '12.50', '1250', -2],
    ['  7 ', '7', '7', 0],
    ['-0.00', '0.00', '0', -2],
  ])('%j -> text %j units %j exponent %d', (input, text, units, exponent) => {
    expect(parseDecimal(input)).toEqual({ text, units, exponent });
  });

  it.each(['', '-', '1.', '.5', '1.2.3', '1e3', '12 g', 'NaN', '1,2,3', '+-1', '0x10'])('refuses %j', (input) => {
    expect(parseDecimal(input)).toBeNull();
  });
});

describe('decimal properties', () => {
  const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 8 })).map(([units, decimals]) => makeDecimal(units, -decimals));

  it('parse of text gives the same decimal back', () => {
    fc.assert(fc.property(decimal, (d) => {
        expect(parseDecimal(d.text)).toEqual(d);
      }), { numRuns: 2000 });
  });

  it('compare agrees with bigint maths on a common scale', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const scale = 16;
        const left = BigInt(a.units) * 10n ** BigInt(scale + a.exponent);
        const right = BigInt(b.units) * 10n ** BigInt(scale + b.exponent);
        expect(compareDecimal(a, b)).toBe(left < right ? -1 : left > right ? 1 : 0);
        // 0 - x, not -x: for equal decimals -0 would fail toBe (Object.is) though compare is right.
        expect(compareDecimal(b, a)).toBe((0 - compareDecimal(a, b)) as -1 | 0 | 1);
      }),
      { numRuns: 2000 },
    );
  });

  it('equal values with different decimals compare equal: 1.5 = 1.500', () => {
    expect(compareDecimal(parseDecimal('1.5')!, parseDecimal('1.500')!)).toBe(0);
    expect(compareDecimal(parseDecimal('-0.0001')!, parseDecimal('0')!)).toBe(-1);
  });
});
