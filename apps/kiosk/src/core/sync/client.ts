import type { KioskStatus } from '@lineside/sync-protocol';
import type { SyncPhase, SyncStatusView } from '../../shared/api.js';
import { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
import type { PushBatch } from './batch.js';
import { createSyncContext, type StepOutcome, type SyncClientDeps } from './context.js';
import { createEnrollment } from './enroll.js';
import { offlineGraceExpiresAt } from './master-data.js';
import { createPuller } from './pull.js';
import { createPusher } from './push.js';
import { createServerKeyPin } from './server-key.js';

export type { StepOutcome, SyncClientDeps } from './context.js';

/**
 * The kiosk's sync loop: enroll (enroll.ts), wait for approval, push the outbox (push.ts), pull master
 * data once the outbox is empty (pull.ts), every server signature checked against the pinned server
 * key (server-key.ts). This file only sequences the steps, paces them and publishes the status.
 */
export function createSyncClient(deps: SyncClientDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const approvalPollMs = deps.approvalPollMs ?? 2_000;
  const idlePollMs = deps.idlePollMs ?? 30_000;
  const haltedPollMs = deps.haltedPollMs ?? 60_000;
  const ctx = createSyncContext(deps);
  const serverKeys = createServerKeyPin(ctx);
  const enrollment = createEnrollment(ctx, serverKeys);
  const pusher = createPusher(ctx, serverKeys);
  const puller = deps.masterData ? createPuller(ctx, serverKeys, deps.masterData, { pollMs: deps.masterPollMs ?? 60_000, pageLimit: deps.masterPageLimit ?? 1000 }) : null;

  let phase: SyncPhase = 'not-enrolled';
  let nextAttemptAt: string | null = null;
  let attempt = 0;
  let stopped = true;
  let wakeUp: (() => void) | null = null;
  /** A wake that came while a step was in flight: the loop must not then sleep out an idle wait. */
  let wokenDuringStep = false;
  let loop: Promise<void> | null = null;
  const listeners = new Set<(status: SyncStatusView) => void>();
  let lastPublished = '';

  function status(): SyncStatusView {
    const head = deps.records.head();
    const state = deps.syncState.get();
    const identity = deps.identity.get();
    return {
      phase: identity ? phaseOfIdentity(identity.status) : phase,
      online: ctx.online,
      serverUrl: deps.api.baseUrl,
      headSeq: head.seq,
      ackedSeq: state.ackedSeq,
      unsent: Math.max(0, head.seq - state.ackedSeq),
      lastSyncAt: state.lastServerSync,
      lastError: ctx.lastError,
      nextAttemptAt,
      clockOffsetMs: state.clock?.offsetMs ?? null,
      rttMs: state.clock?.rttMs ?? null,
      ...masterStatus(identity?.stationId),
    };
  }

  function masterStatus(stationId: string | undefined): Pick<SyncStatusView, 'masterDataVersion' | 'lastMasterRefreshAt' | 'offlineGraceExpiresAt' | 'masterDataRefused'> {
    if (!deps.masterData) return {};
    const cursor = deps.masterData.cursor();
    return {
      masterDataVersion: cursor.version,
      lastMasterRefreshAt: cursor.lastRefreshAt,
      offlineGraceExpiresAt: offlineGraceExpiresAt(deps.masterData.snapshot(), stationId, cursor.lastRefreshAt),
      masterDataRefused: deps.masterData.refused(),
    };
  }

  function phaseOfIdentity(status: KioskStatus): SyncPhase {
    return phase === 'refused' ? 'refused' : status;
  }

  function publish(): void {
    const view = status();
    const text = JSON.stringify(view);
    if (text === lastPublished) return;
    lastPublished = text;
    for (const listener of listeners) listener(view);
  }

  /** One unit of work; the loop calls it repeatedly, tests may call it directly. */
  async function step(): Promise<StepOutcome> {
    const identity = deps.identity.get();
    if (!identity) {
      if (!deps.enrollCode || enrollment.refused()) return { kind: 'idle' };
      phase = 'enrolling';
      const outcome = await enrollment.enroll(deps.enrollCode);
      if (enrollment.refused()) phase = 'refused';
      return outcome;
    }
    if (identity.status !== 'active') return enrollment.refreshKioskState(identity.keyId);
    const outcome = await pusher.push(identity.kioskId);
    // Master data after the outbox is empty: records first, the floor keeps working on its cache.
    if (outcome.kind === 'idle' && puller?.due()) return puller.pull(identity.keyId);
    if (outcome.kind === 'idle' && deps.clock.wallMs() - ctx.lastExchangeAt >= idlePollMs) {
      // Nothing to send: check in, so status, revocation and the clock estimate stay fresh.
      const refreshed = await enrollment.refreshKioskState(identity.keyId);
      return refreshed.kind === 'progress' ? { kind: 'idle' } : refreshed;
    }
    return outcome;
  }

  function delayFor(outcome: StepOutcome): number {
    switch (outcome.kind) {
      case 'progress':
        attempt = 0;
        return 0;
      case 'idle':
        attempt = 0;
        return idlePollMs;
      case 'waiting-approval':
        attempt = 0;
        return approvalPollMs;
      case 'retry':
        attempt += 1;
        return backoffDelay(attempt, deps.random(), backoff);
      case 'halted':
        attempt = 0;
        return haltedPollMs;
    }
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    while (!stopped) {
      let outcome: StepOutcome;
      // The step sees every record appended before it starts; a wake from here on is for the next one.
      wokenDuringStep = false;
      try {
        outcome = await step();
      } catch (error) {
        // A bug, not a network condition: say so, and keep the kiosk running.
        ctx.fail('internal-error', `sync step failed: ${(error as Error).stack ?? String(error)}`);
        outcome = { kind: 'retry', code: 'internal-error' };
      }
      const delay = delayFor(outcome);
      nextAttemptAt = delay > 0 ? new Date(deps.clock.wallMs() + delay).toISOString() : null;
      publish();
      if (stopped) break;
      // A record appended during a pull or a check-in (which end 'idle') is sent now, not after the idle wait;
      // a backoff after failures stands (attempt > 0).
      if (delay > 0 && !(wokenDuringStep && attempt === 0)) await sleep(delay);
    }
  }

  return {
    step,
    status,
    start(): void {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop(): Promise<void> {
      stopped = true;
      wakeUp?.();
      await loop;
      loop = null;
    },
    /** A record was appended (or the operator asked): try now instead of waiting out an idle wait. */
    wake(): void {
      publish();
      // Backoff after failures stands: hammering a failing server helps nobody.
      if (attempt !== 0) return;
      if (wakeUp) wakeUp();
      else wokenDuringStep = true;
    },
    onStatus(listener: (view: SyncStatusView) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Pull master data on the next idle step (the operator asked, or a test). */
    refreshMasterData(): void {
      puller?.forget();
      this.wake();
    },
    /** The batch awaiting a definitive answer (for tests and diagnostics). */
    inFlight: (): PushBatch | null => pusher.inFlight(),
  };
}
export type SyncClient = ReturnType<typeof createSyncClient>;
