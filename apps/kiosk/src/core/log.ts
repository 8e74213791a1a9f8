import type { JsonValue, RecordActor, SignedRecord, UnsignedRecord } from '@lineside/sync-protocol';
import { checkRecordContract, ENVELOPE_VERSION } from '@lineside/sync-protocol';
import { signRecordWithBody, uuidv7 } from '@lineside/sync-protocol/node';
import { formatLocalIso, type Clock } from './clock.js';
import type { ClockJump, ClockWatch } from './clock-watch.js';
import { formatHlc, hlcTick, HLC_ZERO, parseHlc, type Hlc } from './hlc.js';
import type { KioskKey } from './keys.js';
import type { Db } from './store/db.js';
import type { IdentityTable } from './store/identity.js';
import { parseStored, type RecordsTable } from './store/records.js';
import type { SyncStateTable } from './store/sync-state.js';

/** What a command wants recorded; the log adds identity, chain, time and signature. */
export interface RecordDraft {
  readonly type: string;
  readonly payloadSchema: string;
  readonly actor: RecordActor;
  readonly payload: { readonly [key: string]: JsonValue };
  readonly subject?: { readonly [key: string]: string };
  readonly masterRefs?: { readonly [key: string]: JsonValue };
  readonly corrects?: { readonly id: string; readonly reason: string };
}

export interface AppendedRecord {
  readonly seq: number;
  readonly id: string;
  readonly hash: string;
  readonly record: SignedRecord;
}

export type AppendResult =
  | { readonly ok: true; readonly appended: AppendedRecord; readonly alsoAppended: readonly AppendedRecord[] }
  | { readonly ok: false; readonly code: 'not-enrolled'; readonly message: string };

export interface LogDeps {
  readonly db: Db;
  readonly records: RecordsTable;
  readonly identity: IdentityTable;
  readonly syncState: SyncStateTable;
  readonly key: KioskKey;
  readonly clock: Clock;
  readonly clockWatch: ClockWatch;
  readonly bootId: string;
  readonly appVersion: string;
}

export type ClockAnomaly = ClockJump & { readonly kind: 'wall-clock-step' | 'wall-clock-behind-log' };

/**
 * The kiosk's append-only, hash-chained, signed log. One append = one SQLite transaction that reads
 * the head, signs the next record, inserts it and runs the caller's projection writes.
 */
