import type { SyncStatusView } from '../../shared/api.js';
import type { Clock } from '../clock.js';
import type { KioskKey } from '../keys.js';
import type { IdentityTable } from '../store/identity.js';
import type { MasterDataTable } from '../store/master-data.js';
import type { RecordsTable } from '../store/records.js';
import type { SyncStateTable } from '../store/sync-state.js';
import type { BackoffPolicy } from './backoff.js';
import { estimateClockOffset, isTrustedClockSample } from './clock-offset.js';
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
  /** `CODE@fingerprint` as the admin API gives it: the fingerprint pins the server key. */
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

/** What the enroll, push, pull and server-key steps share: the deps and the client's view of the link. */
export interface SyncContext {
  readonly deps: SyncClientDeps;
  readonly online: boolean;
  readonly lastError: SyncStatusView['lastError'];
  /** Kiosk wall time of the last answer from the server (any HTTP status). */
  readonly lastExchangeAt: number;
  fail(code: string, message: string): void;
  /** Clears the last error if it is one of `codes` (all when none given). */
  clearError(...codes: string[]): void;
  noteAnswer(result: Exchange<unknown>): void;
  recordClock(t1: number, t2: number, t3: number, t4: number, serverTime: string): void;
  signer(keyId: string): RequestSigner;
  nowIso(): string;
}

export function createSyncContext(deps: SyncClientDeps): SyncContext {
  let online = false;
  let lastError: SyncStatusView['lastError'] = null;
  let lastExchangeAt = 0;
  const nowIso = () => new Date(deps.clock.wallMs()).toISOString();
  return {
    deps,
    get online() {
      return online;
    },
    get lastError() {
      return lastError;
    },
    get lastExchangeAt() {
      return lastExchangeAt;
    },
    fail(code, message) {
      lastError = { code, message, at: nowIso() };
    },
    clearError(...codes) {
      if (codes.length === 0 || (lastError && codes.includes(lastError.code))) lastError = null;
    },
    noteAnswer(result) {
      online = result.ok || result.kind === 'http';
      if (online) lastExchangeAt = deps.clock.wallMs();
    },
    recordClock(t1, t2, t3, t4, serverTime) {
      if (![t1, t2, t3, t4].every(Number.isFinite)) return;
      const sample = estimateClockOffset(t1, t2, t3, t4);
      if (!isTrustedClockSample(sample)) return;
      deps.syncState.setClock(sample.offsetMs, sample.rttMs, serverTime);
    },
    signer(keyId) {
      return { keyId, privateKey: deps.key.privateKey };
    },
    nowIso,
  };
}

/** Refusals that say who we are now, shared by push and pull. */
export function statusRefusal(ctx: SyncContext, code: string): StepOutcome | null {
  switch (code) {
    case 'kiosk-quarantined':
      ctx.deps.identity.setStatus('quarantined');
      return { kind: 'halted', code };
    case 'kiosk-revoked':
      ctx.deps.identity.setStatus('revoked');
      return { kind: 'halted', code };
    case 'kiosk-pending':
      ctx.deps.identity.setStatus('pending');
      return { kind: 'waiting-approval' };
    default:
      return null;
  }
}
