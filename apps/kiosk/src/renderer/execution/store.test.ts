import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDecimal, compareDecimal } from './store.js';

const decimal = fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 0, max: 6 })).map(([units, scale]) => ({ units, scale }));
const text = ({ units, scale }: { units: bigint; scale: number }) => {
  const digits = (units < 0n ? -units : units).toString().padStart(scale + 1, '0');
  const body = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
  return units < 0n ? `-${body}` : body;
};
/** Exact rational comparison by cross-scaling, independent of the code under test. */
const value = (d: { units: bigint; scale: number }) => d.units * 10n ** BigInt(6 - d.scale);

describe('tolerance bar arithmetic (display only, exact)', () => {
  it('compares decimal strings exactly, whatever their scales', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const expected = value(a) < value(b) ? -1 : value(a) > value(b) ? 1 : 0;
        expect(compareDecimal(text(a), text(b))).toBe(expected);
      }),
    );
    expect(compareDecimal('50.150985', '50.151')).toBe(-1);
    expect(compareDecimal('50.655015', '50.655015')).toBe(0);
  });

  it('adds decimal strings exactly', () => {
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        expect(compareDecimal(addDecimal(text(a), text(b)), text({ units: value(a) + value(b), scale: 6 }))).toBe(0);
      }),
    );
    expect(addDecimal('25.200', '25.203')).toBe('50.403');
    expect(addDecimal('0.1', '0.2')).toBe('0.3');
  });
});
