import type { KioskStatus, PullResponse, Receipt } from '@lineside/sync-protocol';
import type { SyncPhase, SyncStatusView } from '../../shared/api.js';
import type { Clock } from '../clock.js';
import type { KioskKey } from '../keys.js';
import type { IdentityTable } from '../store/identity.js';
import type { MasterDataTable } from '../store/master-data.js';
import type { RecordsTable } from '../store/records.js';
import type { SyncStateTable } from '../store/sync-state.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { buildBatch, type PushBatch } from './batch.js';
import { estimateClockOffset } from './clock-offset.js';
import { offlineGraceExpiresAt } from './master-data.js';
import { checkPullPage } from './pull-check.js';
import { checkReceipt } from './receipt.js';
import type { Exchange, RequestSigner, ServerApi } from './server-api.js';

export interface SyncClientDeps {
  readonly api: ServerApi;
  readonly records: RecordsTable;
  readonly identity: IdentityTable;
  readonly syncState: SyncStateTable;
  readonly key: KioskKey;
  readonly clock: Clock;
  readonly random: () => number;
  readonly appVersion: string;
  readonly hostname?: string;
  readonly enrollCode?: string;
  readonly backoff?: BackoffPolicy;
  /** How often to ask for approval while pending. */
  readonly approvalPollMs?: number;
  /** How often to check in when there is nothing to send (status and clock). */
  readonly idlePollMs?: number;
  /** Wait before asking again after the server refused us for good (revoked, fork…). */
  readonly haltedPollMs?: number;
  readonly batchLimits?: { maxRecords: number; maxBytes: number };
  /** The master-data cache; without it the client only pushes. */
  readonly masterData?: MasterDataTable;
  /** Pull master data at start and then at most this often (ms) once the outbox is empty. */
  readonly masterPollMs?: number;
  /** Changes asked for per pull page (the server allows 1..5000). */
  readonly masterPageLimit?: number;
}

/** What one step did, and so how long the loop waits before the next. */
export type StepOutcome =
  | { readonly kind: 'progress' }
  | { readonly kind: 'idle' }
  | { readonly kind: 'waiting-approval' }
  | { readonly kind: 'retry'; readonly code: string }
  | { readonly kind: 'halted'; readonly code: string };

const PERMANENT_PUSH_REFUSALS = new Set(['bad-signature', 'broken-chain', 'out-of-order', 'kiosk-mismatch', 'key-mismatch', 'invalid-record', 'unsupported-envelope', 'invalid-body', 'malformed-json', 'unknown-kiosk']);

/**
 * The push side of SYNC.md §6.4: enroll, wait for approval, then push the outbox (seq > acked) in
 * order, in batches, marking records delivered only on a server receipt whose signature verifies.
 */
