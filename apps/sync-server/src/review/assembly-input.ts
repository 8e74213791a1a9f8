import type { SignedRecord } from '@lineside/sync-protocol';
import type { StoredRecord } from '../db/records.js';
import type { CentralHistory } from '../sync/central-history.js';
import type { ChainCheck } from '../sync/verify.js';
import type { Person, RecordRef } from './batch-record-schema.js';

/** One kiosk key's chain over the order, with what proves it (review/completeness.ts). */
export interface SegmentInput {
  readonly kioskId: string;
  readonly keyId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly rows: readonly StoredRecord[];
  /** The envelopes of `rows`, parsed once (index-aligned); null where a stored envelope is not JSON. */
  readonly records: readonly (SignedRecord | null)[];
  /**
   * Every signature and link of the segment verified again with the enrolled key (verifyChain anchored on
   * the first record's prevHash), or undefined when the server holds no such key.
   */
  readonly verification: ChainCheck | undefined;
  /** The server's high-water mark of the key: its signed receipts cover seq ≤ this. */
  readonly acknowledgedSeq: number;
  /** Seqs of the segment whose ingest checks have not run yet. */
  readonly uncheckedSeqs: ReadonlySet<number>;
  /** Hash of the stored record at fromSeq − 1 (GENESIS for seq 1), or undefined when it is not held. */
  readonly hashBefore: string | undefined;
  /** prevHash of the stored record at toSeq + 1, or undefined when there is none yet. */
  readonly prevHashAfter: string | undefined;
}

/** Everything the pure assembly reads: loaded once (batch-record.ts), or made by hand in unit tests. */
export interface AssemblyInput {
  readonly orderId: string;
  readonly segments: readonly SegmentInput[];
  /** Central master-data history of the recipe, the planned order, lots, calibrations and users concerned. */
  readonly history: CentralHistory;
  /** Routine-test records (any kiosk) of the instruments the order used, by kiosk, key and seq. */
  readonly routineTests: readonly StoredRecord[];
  /** Printed names of the central user register, for acts whose record names only a user id. */
  readonly printedNames: ReadonlyMap<string, string>;
  /** Offline grace of each kiosk's station, hours. */
  readonly offlineGraceHours: ReadonlyMap<string, number>;
}

/** A stored row with its envelope parsed and its flags, as every section reads it. */
export interface Row {
  readonly stored: StoredRecord;
  readonly record: SignedRecord;
  readonly p: Readonly<Record<string, unknown>>;
  readonly ref: RecordRef;
  readonly flags: readonly { readonly code: string; readonly message: string }[];
  readonly atMs: number;
  /** The record belongs to the order (not only to a chain segment over it). */
  readonly ofOrder: boolean;
}

/** A stored envelope parsed, or null when it is not JSON (the chain proof then names it). */
export function parseEnvelope(stored: Pick<StoredRecord, 'envelope'>): SignedRecord | null {
  try {
    const parsed = JSON.parse(stored.envelope) as SignedRecord;
    return parsed && typeof parsed === 'object' ? parsed : null;
  } catch {
    return null;
  }
}

export function toRow(stored: StoredRecord, orderId: string, parsed?: SignedRecord | null): Row {
  // An unreadable envelope still takes its place (by its stored columns), so nothing silently drops out.
  const record =
    (parsed === undefined ? parseEnvelope(stored) : parsed) ??
    ({ type: stored.type, occurredAt: stored.occurred_at, payload: {}, actor: { kind: 'kiosk' }, kioskId: stored.kiosk_id, keyId: stored.key_id, seq: Number(stored.seq) } as unknown as SignedRecord);
  const atMs = Date.parse(record.occurredAt);
  return {
    stored,
    record,
    p: (record.payload ?? {}) as Record<string, unknown>,
    ref: { kioskId: stored.kiosk_id, keyId: stored.key_id, seq: Number(stored.seq), recordId: stored.record_id, type: stored.type },
    flags: JSON.parse(stored.flags || '[]') as { code: string; message: string }[],
    atMs: Number.isNaN(atMs) ? 0 : atMs,
    ofOrder: stored.order_id === orderId,
  };
}

/** Reads a payload member as text ('' when absent or not text). */
export const text = (p: Readonly<Record<string, unknown>>, key: string): string => (typeof p[key] === 'string' ? (p[key] as string) : '');
export const textOrNull = (p: Readonly<Record<string, unknown>>, key: string): string | null => (typeof p[key] === 'string' ? (p[key] as string) : null);

/** The person behind a user id: the printed name the record carries, else the register's, else the id. */
export function personOf(input: Pick<AssemblyInput, 'printedNames'>, userId: string, printedName?: string): Person {
  return { userId, printedName: printedName ?? input.printedNames.get(userId) ?? userId };
}

/** The acting person of a record (the kiosk itself acts as its id). */
export function actorOf(input: Pick<AssemblyInput, 'printedNames'>, row: Row): Person {
  const actor = row.record.actor;
  return actor?.kind === 'user' ? personOf(input, actor.userId, actor.printedName) : { userId: row.ref.kioskId, printedName: `kiosk ${row.ref.kioskId}` };
}

/** Deterministic order of acts across kiosks: kiosk time, then kiosk, key and seq. */
export function byTime(a: Row, b: Row): number {
  return a.atMs - b.atMs || cmp(a.ref.kioskId, b.ref.kioskId) || cmp(a.ref.keyId, b.ref.keyId) || a.ref.seq - b.ref.seq;
}

export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** ISO UTC of a row's kiosk time, for questions to the central history. */
export const utcOf = (row: Row): string => new Date(row.atMs).toISOString();
