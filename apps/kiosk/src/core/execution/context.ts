import { findUser, type FloorContext, type MasterData } from '@lineside/domain';
import type { RecordActor } from '@lineside/sync-protocol';
import { formatLocalIso, type Clock } from '../clock.js';
import type { KioskLog } from '../log.js';
import type { Db } from '../store/db.js';
import type { CredentialVerifiers } from '../store/master-data.js';
import { parseStored, recordsTable } from '../store/records.js';
import { shiftOf } from './floor.js';
import type { LabelPrinter } from './labels.js';
import { createFoldedState, type LoggedEvent, type StreamEvents } from './fold.js';
import { AGGREGATES, aggregateOf, eventDraft, type Aggregate } from './records.js';
import { createSessionHolder, DEFAULT_AUTO_LOCK_MS, type ExecutionActor } from './session.js';

export type Outcome<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly code: string; readonly message: string };

export interface ExecutionDeps {
  readonly db: Db;
  readonly log: KioskLog;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Master data the deciders run against (core.masterData.snapshot on the kiosk, demoPlant in tests). */
  readonly masterData: () => MasterData | null;
  /** Last full master-data refresh (offline grace); null = never. */
  readonly masterRefreshedAt: () => string | null;
  /** The station this kiosk serves (master-data station id, e.g. DISP-1). */
  readonly stationId: () => string | null;
  /** The kiosk's key id (`K-DISP-1#2`): its lane of the station's SSCC block; absent or null: lane 0. */
  readonly keyId?: () => string | null;
  readonly verifiers: (userId: string) => CredentialVerifiers | null;
  readonly autoLockMs?: number;
  /** The station's label printer (issue 13); null or absent: labels are recorded as not printed. */
  readonly printer?: () => LabelPrinter | null;
}

/** The actor of records the kiosk writes on its own (a failed PIN, a central unlock applied). */
export const KIOSK_ACTOR = { kind: 'kiosk' } as const;
const NEVER_REFRESHED = '1970-01-01T00:00:00.000Z';

export function refusal(code: string, message: string) {
  return { ok: false as const, code, message };
}
export type Refusal = ReturnType<typeof refusal>;

/** The user `userId` as the actor of a record they sign (their printed name from master data). */
export function userActor(master: MasterData, userId: string): ExecutionActor {
  return { kind: 'user', userId, printedName: findUser(master, userId)?.printedName ?? userId };
}

class NotEnrolled extends Error {}

/**
 * What every aggregate module of the execution core shares: the folded states (rebuilt from the log
 * here), `commit` (append a decision's events in one transaction, then fold them), the floor context the
 * deciders run in, and the one session of the kiosk. No rule of the floor lives here.
 */
export function createExecutionContext(deps: ExecutionDeps) {
  const state = createFoldedState();
  const sessions = createSessionHolder(deps.autoLockMs ?? DEFAULT_AUTO_LOCK_MS);
  const listeners = new Set<() => void>();
  type Committed = (aggregate: Aggregate, events: readonly { readonly type: string }[], actor: ExecutionActor | typeof KIOSK_ACTOR) => void;
  const followers = new Set<Committed>();

  // Fold the whole log once: this is what a restart (or kill -9) rebuilds.
  for (const stored of recordsTable(deps.db).ofTypePrefixes(AGGREGATES)) {
    const aggregate = aggregateOf(stored.type);
    if (!aggregate) continue;
    const record = parseStored(stored);
    const streamId = record.subject?.[aggregate];
    // The log holds only what commit appended: the payload is the event as its decider decided it.
    if (streamId) state.apply(aggregate, streamId, record.payload as LoggedEvent);
  }

  const appendAll = deps.db.transaction((aggregate: Aggregate, streamId: string, events: readonly LoggedEvent[], actor: RecordActor) => {
    for (const event of events) {
      const result = deps.log.append(eventDraft(aggregate, streamId, event, actor));
      // Throwing rolls back every event of the decision: all or none reach the log.
      if (!result.ok) throw new NotEnrolled(result.message);
    }
  });

  /** Appends a decision's events to `aggregate`'s stream `streamId`, all or none, then folds them. */
  function commit<A extends Aggregate>(aggregate: A, streamId: string, events: readonly StreamEvents[A][], actor: ExecutionActor | typeof KIOSK_ACTOR): Outcome<{ events: number }> {
    if (events.length === 0) return { ok: true, events: 0 };
    try {
      appendAll(aggregate, streamId, events, actor);
    } catch (error) {
      if (error instanceof NotEnrolled) return refusal('not-enrolled', error.message);
      throw error;
    }
    for (const event of events) state.apply(aggregate, streamId, event);
    // What follows from an act (operating states, operating-states.ts) is recorded right after it.
    for (const follower of followers) follower(aggregate, events, actor);
    for (const listener of listeners) listener();
    return { ok: true, events: events.length };
  }

  function nowMs(): number {
    return deps.clock.wallMs();
  }

  function nowLocal(): string {
    const wall = nowMs();
    return formatLocalIso(wall, deps.clock.utcOffsetMinutes(wall));
  }

  /** The floor as the deciders see it now: master data, station, shift, equipment states and holds. */
  function context(): Outcome<{ ctx: FloorContext }> {
    const master = deps.masterData();
    if (!master) return refusal('no-master-data', 'This kiosk has no master data yet — connect it to the server once so it can pull the plant’s data');
    const stationId = deps.stationId();
    if (!stationId) return refusal('no-station', 'This kiosk is not assigned to a station yet — enroll it first');
    const now = nowLocal();
    return {
      ok: true,
      ctx: {
        now,
        today: now.slice(0, 10),
        shift: shiftOf(master, now),
        master,
        stationId,
        masterDataRefreshedAt: deps.masterRefreshedAt() ?? NEVER_REFRESHED,
        equipmentStates: Object.fromEntries(state.equipment),
        activeHolds: [...state.holds.values()],
        newId: deps.newId,
      },
    };
  }

  function endSession(actor: ExecutionActor, reason: 'logout' | 'inactivity' | 'another-user'): void {
    // Failing to record the end (not enrolled) must not keep a session open: it is closed regardless.
    commit('session', actor.userId, [{ type: 'LoggedOut', at: nowLocal(), userId: actor.userId, reason }], actor);
  }

  /** The live session; a session that timed out is recorded as ended by inactivity, once. */
  function liveSession() {
    const session = sessions.current(nowMs());
    const expired = sessions.takeExpired();
    if (expired) endSession(expired.actor, 'inactivity');
    return session;
  }

  function requireSession(): Outcome<{ actor: ExecutionActor }> {
    const session = liveSession();
    if (!session) return refusal('not-logged-in', 'Nobody is logged in at this kiosk — log in with your badge and PIN');
    sessions.touch(nowMs());
    return { ok: true, actor: session.actor };
  }

  /** A command by the logged-in user: their session (touched) and the floor context, or why not. */
  function begin(): Outcome<{ actor: ExecutionActor; ctx: FloorContext }> {
    const session = requireSession();
    if (!session.ok) return session;
    const ctx = context();
    if (!ctx.ok) return ctx;
    return { ok: true, actor: session.actor, ctx: ctx.ctx };
  }

  function onChange(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  function onCommitted(follower: Committed): () => void {
    followers.add(follower);
    return () => followers.delete(follower);
  }

  return { deps, state, sessions, commit, context, nowMs, nowLocal, liveSession, endSession, requireSession, begin, onChange, onCommitted };
}
export type ExecutionContext = ReturnType<typeof createExecutionContext>;
