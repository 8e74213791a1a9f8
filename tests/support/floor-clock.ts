import type { CalendarDay } from '@lineside/domain';
import { systemClock, type Clock } from '../../apps/kiosk/src/core/clock.js';

/**
 * A kiosk clock on one working day of the demo plant: it reads 10:00 local time (the early shift, 06:00–14:00)
 * on the day the test starts, and runs on in real time from there (wall and monotonic together).
 *
 * A test that builds the demo plant "as of today" and checks a balance for the day must not straddle midnight
 * or run outside a shift: CI's tests started at 23:58 once, the daily checks of BAL-01/02 made just before midnight were
 * yesterday's by the time step 2 asked for them, and five browser tests waited for a button that never came.
 */
export function floorClock(
  hour = 10,
): Clock & { readonly day: CalendarDay; readonly startedAt: Date; readonly shiftMs: number } {
  const real = new Date();
  const startedAt = new Date(real.getFullYear(), real.getMonth(), real.getDate(), hour, 0, 0, 0);
  const shift = startedAt.getTime() - real.getTime();
  return {
    day: { year: startedAt.getFullYear(), month: startedAt.getMonth() + 1, day: startedAt.getDate() },
    startedAt,
    /** How far this clock is ahead of the real one (negative: behind), for a child process to run the same clock. */
    shiftMs: shift,
    wallMs: () => Date.now() + shift,
    monoMs: () => systemClock.monoMs(),
    utcOffsetMinutes: (atMs) => systemClock.utcOffsetMinutes(atMs),
  };
}