export function createSyncClient(deps: SyncClientDeps) {
  const backoff = deps.backoff ?? DEFAULT_BACKOFF;
  const approvalPollMs = deps.approvalPollMs ?? 2_000;
  const idlePollMs = deps.idlePollMs ?? 30_000;
  const haltedPollMs = deps.haltedPollMs ?? 60_000;
  const masterPollMs = deps.masterPollMs ?? 60_000;
  const masterPageLimit = deps.masterPageLimit ?? 1000;
  /** Kiosk wall time of the last complete pull in this run; null = pull on the next idle step. */
  let lastPullAt: number | null = null;

  let phase: SyncPhase = 'not-enrolled';
  let online = false;
  let lastError: SyncStatusView['lastError'] = null;
  let nextAttemptAt: string | null = null;
  let enrollRefused = false;
  /** The batch sent and not yet answered for good: retried byte for byte. */
  let inFlight: PushBatch | null = null;
  /** Set when the server asks us to resend from an earlier seq (its store was restored). */
  let resendAfter: number | null = null;
  let lastExchangeAt = 0;
  let attempt = 0;
  let stopped = true;
  let wakeUp: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  const listeners = new Set<(status: SyncStatusView) => void>();
  let lastPublished = '';

  const nowIso = () => new Date(deps.clock.wallMs()).toISOString();

  function phaseOf(status: KioskStatus): SyncPhase {
    return status;
  }

  function status(): SyncStatusView {
    const head = deps.records.head();
    const state = deps.syncState.get();
    const identity = deps.identity.get();
    return {
      phase: identity ? phaseOfIdentity(identity.status) : phase,
      online,
      serverUrl: deps.api.baseUrl,
      headSeq: head.seq,
      ackedSeq: state.ackedSeq,
      unsent: Math.max(0, head.seq - state.ackedSeq),
      lastSyncAt: state.lastServerSync,
      lastError,
      nextAttemptAt,
      clockOffsetMs: state.clock?.offsetMs ?? null,
      rttMs: state.clock?.rttMs ?? null,
      ...masterStatus(identity?.stationId),
    };
  }

  function masterStatus(stationId: string | undefined): Pick<SyncStatusView, 'masterDataVersion' | 'lastMasterRefreshAt' | 'offlineGraceExpiresAt'> {
    if (!deps.masterData) return {};
    const cursor = deps.masterData.cursor();
    return {
      masterDataVersion: cursor.version,
      lastMasterRefreshAt: cursor.lastRefreshAt,
      offlineGraceExpiresAt: offlineGraceExpiresAt(deps.masterData.snapshot(), stationId, cursor.lastRefreshAt),
    };
  }

  function phaseOfIdentity(status: KioskStatus): SyncPhase {
    return phase === 'refused' ? 'refused' : phaseOf(status);
  }

  function publish(): void {
    const view = status();
    const text = JSON.stringify(view);
    if (text === lastPublished) return;
    lastPublished = text;
    for (const listener of listeners) listener(view);
  }

  function fail(code: string, message: string): void {
    lastError = { code, message, at: nowIso() };
  }

  function noteAnswer<T>(result: Exchange<T>): void {
    online = result.ok || result.kind === 'http';
    if (online) lastExchangeAt = deps.clock.wallMs();
  }

  function recordClock(t1: number, t2: number, t3: number, t4: number, serverTime: string): void {
    if (![t1, t2, t3, t4].every(Number.isFinite)) return;
    const sample = estimateClockOffset(t1, t2, t3, t4);
    deps.syncState.setClock(sample.offsetMs, sample.rttMs, serverTime);
  }

  function signer(keyId: string): RequestSigner {
    return { keyId, privateKey: deps.key.privateKey };
  }

  async function enroll(code: string): Promise<StepOutcome> {
    phase = 'enrolling';
    const result = await deps.api.enroll({ code, publicKey: deps.key.publicKey, appVersion: deps.appVersion, ...(deps.hostname ? { hostname: deps.hostname } : {}) });
    noteAnswer(result);
    if (!result.ok) {
      fail(result.code, `enrollment with code ${code} failed: ${result.message}`);
      if (result.kind === 'http' && result.status >= 400 && result.status < 500) {
        enrollRefused = true;
        phase = 'refused';
        return { kind: 'halted', code: result.code };
      }
      return { kind: 'retry', code: result.code };
    }
    const body = result.body;
    deps.identity.save({
      kioskId: body.kioskId,
      keyId: body.keyId,
      stationId: body.stationId,
      status: body.status,
      publicKey: deps.key.publicKey,
      serverUrl: deps.api.baseUrl,
      enrolledAt: body.serverTime,
    });
    const t2 = Date.parse(body.serverTime);
    recordClock(result.t1, t2, t2, result.t4, body.serverTime);
    lastError = null;
    return { kind: 'progress' };
  }

  async function refreshKioskState(keyId: string): Promise<StepOutcome> {
    const result = await deps.api.kioskState(signer(keyId));
    noteAnswer(result);
    if (!result.ok) {
      fail(result.code, result.kind === 'http' ? `the server refused the status check: ${result.message}` : result.message);
      return { kind: 'retry', code: result.code };
    }
    const t2 = Date.parse(result.body.serverTime);
    recordClock(result.t1, t2, t2, result.t4, result.body.serverTime);
    deps.identity.setStatus(result.body.status);
    if (lastError?.code === 'server-unreachable' || lastError?.code === 'unauthenticated') lastError = null;
    if (result.body.status === 'active') return { kind: 'progress' };
    if (result.body.status === 'pending') return { kind: 'waiting-approval' };
    fail(`kiosk-${result.body.status}`, `the server says kiosk ${result.body.kioskId} is ${result.body.status}: records stay on this kiosk until an admin acts`);
    return { kind: 'halted', code: `kiosk-${result.body.status}` };
  }

  async function ensureServerKey(force: boolean): Promise<{ keyId: string; publicKey: string } | StepOutcome> {
    const known = deps.syncState.get().serverKey;
    if (known && !force) return known;
    const result = await deps.api.serverKey();
    noteAnswer(result);
    if (!result.ok) {
      fail(result.code, `cannot fetch the server key to check receipts: ${result.message}`);
      return { kind: 'retry', code: result.code };
    }
    deps.syncState.setServerKey(result.body.serverKeyId, result.body.publicKey);
    return { keyId: result.body.serverKeyId, publicKey: result.body.publicKey };
  }

  async function acceptReceipt(receipt: Receipt, kioskId: string): Promise<StepOutcome | null> {
    let serverKey = await ensureServerKey(false);
    if ('kind' in serverKey) return serverKey;
    // A rotated server key: ask once for the current one before refusing the receipt.
    if (receipt.serverKeyId !== serverKey.keyId) {
      serverKey = await ensureServerKey(true);
      if ('kind' in serverKey) return serverKey;
    }
    const check = checkReceipt(receipt, { kioskId, serverKeyId: serverKey.keyId, serverPublicKey: serverKey.publicKey, records: deps.records });
    if (!check.ok) {
      fail(check.code, check.message);
      return { kind: 'retry', code: check.code };
    }
    return null;
  }

  async function push(kioskId: string): Promise<StepOutcome> {
    const state = deps.syncState.get();
    const head = deps.records.head();
    if (!inFlight) {
      const after = resendAfter ?? state.ackedSeq;
      if (after >= head.seq) return { kind: 'idle' };
      const batch = buildBatch(kioskId, deps.records.after(after, deps.batchLimits?.maxRecords ?? 500), (r) => r.keyId, deps.batchLimits);
      if (!batch) return { kind: 'idle' };
      if ('error' in batch) {
        fail('batch-too-large', batch.error);
        return { kind: 'halted', code: 'batch-too-large' };
      }
      inFlight = batch;
    }
    const batch = inFlight;
    const result = await deps.api.push(batch.body, signer(batch.keyId));
    noteAnswer(result);
    if (result.ok) {
      const problem = await acceptReceipt(result.body.receipt, kioskId);
      if (problem) return problem;
      const receipt = result.body.receipt;
      // Never move the acknowledged mark backwards: a restored server re-acks what it lost.
      if (receipt.ackedSeq >= deps.syncState.get().ackedSeq) deps.syncState.acknowledge(receipt, nowIso());
      recordClock(result.t1, Date.parse(result.body.receivedAt), Date.parse(receipt.serverTime), result.t4, receipt.serverTime);
      inFlight = null;
      if (resendAfter !== null) resendAfter = receipt.ackedSeq >= deps.syncState.get().ackedSeq ? null : receipt.ackedSeq;
      lastError = null;
      return { kind: 'progress' };
    }
    if (result.kind === 'network') {
      fail(result.code, result.message);
      return { kind: 'retry', code: result.code };
    }
    fail(result.code, `push of seq ${batch.fromSeq}–${batch.toSeq} refused (HTTP ${result.status} ${result.code}): ${result.message}`);
    switch (result.code) {
      case 'seq-gap': {
        const expected = Number(result.details.expectedSeq);
        inFlight = null;
        if (!Number.isInteger(expected) || expected < 1 || expected - 1 > head.seq) return { kind: 'halted', code: 'seq-gap' };
        resendAfter = expected - 1;
        return { kind: 'progress' };
      }
      case 'fork':
        deps.identity.setStatus('quarantined');
        return { kind: 'halted', code: result.code };
      case 'kiosk-quarantined':
      case 'kiosk-revoked':
      case 'kiosk-pending':
        return statusRefusal(result.code)!;
      default:
        if (PERMANENT_PUSH_REFUSALS.has(result.code)) return { kind: 'halted', code: result.code };
        return { kind: 'retry', code: result.code };
    }
  }

  /** Refusals that say who we are now, shared by push and pull. */
  function statusRefusal(code: string): StepOutcome | null {
    switch (code) {
      case 'kiosk-quarantined':
        deps.identity.setStatus('quarantined');
        return { kind: 'halted', code };
      case 'kiosk-revoked':
        deps.identity.setStatus('revoked');
        return { kind: 'halted', code };
      case 'kiosk-pending':
        deps.identity.setStatus('pending');
        return { kind: 'waiting-approval' };
      default:
        return null;
    }
  }

  /**
   * SYNC.md §6.6: fetch pages from the applied cursor until one says `complete`, check each page's
   * server signature, then apply them all in one transaction. A failure part way applies nothing.
   */
  async function pull(keyId: string): Promise<StepOutcome> {
    const table = deps.masterData!;
    const pages: PullResponse[] = [];
    let cursor = table.cursor().version;
    for (;;) {
      const result = await deps.api.pull(cursor, masterPageLimit, signer(keyId));
      noteAnswer(result);
      if (!result.ok) {
        const refusal = result.kind === 'http' ? statusRefusal(result.code) : null;
        fail(result.code, `master-data pull from version ${cursor} failed: ${result.message}`);
        return refusal ?? { kind: 'retry', code: result.code };
      }
      let serverKey = await ensureServerKey(false);
      if ('kind' in serverKey) return serverKey;
      if (result.body.serverKeyId !== serverKey.keyId) {
        serverKey = await ensureServerKey(true);
        if ('kind' in serverKey) return serverKey;
      }
      const check = checkPullPage(result.body, { cursor, serverKeyId: serverKey.keyId, serverPublicKey: serverKey.publicKey });
      if (!check.ok) {
        fail(check.code, check.message);
        return { kind: 'retry', code: check.code };
      }
      // A pull replaces the idle check-in, so it also keeps the clock estimate fresh.
      const t2 = Date.parse(result.body.serverTime);
      recordClock(result.t1, t2, t2, result.t4, result.body.serverTime);
      pages.push(result.body);
      cursor = result.body.to;
      if (result.body.complete) break;
    }
    table.apply(pages, nowIso());
    lastPullAt = deps.clock.wallMs();
    if (lastError?.code === 'bad-pull' || lastError?.code === 'server-unreachable') lastError = null;
    return { kind: 'idle' };
  }

  function pullDue(): boolean {
    return deps.masterData !== undefined && (lastPullAt === null || deps.clock.wallMs() - lastPullAt >= masterPollMs);
  }

  /** One unit of work; the loop calls it repeatedly, tests may call it directly. */
  async function step(): Promise<StepOutcome> {
    const identity = deps.identity.get();
    if (!identity) {
      if (!deps.enrollCode || enrollRefused) {
        if (!enrollRefused) phase = 'not-enrolled';
        return { kind: 'idle' };
      }
      return enroll(deps.enrollCode);
    }
    if (identity.status !== 'active') return refreshKioskState(identity.keyId);
    const outcome = await push(identity.kioskId);
    // Master data after the outbox is empty: records first, the floor keeps working on its cache.
    if (outcome.kind === 'idle' && pullDue()) return pull(identity.keyId);
    if (outcome.kind === 'idle' && deps.clock.wallMs() - lastExchangeAt >= idlePollMs) {
      // Nothing to send: check in, so status, revocation and the clock estimate stay fresh.
      const refreshed = await refreshKioskState(identity.keyId);
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
      try {
        outcome = await step();
      } catch (error) {
        // A bug, not a network condition: say so, and keep the kiosk running.
        fail('internal-error', `sync step failed: ${(error as Error).stack ?? String(error)}`);
        outcome = { kind: 'retry', code: 'internal-error' };
      }
      const delay = delayFor(outcome);
      nextAttemptAt = delay > 0 ? new Date(deps.clock.wallMs() + delay).toISOString() : null;
      publish();
      if (stopped) break;
      if (delay > 0) await sleep(delay);
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
      if (attempt === 0) wakeUp?.();
    },
    onStatus(listener: (view: SyncStatusView) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Pull master data on the next idle step (the operator asked, or a test). */
    refreshMasterData(): void {
      lastPullAt = null;
      this.wake();
    },
    /** The batch awaiting a definitive answer (for tests and diagnostics). */
    inFlight: (): PushBatch | null => inFlight,
  };
}
export type SyncClient = ReturnType<typeof createSyncClient>;
