import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Decimal } from '../../decimal/decimal.js';
import { add, dec, mul, sub, toString } from '../../decimal/decimal.js';
import { classify, dispenseLimits, toleranceBand } from './tolerance.js';
import { compensatedTarget, potencyAdjustedTarget } from './target.js';

const positive = (maxScale: number) => fc.record({ units: fc.bigInt({ min: 1n, max: 10n ** 9n }), scale: fc.integer({ min: 0, max: maxScale }) });
const percent = fc.record({ units: fc.bigInt({ min: 0n, max: 2000n }), scale: fc.constant(2) }); // 0.00–20.00 %
const any = fc.record({ units: fc.bigInt({ min: 0n, max: 10n ** 12n }), scale: fc.integer({ min: 0, max: 8 }) });

/** a·10^-as compared with b·10^-bs by cross-multiplying integers: the oracle. */
function cmp(a: bigint, as: number, b: bigint, bs: number): number {
  const l = a * 10n ** BigInt(bs);
  const r = b * 10n ** BigInt(as);
  return l < r ? -1 : l > r ? 1 : 0;
}

describe('tolerance arithmetic agrees with exact rational maths', () => {
  it('percent band: in ⇔ 100·v ≥ T·(100 − minus) and 100·v ≤ T·(100 + plus); boundaries inclusive', () => {
    fc.assert(
      fc.property(positive(4), percent, percent, any, (target, minus, plus, value) => {
        const state = classify(value, toleranceBand(target, { kind: 'percent', minus: toString(minus), plus: toString(plus) }));
        // 100·v vs T·(100 − m): scales v.scale vs target.scale + 2
        const hundredV = value.units * 100n;
        const low = target.units * (10000n - minus.units); // (100 − m) at scale 2
        const high = target.units * (10000n + plus.units);
        const underOracle = cmp(hundredV, value.scale, low, target.scale + 2) < 0;
        const overOracle = cmp(hundredV, value.scale, high, target.scale + 2) > 0;
        expect(state).toBe(underOracle ? 'under' : overOracle ? 'over' : 'in');
      }),
    );
  });

  it('exactly on either limit is in; one unit of a finer scale outside is out', () => {
    fc.assert(
      fc.property(positive(4), percent, percent, (target, minus, plus) => {
        const band = toleranceBand(target, { kind: 'percent', minus: toString(minus), plus: toString(plus) });
        expect(classify(band.lower, band)).toBe('in');
        expect(classify(band.upper, band)).toBe('in');
        const ulp: Decimal = { units: 1n, scale: band.upper.scale + 1 };
        expect(classify({ units: band.upper.units * 10n + ulp.units, scale: ulp.scale }, band)).toBe('over');
        expect(classify({ units: band.lower.units * 10n - ulp.units, scale: ulp.scale }, band)).toBe('under');
      }),
    );
  });

  it('absolute band: in ⇔ T − minus ≤ v ≤ T + plus', () => {
    fc.assert(
      fc.property(positive(3), positive(3), positive(3), any, (target, minus, plus, value) => {
        const state = classify(value, toleranceBand(target, { kind: 'absolute', minus: toString(minus), plus: toString(plus) }));
        const s = 12;
        const at = (d: Decimal) => d.units * 10n ** BigInt(s - d.scale);
        const v = at(value);
        const expected = v < at(target) - at(minus) ? 'under' : v > at(target) + at(plus) ? 'over' : 'in';
        expect(state).toBe(expected);
      }),
    );
  });
});

