import { describe, expect, it } from 'vitest';
import { estimateClockOffset } from './clock-offset.js';

describe('NTP-style clock offset', () => {
  it('finds a server 5 s ahead over a symmetric 200 ms round trip', () => {
    // kiosk sends at 1000, server receives at 6100 (its clock), answers at 6120, kiosk receives at 1220
    expect(estimateClockOffset(1000, 6100, 6120, 1220)).toEqual({ offsetMs: 5000, rttMs: 200 });
  });

  it('finds a server behind the kiosk as a negative offset', () => {
    expect(estimateClockOffset(10_000, 7_050, 7_050, 10_100)).toEqual({ offsetMs: -3000, rttMs: 100 });
  });

  it('rounds to whole milliseconds, since the offset goes into signed records where numbers are integers', () => {
    // (5101 + 5100) / 2 = 5100.5
    expect(estimateClockOffset(1000, 6101, 6120, 1020)).toEqual({ offsetMs: 5101, rttMs: 1 });
    expect(Number.isInteger(estimateClockOffset(0, 1, 1, 0).offsetMs)).toBe(true);
  });
});
