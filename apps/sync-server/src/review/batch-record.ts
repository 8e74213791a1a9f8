import { hash, type KeyObject } from 'node:crypto';
import { canonicalize, type SignedRecord } from '@lineside/sync-protocol';
import { importPublicKey, sha256 } from '@lineside/sync-protocol/node';
import type { MasterEntity } from '../db/master-data.js';
import { pendingOf, recordsAboutSubjects, type StoredRecord } from '../db/records.js';
import type { Db } from '../db/types.js';
import { CentralHistory } from '../sync/central-history.js';
import { verifyInProcess, type BatchVerifier, type ChainCheck } from '../sync/verify.js';
import { BATCH_RECORD_FORMAT, type BatchRecord } from './batch-record-schema.js';
import { byTime, parseEnvelope, text, toRow, type AssemblyInput, type SegmentInput } from './assembly-input.js';
import { proveChain, proveCompleteness } from './completeness.js';
import { computeExceptions } from './exceptions.js';
import { loadOrderRecords } from './order-records.js';
import { buildSections, recipeOf, recipeSteps } from './sections.js';

export * from './batch-record-schema.js';

const ROUTINE_TEST_TYPES = ['equipment.routine-test-passed', 'equipment.routine-test-failed'];

/**
 * The batch record of an order from what is stored: pure, so the same input always gives the same record
 * (and the same content hash). Sections come from the records; exceptions and completeness are computed
 * from the sections and the chain proofs, never typed.
 */
export function buildBatchRecord(input: AssemblyInput): BatchRecord {
  const all = input.segments.flatMap((s) => s.rows.map((row, i) => toRow(row, input.orderId, s.records[i])));
  const order = all.filter((r) => r.ofOrder).sort(byTime);
  const around = all.filter((r) => !r.ofOrder).sort(byTime);
  const tests = input.routineTests.map((row) => toRow(row, input.orderId));
  const sections = buildSections(input, order, around, tests);
  const startedRows = order.filter((r) => r.record.type === 'order.order-started');
  const completedRows = order.filter((r) => r.record.type === 'order.order-completed');
  const exceptions = computeExceptions({ sections, order, around, completed: completedRows.length > 0, recipeSteps: recipeSteps(recipeOf(input, startedRows[0])) });
  const chains = input.segments.map((segment) => proveChain(segment, input.orderId));
  const completeness = proveCompleteness(sections, chains, { started: startedRows.length, completed: completedRows.length });
  const sources = input.segments.flatMap((s) => s.rows.map((row) => ({ kioskId: row.kiosk_id, keyId: row.key_id, seq: Number(row.seq), recordId: row.record_id, hash: row.hash, orderRecord: row.order_id === input.orderId })));
  return { format: BATCH_RECORD_FORMAT, ...sections, exceptions, completeness, sources };
}

/**
 * The canonical JSON (RFC 8785) of a batch record. The record holds only plain objects, arrays, strings,
 * booleans, null and integers. JSON.stringify with an array replacer writes every object's members in the
 * order of that array, so the array of every key the record uses, sorted by UTF-16 code units (as JS
 * sorts), gives exactly sync-protocol's canonicalize() — an order of magnitude faster on a record of
 * thousands of weighings (batch-record.test.ts compares the two).
 */
export function canonicalBatchRecord(record: BatchRecord): string {
  const keys = new Set<string>();
  const collect = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) collect(item);
      return;
    }
    for (const key in value as Record<string, unknown>) {
      keys.add(key);
      collect((value as Record<string, unknown>)[key]);
    }
  };
  collect(record);
  return JSON.stringify(record, [...keys].sort());
}

/** SHA-256 of the canonical JSON (RFC 8785) of the batch record: what a review signature signs. */
export function batchRecordHash(record: BatchRecord): string {
  return sha256(canonicalBatchRecord(record));
}

/** For tests and tools that want the reference canonicalisation. */
export const referenceCanonical = (record: BatchRecord): string => canonicalize(record);

/**
 * Envelopes already verified in this process, by the SHA-256 of their exact stored text → their record hash.
 * A stored envelope edited since has other bytes, so it misses here and is verified again (and fails).
 */
const verified = new Map<string, string>();
const VERIFIED_LIMIT = 500_000;

/** Every signature and link of a segment's stored rows, verified (or taken from the cache of exact bytes verified before). */
export async function verifySegment(rows: readonly StoredRecord[], records: readonly (SignedRecord | null)[], publicKey: KeyObject | undefined, verify: BatchVerifier): Promise<ChainCheck | undefined> {
  if (!publicKey) return undefined;
  const unreadable = records.findIndex((r) => r === null);
  if (unreadable >= 0) return { ok: false, index: unreadable, reason: 'broken-chain', message: `seq ${Number(rows[unreadable]!.seq)} is not readable JSON` };
  if (rows.length === 0) return { ok: true, hashes: [] };
  const digests = rows.map((row) => hash('sha256', row.envelope, 'base64'));
  const cached = digests.map((d) => verified.get(d));
  if (cached.every((h): h is string => h !== undefined)) return { ok: true, hashes: cached };
  const check = await verify(records as SignedRecord[], publicKey);
  if (check.ok) {
    if (verified.size + digests.length > VERIFIED_LIMIT) verified.clear();
    digests.forEach((d, i) => verified.set(d, check.hashes[i]!));
  }
  return check;
}

