import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHlc, hlcReceive, hlcTick, HLC_ZERO, parseHlc, type Hlc } from './hlc.js';

const compare = (a: Hlc, b: Hlc) => (a.millis - b.millis) || (a.counter - b.counter);

describe('hybrid logical clock', () => {
  it('strictly increases over any sequence of wall readings, including backwards jumps', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 4_000_000_000_000 }), fc.constant(1_700_000_000_000)), { minLength: 1, maxLength: 200 }), (walls) => {
        let last = HLC_ZERO;
        for (const wall of walls) {
          const next = hlcTick(last, wall);
          expect(compare(next, last)).toBeGreaterThan(0);
          expect(next.millis).toBeGreaterThanOrEqual(wall);
          last = next;
        }
      }),
    );
  });

  it('orders after a remote timestamp it has seen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 0, max: 2e12 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 0, max: 2e12 }), (lastMs, remoteMs, remoteCounter, now) => {
        const last = { millis: lastMs, counter: 0 };
        const remote = { millis: remoteMs, counter: remoteCounter };
        const next = hlcReceive(last, remote, now);
        expect(compare(next, last)).toBeGreaterThan(0);
        expect(compare(next, remote)).toBeGreaterThan(0);
      }),
    );
  });

  it('rolls a full counter into the next millisecond rather than wrapping', () => {
    expect(hlcTick({ millis: 10, counter: 0xffff }, 5)).toEqual({ millis: 11, counter: 0 });
  });

  it('prints a text form that sorts like the clock and parses back', () => {
    const a = formatHlc({ millis: Date.UTC(2026, 10, 25, 8), counter: 9 }, 'K-DISP-1');
    const b = formatHlc({ millis: Date.UTC(2026, 10, 25, 8), counter: 10 }, 'K-DISP-1');
    expect(a).toBe('2026-11-25T08:00:00.000Z-0009-K-DISP-1');
    expect(a < b).toBe(true);
    expect(parseHlc(b)).toEqual({ millis: Date.UTC(2026, 10, 25, 8), counter: 10, node: 'K-DISP-1' });
    expect(parseHlc('yesterday-ish')).toBeNull();
  });
});
