import type { PendingChecksTable, RecordsTable } from './schema.js';
import type { Db } from './types.js';

export type StoredRecord = RecordsTable;

export async function insertRecords(db: Db, rows: readonly RecordsTable[]): Promise<void> {
  // Chunked: SQLite allows at most 32766 bound parameters per statement; 11 columns × 500 fits, but keep margin.
  for (let start = 0; start < rows.length; start += 200) {
    await db.insertInto('records').values(rows.slice(start, start + 200)).execute();
  }
}

/** Stored hashes of one key's chain in [fromSeq, toSeq], by seq. */
export async function hashesInRange(db: Db, keyId: string, fromSeq: number, toSeq: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('records')
    .select(['seq', 'hash'])
    .where('key_id', '=', keyId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .execute();
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

/** By kiosk, then by its keys in enrollment order (`#2` before `#10`: the shorter id first), then seq. */
export async function listRecords(db: Db, query: { kioskId?: string; keyId?: string; afterSeq?: number; limit: number }): Promise<StoredRecord[]> {
  let q = db.selectFrom('records').selectAll();
  if (query.kioskId !== undefined) q = q.where('kiosk_id', '=', query.kioskId);
  if (query.keyId !== undefined) q = q.where('key_id', '=', query.keyId);
  if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
  return q
    .orderBy('kiosk_id')
    .orderBy((eb) => eb.fn('length', ['key_id']))
    .orderBy('key_id')
    .orderBy('seq')
    .limit(query.limit)
    .execute();
}

/** The newest records first, for the supervisor's page. */
export async function latestRecords(db: Db, limit: number): Promise<StoredRecord[]> {
  return db.selectFrom('records').selectAll().orderBy('received_at', 'desc').orderBy('kiosk_id').orderBy('key_id', 'desc').orderBy('seq', 'desc').limit(limit).execute();
}

/** The checks' findings on one record, named by its place in its key's chain. */
export async function setFlags(db: Db, keyId: string, seq: number, flags: readonly unknown[]): Promise<void> {
  await db.updateTable('records').set({ flags: JSON.stringify(flags) }).where('key_id', '=', keyId).where('seq', '=', seq).execute();
}

/** A pushed batch whose checks are due; written in the push's own transaction. */
export async function addPendingChecks(db: Db, row: PendingChecksTable): Promise<void> {
  await db.insertInto('pending_checks').values(row).execute();
}

/** The batch's checks are done (flags written where there were findings). */
export async function donePendingChecks(db: Db, keyId: string, fromSeq: number): Promise<void> {
  await db.deleteFrom('pending_checks').where('key_id', '=', keyId).where('from_seq', '=', fromSeq).execute();
}

/** Batches whose checks a stopped or failing server left undone, oldest first. */
export async function pendingChecks(db: Db, limit: number): Promise<PendingChecksTable[]> {
  return db.selectFrom('pending_checks').selectAll().orderBy('received_at').orderBy('key_id').orderBy('from_seq').limit(limit).execute();
}

/** The records of one key's chain from fromSeq to toSeq, in order. */
export async function recordsInRange(db: Db, keyId: string, fromSeq: number, toSeq: number): Promise<StoredRecord[]> {
  return db.selectFrom('records').selectAll().where('key_id', '=', keyId).where('seq', '>=', fromSeq).where('seq', '<=', toSeq).orderBy('seq').execute();
}

/** Which of these records still wait for their checks: one query for all of them. */
export async function pendingOf(db: Db, rows: readonly StoredRecord[]): Promise<(row: StoredRecord) => boolean> {
  const keys = [...new Set(rows.map((r) => r.key_id))];
  const ranges = keys.length === 0 ? [] : await db.selectFrom('pending_checks').select(['key_id', 'from_seq', 'to_seq']).where('key_id', 'in', keys).execute();
  return (row) => ranges.some((r) => r.key_id === row.key_id && Number(row.seq) >= Number(r.from_seq) && Number(row.seq) <= Number(r.to_seq));
}

export async function existingRecordIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('records').select('record_id').where('record_id', 'in', ids).execute();
  return rows.map((r) => r.record_id);
}

/**
 * Stored records of these types whose canonical envelope mentions `"orderId":"<orderId>"` — a prefilter
 * for the order-level checks, which parse the envelopes and compare the field itself.
 */
export async function recordsMentioningOrder(db: Db, types: readonly string[], orderId: string): Promise<StoredRecord[]> {
  return db.selectFrom('records').selectAll().where('type', 'in', [...types]).where('envelope', 'like', `%"orderId":${JSON.stringify(orderId)}%`).orderBy('received_at').orderBy('kiosk_id').orderBy('seq').execute();
}

/** The order each of these deviations was opened on, from stored records (any kiosk): for a deviation's later signatures. */
export async function ordersOfDeviations(db: Db, deviationIds: readonly string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const deviationId of deviationIds) {
    const rows = await db
      .selectFrom('records')
      .select(['order_id', 'envelope'])
      .where('type', 'in', ['order.deviation-opened', 'deviation.deviation-opened'])
      .where('order_id', 'is not', null)
      .where('envelope', 'like', `%"deviationId":${JSON.stringify(deviationId)}%`)
      .execute();
    const opened = rows.find((r) => (JSON.parse(r.envelope) as { payload: { deviationId?: unknown } }).payload.deviationId === deviationId);
    if (opened?.order_id) found.set(deviationId, opened.order_id);
  }
  return found;
}

/** The first and last seq of an order's records in each key's chain. */
export async function orderSpans(db: Db, orderId: string): Promise<{ kioskId: string; keyId: string; fromSeq: number; toSeq: number; count: number }[]> {
  const rows = await db
    .selectFrom('records')
    .select((eb) => ['kiosk_id', 'key_id', eb.fn.min('seq').as('from_seq'), eb.fn.max('seq').as('to_seq'), eb.fn.countAll().as('n')])
    .where('order_id', '=', orderId)
    .groupBy(['kiosk_id', 'key_id'])
    .orderBy('kiosk_id')
    .orderBy('key_id')
    .execute();
  return rows.map((r) => ({ kioskId: r.kiosk_id, keyId: r.key_id, fromSeq: Number(r.from_seq), toSeq: Number(r.to_seq), count: Number(r.n) }));
}

/** Records of these types that name one of `ids` as `subject.<subjectKey>`, by kiosk, key and seq (a like-prefilter, confirmed on the parsed envelope). */
export async function recordsAboutSubjects(db: Db, types: readonly string[], subjectKey: string, ids: readonly string[]): Promise<StoredRecord[]> {
  if (ids.length === 0 || types.length === 0) return [];
  const rows = await db
    .selectFrom('records')
    .selectAll()
    .where('type', 'in', [...types])
    .where((eb) => eb.or(ids.map((id) => eb('envelope', 'like', `%${JSON.stringify(subjectKey)}:${JSON.stringify(id)}%`))))
    .orderBy('kiosk_id')
    .orderBy('key_id')
    .orderBy('seq')
    .execute();
  return rows.filter((r) => ids.includes((JSON.parse(r.envelope) as { subject?: Record<string, string> }).subject?.[subjectKey] ?? ''));
}
