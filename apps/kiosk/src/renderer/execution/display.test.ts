import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal } from './store.js';
import { decimalsOf, inUnit, roundDecimal, toleranceAtReadability } from './display.js';

describe('display rounding at the balance readability', () => {
  it('shows the paracetamol window the reviewer saw as readings a d = 0.001 kg scale can show', () => {
    expect(toleranceAtReadability({ value: '50.403', lower: '50.150985', upper: '50.655015' }, 3)).toEqual({ target: '50.403', lower: '50.151', upper: '50.655' });
    expect(toleranceAtReadability({ value: '500.0004', lower: '495', upper: '505.00049' }, 2)).toEqual({ target: '500.00', lower: '495.00', upper: '505.00' });
  });

  it('rounds half-up, up and down exactly, negatives included', () => {
    expect(roundDecimal('1.2345', 3)).toBe('1.235');
    expect(roundDecimal('1.2344', 3)).toBe('1.234');
    expect(roundDecimal('0.0004', 3, 'up')).toBe('0.001');
    expect(roundDecimal('-0.0004', 3, 'up')).toBe('0.000');
    expect(roundDecimal('-1.2341', 3, 'down')).toBe('-1.235');
    expect(roundDecimal('7', 2)).toBe('7.00');
    expect(decimalsOf('25.200')).toBe(3);
  });

  it('keeps every shown limit inside the exact window (property)', () => {
    const units = fc.bigInt({ min: 0n, max: 10n ** 10n });
    fc.assert(
      fc.property(units, units, fc.integer({ min: 0, max: 4 }), (a, b, d) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const text = (u: bigint) => `${u / 1000000n}.${(u % 1000000n).toString().padStart(6, '0')}`;
        const shown = toleranceAtReadability({ value: text(lo), lower: text(lo), upper: text(hi) }, d);
        expect(compareDecimal(shown.lower, text(lo))).toBeGreaterThanOrEqual(0);
        expect(compareDecimal(shown.upper, text(hi))).toBeLessThanOrEqual(0);
        expect(decimalsOf(shown.lower)).toBe(d);
      }),
    );
  });
});

describe('a reading in the target unit', () => {
  it('moves the point, keeps the balance readability, and refuses what does not convert', () => {
    expect(inUnit('300.00', 'g', 'kg')).toBe('0.30000');
    expect(inUnit('1500.00', 'g', 'kg')).toBe('1.50000');
    expect(inUnit('12.50000', 'g', 'g')).toBe('12.50000');
    expect(inUnit('0.005', 'kg', 'g')).toBe('5');
    expect(inUnit('1.2', 'kg', 'mg')).toBe('1200000');
    expect(inUnit('-0.50', 'g', 'kg')).toBe('-0.00050');
    expect(inUnit('3', 'g', 'lb')).toBeNull();
    // The limits shown from a g balance on a kg target: readability 0.01 g = 0.00001 kg, not 0.01 kg.
    expect(toleranceAtReadability({ value: '0.300', lower: '0.294', upper: '0.306' }, decimalsOf(inUnit('300.00', 'g', 'kg')!))).toEqual({ target: '0.30000', lower: '0.29400', upper: '0.30600' });
  });
});
