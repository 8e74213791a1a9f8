import type { KeyObject } from 'node:crypto';
import { canonicalize, recordProblem, type ErrorReason, type SignedRecord } from '@lineside/sync-protocol';

export interface PushBatch {
  readonly kioskId: string;
  readonly keyId: string;
  readonly records: readonly SignedRecord[];
}
import { appendAudit } from '../db/audit.js';
import type { Engine } from '../db/engine.js';
import { advanceCursor, findCursor, type Cursor } from '../db/key-cursor.js';
import { findKiosk, setKioskStatus } from '../db/kiosks.js';
import { addPendingChecks, existingRecordIds, hashesInRange, insertRecords, ordersOfDeviations } from '../db/records.js';
import { invalidateFactsForRows } from '../kpis/invalidate.js';
import { ordersOfRecords } from '../review/order-of-record.js';
import type { RecordsTable } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { deriveContainers } from './containers.js';
import { applyPinChanges } from './pin-changes.js';
import { firstBrokenContract } from './record-contract.js';
import { verifyInProcess, type BatchVerifier } from './verify.js';

export type PushRefusal = { ok: false; statusCode: number; reason: ErrorReason; message: string; details?: Record<string, unknown> };
export type PushOutcome = { ok: true; accepted: number; duplicates: number; cursor: Cursor; stored: readonly StoredNew[] } | PushRefusal;
export interface StoredNew {
  readonly record: SignedRecord;
  readonly hash: string;
}

function refusal(statusCode: number, reason: ErrorReason, message: string, details?: Record<string, unknown>): PushRefusal {
  return { ok: false, statusCode, reason, message, ...(details ? { details } : {}) };
}

/** Checks that need no database: every record belongs to the pushing kiosk and key, in consecutive order. */
function checkShape(batch: PushBatch): PushRefusal | undefined {
  const first = batch.records[0]!.seq;
  for (const [index, record] of batch.records.entries()) {
    if (record.kioskId !== batch.kioskId) {
      return refusal(400, 'kiosk-mismatch', `record seq ${record.seq} (index ${index}) is of kiosk ${record.kioskId}, but the batch is pushed by kiosk ${batch.kioskId}`, { seq: record.seq });
    }
    if (record.keyId !== batch.keyId) {
      return refusal(400, 'key-mismatch', `record seq ${record.seq} (index ${index}) names key ${record.keyId}, but the batch is pushed with key ${batch.keyId}`, { seq: record.seq });
    }
    const problem = recordProblem(record);
    if (problem) return refusal(400, 'invalid-record', `record seq ${record.seq} (index ${index}): ${problem.path} ${problem.message}`, { seq: record.seq, index });
    if (record.seq !== first + index) {
      return refusal(400, 'out-of-order', `the records of a batch must have consecutive seq: index ${index} has seq ${record.seq}, expected ${first + index}`, { seq: record.seq });
    }
  }
  return undefined;
}

/**
 * The push algorithm of SYNC.md §6.4, in one transaction per request: lock the kiosk, skip records
 * already held (same hash) or quarantine on a fork, refuse a gap, verify chain and signatures, store
 * the rest and advance the cursor. A refusal stores nothing of the batch. The chain is the pushing
 * key's own (an epoch of the kiosk): seq, forks and gaps are counted within that key.
 */
