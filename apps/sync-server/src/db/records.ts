import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Engine } from './engine.js';
import { invalidateKpiFacts } from './kpi-facts.js';
import type { Database, PendingChecksTable, RecordsTable } from './schema.js';
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
export async function listRecords(db: Db, engine: Engine, query: RecordFilter & { afterSeq?: number; limit: number }): Promise<StoredRecord[]> {
  let q = whereMatches(db.selectFrom('records').selectAll(), engine, query);
  if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
  return q
    .orderBy('kiosk_id')
    .orderBy((eb) => eb.fn('length', ['key_id']))
    .orderBy('key_id')
    .orderBy('seq')
    .limit(query.limit)
    .execute();
}

/** The checks' findings on one record, named by its place in its key's chain. */
export async function setFlags(db: Db, keyId: string, seq: number, flags: readonly unknown[]): Promise<void> {
  await db.updateTable('records').set({ flags: JSON.stringify(flags) }).where('key_id', '=', keyId).where('seq', '=', seq).execute();
  // A flag can change a KPI (routine-test compliance): the facts from that record's time on are recomputed.
  const row = await db.selectFrom('records').select(['kiosk_id', 'occurred_at']).where('key_id', '=', keyId).where('seq', '=', seq).executeTakeFirst();
  if (row) await invalidateKpiFacts(db, row.kiosk_id, Date.parse(row.occurred_at));
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

/** What the records browser filters by; every member optional. Times are instants (any ISO offset). */
export interface RecordFilter {
  readonly kioskId?: string;
  readonly keyId?: string;
  readonly orderId?: string;
  readonly type?: string;
  readonly userId?: string;
  readonly from?: string;
  readonly to?: string;
}

function whereMatches<QB extends SelectQueryBuilder<Database, 'records', object>>(qb: QB, engine: Engine, filter: RecordFilter): QB {
  let q = qb;
  if (filter.kioskId !== undefined) q = q.where('kiosk_id', '=', filter.kioskId) as QB;
  if (filter.keyId !== undefined) q = q.where('key_id', '=', filter.keyId) as QB;
  if (filter.type !== undefined) q = q.where('type', '=', filter.type) as QB;
  // order_id is filled at ingest (migration 0100), indexed.
  if (filter.orderId !== undefined) q = q.where('order_id', '=', filter.orderId) as QB;
  if (filter.userId !== undefined) {
    q = q.where(engine === 'sqlite' ? sql<SqlBool>`json_extract(envelope, '$.actor.userId') = ${filter.userId}` : sql<SqlBool>`(envelope::jsonb #>> '{actor,userId}') = ${filter.userId}`) as QB;
  }
  if (filter.from !== undefined) {
    q = q.where(engine === 'sqlite' ? sql<SqlBool>`julianday(occurred_at) >= julianday(${filter.from})` : sql<SqlBool>`occurred_at::timestamptz >= ${filter.from}::timestamptz`) as QB;
  }
  if (filter.to !== undefined) {
    q = q.where(engine === 'sqlite' ? sql<SqlBool>`julianday(occurred_at) < julianday(${filter.to})` : sql<SqlBool>`occurred_at::timestamptz < ${filter.to}::timestamptz`) as QB;
  }
  return q;
}

/**
 * Records matching `filter`, newest event first, one page of them, and how many match in all.
 * Kiosks write event times with their own UTC offset, so the time bounds compare instants in SQL
 * (SQLite julianday, PostgreSQL timestamptz), not strings.
 */
export async function browseRecords(
  db: Db,
  engine: Engine,
  filter: RecordFilter,
  page: { offset: number; limit: number },
): Promise<{ rows: StoredRecord[]; total: number }> {
  const rows = await whereMatches(db.selectFrom('records').selectAll(), engine, filter)
    .orderBy('occurred_at', 'desc')
    .orderBy('kiosk_id')
    .orderBy('key_id', 'desc')
    .orderBy('seq', 'desc')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  const counted = await whereMatches(db.selectFrom('records').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')), engine, filter).executeTakeFirst();
  return { rows, total: Number(counted?.n ?? 0) };
}

/** The record types and kiosks that occur, for the browser's filter choices. */
export async function recordFacets(db: Db): Promise<{ types: string[]; kiosks: string[] }> {
  const types = await db.selectFrom('records').select('type').distinct().orderBy('type').execute();
  const kiosks = await db.selectFrom('records').select('kiosk_id').distinct().orderBy('kiosk_id').execute();
  return { types: types.map((t) => t.type), kiosks: kiosks.map((k) => k.kiosk_id) };
}

export async function findRecordById(db: Db, recordId: string): Promise<StoredRecord | undefined> {
  return db.selectFrom('records').selectAll().where('record_id', '=', recordId).executeTakeFirst();
}

/** The record before and after `row` in its key's chain, where stored. */
export async function chainNeighbours(db: Db, row: StoredRecord): Promise<{ previous?: StoredRecord; next?: StoredRecord }> {
  const around = await recordsInRange(db, row.key_id, Number(row.seq) - 1, Number(row.seq) + 1);
  const previous = around.find((r) => Number(r.seq) === Number(row.seq) - 1);
  const next = around.find((r) => Number(r.seq) === Number(row.seq) + 1);
  return { ...(previous ? { previous } : {}), ...(next ? { next } : {}) };
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

/** How many records the server holds of an order (any kiosk, any key): more than none means it was started. */
export async function orderRecordCount(db: Db, orderId: string): Promise<number> {
  const row = await db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).where('order_id', '=', orderId).executeTakeFirst();
  return Number(row?.n ?? 0);
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

/** The stored envelopes of every record of these types (the equipment register folds routine tests and holds). */
export async function envelopesOfTypes(db: Db, types: readonly string[]): Promise<string[]> {
  if (types.length === 0) return [];
  const rows = await db.selectFrom('records').select('envelope').where('type', 'in', [...types]).execute();
  return rows.map((r) => r.envelope);
}
