import { describe, expect, it } from 'vitest';
import { estimateClockOffset, isTrustedClockSample, MAX_CLOCK_SAMPLE_RTT_MS } from './clock-offset.js';

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

  it('does not trust an exchange that took over a minute: a 10-min stall reads as a 5-min offset that is not there', () => {
    // The kiosk sends at 0; the request reaches the server 10 min later (by both clocks, which agree), answered at once.
    const stalled = estimateClockOffset(0, 600_000, 600_000, 600_000);
    expect(stalled).toEqual({ offsetMs: 300_000, rttMs: 600_000 });
    expect(isTrustedClockSample(stalled)).toBe(false);
    expect(isTrustedClockSample(estimateClockOffset(0, 30_000, 30_000, MAX_CLOCK_SAMPLE_RTT_MS))).toBe(true);
    expect(isTrustedClockSample(estimateClockOffset(0, 30_000, 30_000, MAX_CLOCK_SAMPLE_RTT_MS + 1))).toBe(false);
  });
});
