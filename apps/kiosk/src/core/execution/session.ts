/** Who is logged in at the kiosk; records after login carry this actor. */
export interface ExecutionActor {
  readonly kind: 'user';
  readonly userId: string;
  readonly printedName: string;
}

export interface Session {
  readonly actor: ExecutionActor;
  readonly loggedInAtMs: number;
  lastActivityMs: number;
}

export const DEFAULT_AUTO_LOCK_MS = 5 * 60_000;

/** The one session of the kiosk, locked after `autoLockMs` without a command. */
export function createSessionHolder(autoLockMs: number) {
  let session: Session | null = null;
  let expired: Session | null = null;
  return {
    /** The live session, or null when nobody is logged in or it timed out (which logs out). */
    current(nowMs: number): Session | null {
      if (session && nowMs - session.lastActivityMs > autoLockMs) {
        expired = session;
        session = null;
      }
      return session;
    },
    /** The session that timed out since the last call, once, so its end can be recorded. */
    takeExpired(): Session | null {
      const taken = expired;
      expired = null;
      return taken;
    },
    touch(nowMs: number): void {
      if (session) session.lastActivityMs = nowMs;
    },
    /** Opens a session for `actor`; returns the one it replaced (another user logging in over it). */
    open(actor: ExecutionActor, nowMs: number): Session | null {
      const previous = session;
      session = { actor, loggedInAtMs: nowMs, lastActivityMs: nowMs };
      return previous;
    },
    close(): void {
      session = null;
    },
    autoLockMs,
  };
}
