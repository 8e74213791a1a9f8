import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoff with jitter', () => {
  const policy = { baseMs: 500, maxMs: 60_000 };

  it('stays between half and all of the doubling step, and never above the ceiling', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, random) => {
        const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt - 1, 30));
        const delay = backoffDelay(attempt, random, policy);
        expect(delay).toBeGreaterThanOrEqual(step / 2);
        expect(delay).toBeLessThanOrEqual(step);
        expect(delay).toBeLessThanOrEqual(policy.maxMs);
      }),
    );
  });

  it('doubles per attempt and spreads kiosks apart by the random draw', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, 0, policy))).toEqual([250, 500, 1000, 2000]);
    expect(backoffDelay(3, 0.999, policy)).toBe(1999);
    expect(backoffDelay(50, 0.5, policy)).toBe(45_000);
  });
});
