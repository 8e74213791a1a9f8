import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.js';

describe('backoffDelay', () => {
  it('doubles from the first delay up to the ceiling, jitter within ±20%', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3, 10, 100].map((a) => backoffDelay(a, { initialMs: 100, maxMs: 1000 }, middle))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffDelay(2, { initialMs: 100, maxMs: 1000 }, () => 0)).toBe(320);
    expect(backoffDelay(2, { initialMs: 100, maxMs: 1000 }, () => 0.999999)).toBe(480);
  });
});
