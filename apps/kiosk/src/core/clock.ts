import { randomUUID } from 'node:crypto';

/** Where the core reads time; tests pass their own so no test depends on the real clock. */
export interface Clock {
  /** Wall clock, ms since epoch (may jump). */
  wallMs(): number;
  /** Monotonic ms since this boot (never jumps), exact integer. */
  monoMs(): bigint;
  /** Local time-zone offset in minutes east of UTC at that instant. */
  utcOffsetMinutes(atMs: number): number;
}

export const systemClock: Clock = {
  wallMs: () => Date.now(),
  monoMs: () => process.hrtime.bigint() / 1_000_000n,
  utcOffsetMinutes: (atMs) => -new Date(atMs).getTimezoneOffset(),
};

/** One boot of the kiosk core; monoMs is only comparable within a bootId. */
export function newBootId(): string {
  return randomUUID();
}

/** ISO 8601 with the kiosk's own offset, e.g. 2026-11-25T10:15:30.123+01:00 (Part 11: know the zone). */
export function formatLocalIso(atMs: number, offsetMinutes: number): string {
  const shifted = new Date(atMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
