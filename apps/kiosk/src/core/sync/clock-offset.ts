/**
 * NTP-style estimate from one exchange (SYNC.md §3): t1 kiosk send, t2 server receive, t3 server
 * send, t4 kiosk receive. offset = ((t2−t1)+(t3−t4))/2 is server minus kiosk; rtt = (t4−t1)−(t3−t2).
 */
export interface ClockSample {
  readonly offsetMs: number;
  readonly rttMs: number;
}

/** Whole milliseconds: records carry the estimate, and numbers in a record are integers (spec §1.1). */
export function estimateClockOffset(t1: number, t2: number, t3: number, t4: number): ClockSample {
  return { offsetMs: Math.round((t2 - t1 + (t3 - t4)) / 2), rttMs: Math.max(0, t4 - t1 - (t3 - t2)) };
}

/**
 * An exchange slower than this says too little about the clock to be kept: its offset can be off by up to
 * half its round trip (30 s here, a tenth of the server's 5-min CLOCK_SKEW limit). The previous estimate
 * stays, so a request that stalled for minutes (Wi-Fi dropped mid-sync, a server paused) does not make the
 * kiosk's next records read as made on a wrong clock. NTP's clock filter likewise trusts low-delay samples.
 */
export const MAX_CLOCK_SAMPLE_RTT_MS = 60_000;

export function isTrustedClockSample(sample: ClockSample): boolean {
  return sample.rttMs <= MAX_CLOCK_SAMPLE_RTT_MS;
}