export function createLog(deps: LogDeps) {
  const { db, records, clock } = deps;
  let hlc: Hlc = HLC_ZERO;
  const pendingAnomalies: ClockAnomaly[] = [];
  const listeners = new Set<(appended: AppendedRecord) => void>();

  const last = records.last();
  if (last) {
    const parsed = parseStored(last);
    hlc = parseHlc(parsed.time.hlc) ?? HLC_ZERO;
    // A wall clock behind the last record's time means it was set back while the core was down.
    const lastWall = Date.parse(parsed.occurredAt);
    const now = clock.wallMs();
    if (lastWall - now > 2_000) {
      const delta = BigInt(now - lastWall);
      pendingAnomalies.push({ kind: 'wall-clock-behind-log', wallBeforeMs: lastWall, wallAfterMs: now, wallDeltaMs: delta, monoDeltaMs: 0n, jumpMs: delta });
    }
  }

  function build(draft: RecordDraft, seq: number, prevHash: string, kioskId: string, keyId: string): UnsignedRecord {
    const wall = clock.wallMs();
    hlc = hlcTick(hlc, wall);
    const sync = deps.syncState.get();
    return {
      v: ENVELOPE_VERSION,
      id: uuidv7(wall),
      kioskId,
      keyId,
      alg: 'Ed25519',
      seq,
      prevHash,
      type: draft.type,
      payloadSchema: draft.payloadSchema,
      appVersion: deps.appVersion,
      actor: draft.actor,
      occurredAt: formatLocalIso(wall, clock.utcOffsetMinutes(wall)),
      time: {
        hlc: formatHlc(hlc, kioskId),
        bootId: deps.bootId,
        monoMs: clock.monoMs().toString(),
        ...(sync.clock ? { lastSync: { serverTime: sync.clock.serverTime, offsetMs: sync.clock.offsetMs, rttMs: sync.clock.rttMs } } : {}),
      },
      masterDataVersion: sync.masterCursor,
      ...(draft.masterRefs ? { masterRefs: draft.masterRefs } : {}),
      ...(draft.subject ? { subject: draft.subject } : {}),
      payload: draft.payload,
      ...(draft.corrects ? { corrects: draft.corrects } : {}),
    };
  }

  function insertOne(draft: RecordDraft, kioskId: string, keyId: string): AppendedRecord {
    // A record the catalog does not describe is a bug in the kiosk: it must never be signed.
    const broken = checkRecordContract(draft);
    if (broken) throw new RecordContractError(`the kiosk built a ${draft.type} record that breaks its contract at ${broken.path}: ${broken.message}`);
    const head = records.head();
    const unsigned = build(draft, head.seq + 1, head.hash, kioskId, keyId);
    const { record, hash, body } = signRecordWithBody(unsigned, deps.key.privateKey);
    records.insert(record, hash, body);
    return { seq: record.seq, id: record.id, hash, record };
  }

  function anomalyDraft(anomaly: ClockAnomaly): RecordDraft {
    return {
      type: 'clock.anomaly',
      payloadSchema: 'clock.anomaly@1',
      actor: { kind: 'kiosk' },
      payload: {
        kind: anomaly.kind,
        wallBefore: new Date(anomaly.wallBeforeMs).toISOString(),
        wallAfter: new Date(anomaly.wallAfterMs).toISOString(),
        wallDeltaMs: anomaly.wallDeltaMs.toString(),
        monoDeltaMs: anomaly.monoDeltaMs.toString(),
        jumpMs: anomaly.jumpMs.toString(),
      },
    };
  }

  function noteClock(): void {
    const jump = deps.clockWatch.check();
    if (jump) pendingAnomalies.push({ ...jump, kind: 'wall-clock-step' });
  }

  const appendTx = db.transaction((draft: RecordDraft, project: ((appended: AppendedRecord) => void) | undefined, kioskId: string, keyId: string) => {
    const also: AppendedRecord[] = [];
    for (const anomaly of pendingAnomalies) also.push(insertOne(anomalyDraft(anomaly), kioskId, keyId));
    const appended = insertOne(draft, kioskId, keyId);
    project?.(appended);
    return { appended, also };
  });

  function notEnrolled(): AppendResult {
    return { ok: false, code: 'not-enrolled', message: 'this kiosk is not enrolled yet, so it cannot sign records: start it with --enroll-code <code> from an admin' };
  }

  return {
    /** Appends one record (plus any clock anomaly seen since the last append) atomically. */
    append(draft: RecordDraft, project?: (appended: AppendedRecord) => void): AppendResult {
      const identity = deps.identity.get();
      if (!identity) return notEnrolled();
      noteClock();
      const { appended, also } = appendTx(draft, project, identity.kioskId, identity.keyId);
      // Only after commit: the anomalies are now in the log.
      pendingAnomalies.length = 0;
      for (const record of [...also, appended]) for (const listener of listeners) listener(record);
      return { ok: true, appended, alsoAppended: also };
    },
    /** Called on a timer: records a wall-clock step as soon as it is seen (when enrolled). */
    checkClock(): AppendedRecord[] {
      noteClock();
      if (pendingAnomalies.length === 0) return [];
      const identity = deps.identity.get();
      if (!identity) return [];
      const appended = db.transaction(() => pendingAnomalies.map((a) => insertOne(anomalyDraft(a), identity.kioskId, identity.keyId)))();
      pendingAnomalies.length = 0;
      for (const record of appended) for (const listener of listeners) listener(record);
      return appended;
    },
    head: () => records.head(),
    onAppend(listener: (appended: AppendedRecord) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type KioskLog = ReturnType<typeof createLog>;

/** Thrown (a programming error, not a refusal) when a draft does not match its payloadSchema. */
export class RecordContractError extends Error {
  override name = 'RecordContractError';
}