export async function ingestBatch(db: Db, engine: Engine, batch: PushBatch, publicKey: KeyObject, receivedAt: string, verify: BatchVerifier = verifyInProcess): Promise<PushOutcome> {
  const shape = checkShape(batch);
  if (shape) return shape;
  const broken = firstBrokenContract(batch.records);
  if (broken) return refusal(400, 'invalid-record', broken.message, { seq: broken.seq, path: broken.path });
  // Signatures and in-batch links first, outside the transaction: the write lock is not held while
  // the CPU-heavy part runs, and it may run on a worker thread.
  const chain = await verify(batch.records, publicKey);
  if (!chain.ok) return refusal(400, chain.reason, chain.message, { seq: batch.records[chain.index]!.seq });
  const hashOf = new Map(batch.records.map((r, i) => [r.seq, chain.hashes[i]!]));
  return db.transaction().execute(async (trx) => {
    const kiosk = await findKiosk(trx, batch.kioskId, engine);
    if (!kiosk) return refusal(403, 'unknown-kiosk', `kiosk ${batch.kioskId} is not enrolled`);
    if (kiosk.pendingKeyId === batch.keyId) return refusal(403, 'kiosk-pending', `kiosk ${kiosk.kioskId} may not push with key ${batch.keyId}: it is waiting for an admin to approve it`);
    if (kiosk.status !== 'active') {
      const reason = kiosk.status === 'pending' ? 'kiosk-pending' : kiosk.status === 'revoked' ? 'kiosk-revoked' : 'kiosk-quarantined';
      const why = kiosk.status === 'pending' ? 'is waiting for an admin to approve its key' : `was ${kiosk.status} at ${kiosk.statusChangedAt}${kiosk.statusReason ? `: ${kiosk.statusReason}` : ''}`;
      return refusal(403, reason, `kiosk ${kiosk.kioskId} may not push: it ${why}`);
    }
    const cursor = await findCursor(trx, batch.keyId);
    if (!cursor) throw new Error(`key ${batch.keyId} of kiosk ${batch.kioskId} has no cursor row: enrollment must create it`);

    const records = batch.records;
    const firstSeq = records[0]!.seq;
    const held = records.filter((r) => r.seq <= cursor.lastSeq);
    if (held.length > 0) {
      const stored = await hashesInRange(trx, batch.keyId, firstSeq, held[held.length - 1]!.seq);
      for (const record of held) {
        const hash = hashOf.get(record.seq)!;
        if (stored.get(record.seq) === hash) continue;
        // Two different records with one seq signed by one key: equivocation, a security incident.
        const message = `record seq ${record.seq} of kiosk ${batch.kioskId} key ${batch.keyId} differs from the record already held (held ${stored.get(record.seq) ?? 'none'}, sent ${hash}): the kiosk is quarantined`;
        await setKioskStatus(trx, batch.kioskId, 'quarantined', { at: receivedAt, by: null, reason: `fork at seq ${record.seq}` });
        await appendAudit(trx, { at: receivedAt, actor: 'server', action: 'kiosk.quarantined', target: batch.kioskId, reason: message, details: { keyId: batch.keyId, seq: record.seq, held: stored.get(record.seq), sent: hash } });
        return refusal(409, 'fork', message, { seq: record.seq });
      }
    }
    const fresh = records.slice(held.length);
    if (fresh.length === 0) return { ok: true, accepted: 0, duplicates: held.length, cursor, stored: [] };

    const expectedSeq = cursor.lastSeq + 1;
    if (fresh[0]!.seq !== expectedSeq) {
      return refusal(409, 'seq-gap', `kiosk ${batch.kioskId} sent seq ${fresh[0]!.seq} of key ${batch.keyId} but the server holds that key's chain up to seq ${cursor.lastSeq}: send from seq ${expectedSeq}`, { expectedSeq });
    }
    // The batch's inner links are verified; only its first new record's link to the stored chain is left.
    if (fresh[0]!.prevHash !== cursor.lastHash) {
      return refusal(400, 'broken-chain', `record seq ${fresh[0]!.seq}: prevHash ${fresh[0]!.prevHash} does not match the hash of seq ${cursor.lastSeq} (${cursor.lastHash})`, { seq: fresh[0]!.seq });
    }
    const freshHashes = fresh.map((r) => hashOf.get(r.seq)!);

    const clash = await existingRecordIds(trx, fresh.map((r) => r.id));
    const repeated = fresh.find((r, i) => fresh.findIndex((o) => o.id === r.id) !== i);
    const reused = fresh.find((r) => clash.includes(r.id)) ?? repeated;
    if (reused) {
      return refusal(400, 'invalid-record', `record seq ${reused.seq} has id ${reused.id}, already used by another record: every record needs its own UUIDv7`, { seq: reused.seq });
    }

    // The order each record belongs to, kept beside it so a batch record is read by index (review/order-records.ts).
    const orderIds = await ordersOfRecords(fresh, (deviationIds) => ordersOfDeviations(trx, deviationIds));
    const rows: RecordsTable[] = fresh.map((record, index) => ({
      kiosk_id: record.kioskId,
      seq: record.seq,
      record_id: record.id,
      hash: freshHashes[index]!,
      prev_hash: record.prevHash,
      type: record.type,
      occurred_at: record.occurredAt,
      received_at: receivedAt,
      key_id: record.keyId,
      envelope: canonicalize(record),
      flags: '[]',
      order_id: orderIds[index] ?? null,
    }));
    await insertRecords(trx, rows);
    // The dispensed containers the line's kiosks pull (issue 13), changed in the same transaction as their records.
    await deriveContainers(trx, engine, fresh, receivedAt);
    // A user's own PIN set at a kiosk replaces the admin-set one in the same commit as its record (issue 11).
    await applyPinChanges(trx, engine, fresh, receivedAt);
    // The KPI facts these records can change go in the same commit (kpis/invalidate.ts).
    await invalidateFactsForRows(trx, batch.kioskId, rows);
    const last = fresh[fresh.length - 1]!;
    // Deleted by the business checks after commit, or by the sweep if this process dies first.
    await addPendingChecks(trx, { key_id: batch.keyId, kiosk_id: batch.kioskId, from_seq: fresh[0]!.seq, to_seq: last.seq, received_at: receivedAt });
    const next = { lastSeq: last.seq, lastHash: freshHashes[freshHashes.length - 1]! };
    // The kiosk row lock makes this a formality on PostgreSQL; on SQLite the transaction serialises.
    if (!(await advanceCursor(trx, batch.keyId, cursor, next))) throw new Error(`cursor of key ${batch.keyId} moved during the push`);
    return { ok: true, accepted: fresh.length, duplicates: held.length, cursor: next, stored: fresh.map((record, i) => ({ record, hash: freshHashes[i]! })) };
  });
}
