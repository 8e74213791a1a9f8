import { describe, expect, it } from 'vitest';
import { BalanceModel } from './balance-model.js';
import { formatWeightLine } from './mt-sics/simulator.js';

describe('BalanceModel', () => {
  const balance = () => new BalanceModel({ capacity: '220.00', decimals: 2 });

  it('formats weights right-aligned in 10 characters, as in the manual', () => {
    expect(formatWeightLine('S', 'S', '100.00', 'g')).toBe('S S     100.00 g');
    expect(formatWeightLine('S', 'D', '-0.0082', 'g')).toBe('S D    -0.0082 g');
  });

  it('net = gross - zero - tare, with exact decimals', () => {
    const b = balance();
    b.setLoad('3.10');
    expect(b.zero()).toEqual({ ok: true });
    b.setLoad('53.10');
    expect(b.tare()).toEqual({ ok: true, tare: 5000n });
    b.setLoad('60.25');
    expect(b.read()).toEqual({ kind: 'value', units: 715n, stable: true });
    expect(b.format(715n)).toBe('7.15');
  });

  it('overload above capacity, underload when flagged, error codes win', () => {
    const b = balance();
    b.setLoad('220.01');
    expect(b.read()).toEqual({ kind: 'overload' });
    b.setLoad('1.00');
    b.underload = true;
    expect(b.read()).toEqual({ kind: 'underload' });
    b.weightErrorCode = 15;
    expect(b.read()).toEqual({ kind: 'error', code: 15 });
  });

  it('zero range is ±2% of capacity; tare refuses below -2% and above capacity', () => {
    const b = balance();
    b.setLoad('4.41');
    expect(b.zero()).toEqual({ ok: false, status: '+' });
    b.setLoad('-4.41');
    expect(b.zero()).toEqual({ ok: false, status: '-' });
    expect(b.tare()).toEqual({ ok: false, status: '-' });
    b.setLoad('4.40');
    expect(b.zero()).toEqual({ ok: true });
  });

  it('drift adds to the gross on every reading', () => {
    const b = balance();
    b.setLoad('10.00');
    b.driftPerReading = 3n;
    expect(b.read()).toMatchObject({ units: 1003n });
    expect(b.read()).toMatchObject({ units: 1006n });
  });

  it('refuses loads with more decimals than the balance shows', () => {
    expect(() => balance().setLoad('1.234')).toThrow(/more than 2 decimals/);
    expect(() => balance().setLoad('abc')).toThrow(/not a decimal number/);
  });
});