describe('potency-adjusted and compensated targets (rounding rule: half-up at the balance readability places)', () => {
  it('DEMO-PLANT figures: 50.000 × 100.0 / 99.2 = 50.403 kg; 7.300 − 0.403 = 6.897 kg (BAL-04: 3 places)', () => {
    const api = potencyAdjustedTarget(dec('50.000'), dec('100.0'), dec('99.2'), 3);
    expect(toString(api)).toBe('50.403');
    expect(toString(compensatedTarget(dec('7.300'), dec('0.403'), 3))).toBe('6.897');
    // exact quotient is 50.40322580…: half-up keeps .403, the next place shows why
    expect(toString(potencyAdjustedTarget(dec('50.000'), dec('100.0'), dec('99.2'), 4))).toBe('50.4032');
  });

  it('the adjusted target is within half a unit of the exact quotient, and ties round up', () => {
    fc.assert(
      fc.property(positive(3), fc.bigInt({ min: 800n, max: 1000n }), fc.integer({ min: 0, max: 5 }), (nominal, lotTenths, scale) => {
        const lot: Decimal = { units: lotTenths, scale: 1 }; // 80.0–100.0 %
        const t = potencyAdjustedTarget(nominal, dec('100.0'), lot, scale);
        // exact: nominal·100/lot; compare 2·|t·lot − nominal·100| ≤ lot at a common scale
        const lhs = mul(t, lot); // scale: scale + 1
        const rhs = mul(nominal, dec('100.0')); // scale: nominal.scale + 1
        const s = Math.max(lhs.scale, rhs.scale);
        const diff = lhs.units * 10n ** BigInt(s - lhs.scale) - rhs.units * 10n ** BigInt(s - rhs.scale);
        const unit = lot.units * 10n ** BigInt(s - scale - 1); // one unit of t, times lot, at scale s
        expect((diff < 0n ? -diff : diff) * 2n <= unit).toBe(true);
        // half-up: a tie (2·|diff| = unit) is only possible upward
        if ((diff < 0n ? -diff : diff) * 2n === unit) expect(diff > 0n).toBe(true);
      }),
    );
  });
});

describe('dispense limits at the balance readability, rounded inward (issue 8 §2)', () => {
  const readability = fc.constantFrom('0.00001', '0.001', '0.005', '0.01', '0.5');
  it('each limit is a multiple of d, inside the true band, and the next multiple of d outward is outside it', () => {
    fc.assert(
      fc.property(positive(4), percent, percent, readability, (target, minus, plus, dText) => {
        const d = dec(dText);
        const tolerance = { kind: 'percent', minus: toString(minus), plus: toString(plus) } as const;
        const band = toleranceBand(target, tolerance);
        const limits = dispenseLimits(target, tolerance, d);
        // a band narrower than d may hold no reading at all: then the limits cross (nothing can pass)
        if (classify(limits.lower, band) !== 'in' || classify(limits.upper, band) !== 'in') {
          expect(classify(limits.lower, band)).toBe('over');
          expect(classify(limits.upper, band)).toBe('under');
          return;
        }
        // on the grid
        expect(mod(limits.lower, d)).toBe(0n);
        expect(mod(limits.upper, d)).toBe(0n);
        // never outward
        expect(classify(limits.lower, band)).toBe('in');
        expect(classify(limits.upper, band)).toBe('in');
        // the tightest: one division further out leaves the band
        expect(classify(sub(limits.lower, d), band)).toBe('under');
        expect(classify(add(limits.upper, d), band)).toBe('over');
      }),
    );
  });

  it('the demo plant numbers: croscarmellose 1.18800–1.21200 kg on BAL-02, paracetamol 50.155–50.655 kg on BAL-04', () => {
    const ccs = dispenseLimits(dec('1.200'), { kind: 'percent', minus: '1', plus: '1' }, dec('0.00001'));
    expect([toString(ccs.lower), toString(ccs.upper)]).toEqual(['1.18800', '1.21200']);
    const pcm = dispenseLimits(dec('50.403'), { kind: 'percent', minus: '0.5', plus: '0.5' }, dec('0.005'));
    expect([toString(pcm.lower), toString(pcm.upper)]).toEqual(['50.155', '50.655']);
    const mgs = dispenseLimits(dec('0.300'), { kind: 'percent', minus: '2', plus: '2' }, dec('0.00001'));
    expect([toString(mgs.lower), toString(mgs.upper)]).toEqual(['0.29400', '0.30600']);
  });
});

/** v mod d on a common scale, as an integer of that scale: 0n when v is a multiple of d. */
function mod(v: Decimal, d: Decimal): bigint {
  const scale = Math.max(v.scale, d.scale);
  const vu = v.units * 10n ** BigInt(scale - v.scale);
  const du = d.units * 10n ** BigInt(scale - d.scale);
  return vu % du;
}
