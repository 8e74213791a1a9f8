import type { Clock } from './clock.js';

/** Wall-clock steps larger than this between two checks are recorded (EDB PGD warns at 2 s). */
export const CLOCK_JUMP_THRESHOLD_MS = 2_000n;

export interface ClockJump {
  readonly wallBeforeMs: number;
  readonly wallAfterMs: number;
  readonly wallDeltaMs: bigint;
  readonly monoDeltaMs: bigint;
  /** Wall delta minus monotonic delta: how far the wall clock was stepped. */
  readonly jumpMs: bigint;
}

/**
 * Detects a wall clock set forwards or backwards while the core runs (SYNC.md §3): the wall clock
 * must advance like the monotonic one between two observations.
 */
export function createClockWatch(clock: Clock, thresholdMs = CLOCK_JUMP_THRESHOLD_MS) {
  let wall = clock.wallMs();
  let mono = clock.monoMs();
  return {
    check(): ClockJump | null {
      const nowWall = clock.wallMs();
      const nowMono = clock.monoMs();
      const wallDeltaMs = BigInt(nowWall - wall);
      const monoDeltaMs = nowMono - mono;
      const jumpMs = wallDeltaMs - monoDeltaMs;
      const jump = jumpMs > thresholdMs || jumpMs < -thresholdMs ? { wallBeforeMs: wall, wallAfterMs: nowWall, wallDeltaMs, monoDeltaMs, jumpMs } : null;
      wall = nowWall;
      mono = nowMono;
      return jump;
    },
  };
}
export type ClockWatch = ReturnType<typeof createClockWatch>;