// Public keys never change for a key id: imported once per process.
const keyCache = new Map<string, KeyObject>();
function keyOf(keyId: string, publicKey: string): KeyObject | undefined {
  const cached = keyCache.get(`${keyId} ${publicKey}`);
  if (cached) return cached;
  try {
    const key = importPublicKey(publicKey);
    keyCache.set(`${keyId} ${publicKey}`, key);
    return key;
  } catch {
    return undefined;
  }
}

/** Loads what the batch record of `orderId` is built from: the order's chain segments, keys, cursors, history, routine tests. */
export async function loadAssemblyInput(db: Db, orderId: string, verify: BatchVerifier = verifyInProcess): Promise<AssemblyInput> {
  const { segments } = await loadOrderRecords(db, orderId);
  const keyIds = segments.map((s) => s.keyId);
  const keys = keyIds.length === 0 ? [] : await db.selectFrom('kiosk_keys').select(['key_id', 'public_key']).where('key_id', 'in', keyIds).execute();
  const cursors = keyIds.length === 0 ? [] : await db.selectFrom('key_cursor').select(['key_id', 'last_seq']).where('key_id', 'in', keyIds).execute();
  const allRows = segments.flatMap((s) => s.rows);
  const pending = await pendingOf(db, allRows);

  const inputs: SegmentInput[] = [];
  for (const s of segments) {
    const edges = await db
      .selectFrom('records')
      .select(['seq', 'hash', 'prev_hash'])
      .where('key_id', '=', s.keyId)
      .where('seq', 'in', [s.fromSeq - 1, s.toSeq + 1])
      .execute();
    const key = keys.find((k) => k.key_id === s.keyId);
    const publicKey = key ? keyOf(key.key_id, key.public_key) : undefined;
    const records = s.rows.map(parseEnvelope);
    inputs.push({
      kioskId: s.kioskId,
      keyId: s.keyId,
      fromSeq: s.fromSeq,
      toSeq: s.toSeq,
      rows: s.rows,
      records,
      verification: await verifySegment(s.rows, records, publicKey, verify),
      acknowledgedSeq: Number(cursors.find((c) => c.key_id === s.keyId)?.last_seq ?? 0),
      uncheckedSeqs: new Set(s.rows.filter(pending).map((r) => Number(r.seq))),
      hashBefore: edges.find((e) => Number(e.seq) === s.fromSeq - 1)?.hash,
      prevHashAfter: edges.find((e) => Number(e.seq) === s.toSeq + 1)?.prev_hash,
    });
  }

  const allRecords = inputs.flatMap((s) => s.records);
  // What the records name, so the history and the routine tests are loaded for exactly those.
  const ids = new Map<MasterEntity, Set<string>>([
    ['recipe', new Set()],
    ['order', new Set([orderId])],
    ['lot', new Set()],
    ['equipment', new Set()],
  ]);
  const instruments = new Set<string>();
  for (const [i, row] of allRows.entries()) {
    if (row.order_id !== orderId) continue;
    const p = (allRecords[i]?.payload ?? {}) as Record<string, unknown>;
    if (row.type === 'order.order-started') ids.get('recipe')!.add(`${text(p, 'recipeId')}@${String(p['recipeVersion'])}`);
    if (typeof p['lotId'] === 'string') ids.get('lot')!.add(p['lotId']);
    for (const key of ['balanceId', 'meterId']) if (typeof p[key] === 'string') instruments.add(p[key] as string);
  }
  for (const id of instruments) ids.get('equipment')!.add(id);
  const history = await CentralHistory.load(db, ids, ['calibration']);
  const routineTests = await recordsAboutSubjects(db, ROUTINE_TEST_TYPES, 'equipment', [...instruments].sort());
  const users = await db.selectFrom('users').select(['user_id', 'display_name']).execute();
  const stations = await db.selectFrom('stations').select(['kiosk_id', 'offline_grace_hours']).execute();
  return {
    orderId,
    segments: inputs,
    history,
    routineTests,
    printedNames: new Map(users.map((u) => [u.user_id, u.display_name])),
    offlineGraceHours: new Map(stations.map((s) => [s.kiosk_id, Number(s.offline_grace_hours)])),
  };
}

/** Assembles the batch record of `orderId` from the stored records of every kiosk that touched it. */
export async function assembleBatchRecord(db: Db, orderId: string, verify: BatchVerifier = verifyInProcess): Promise<{ record: BatchRecord; contentHash: string; recordCount: number }> {
  const input = await loadAssemblyInput(db, orderId, verify);
  const record = buildBatchRecord(input);
  return { record, contentHash: batchRecordHash(record), recordCount: record.sources.filter((s) => s.orderRecord).length };
}
