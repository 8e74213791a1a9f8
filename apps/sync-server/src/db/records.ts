import type { RecordsTable } from './schema.js';
import type { Db } from './types.js';

export type StoredRecord = RecordsTable;

export async function insertRecords(db: Db, rows: readonly RecordsTable[]): Promise<void> {
  // Chunked: SQLite allows at most 32766 bound parameters per statement; 11 columns × 500 fits, but keep margin.
  for (let start = 0; start < rows.length; start += 200) {
    await db.insertInto('records').values(rows.slice(start, start + 200)).execute();
  }
}

/** Stored hashes of one kiosk's records in [fromSeq, toSeq], by seq. */
export async function hashesInRange(db: Db, kioskId: string, fromSeq: number, toSeq: number): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom('records')
    .select(['seq', 'hash'])
    .where('kiosk_id', '=', kioskId)
    .where('seq', '>=', fromSeq)
    .where('seq', '<=', toSeq)
    .execute();
  return new Map(rows.map((r) => [Number(r.seq), r.hash]));
}

export async function listRecords(db: Db, query: { kioskId?: string; afterSeq?: number; limit: number }): Promise<StoredRecord[]> {
  let q = db.selectFrom('records').selectAll();
  if (query.kioskId !== undefined) q = q.where('kiosk_id', '=', query.kioskId);
  if (query.afterSeq !== undefined) q = q.where('seq', '>', query.afterSeq);
  return q.orderBy('kiosk_id').orderBy('seq').limit(query.limit).execute();
}

/** The newest records first, for the supervisor's page. */
export async function latestRecords(db: Db, limit: number): Promise<StoredRecord[]> {
  return db.selectFrom('records').selectAll().orderBy('received_at', 'desc').orderBy('kiosk_id').orderBy('seq', 'desc').limit(limit).execute();
}

/** The checks' findings on one record; the record is checked from now on. */
export async function setFlags(db: Db, kioskId: string, seq: number, flags: readonly unknown[]): Promise<void> {
  await db.updateTable('records').set({ flags: JSON.stringify(flags), checks_pending: 0 }).where('kiosk_id', '=', kioskId).where('seq', '=', seq).execute();
}

/** Records of one kiosk the checks found nothing on: checked, flags left empty. */
export async function markChecked(db: Db, kioskId: string, seqs: readonly number[]): Promise<void> {
  for (let start = 0; start < seqs.length; start += 500) {
    await db.updateTable('records').set({ checks_pending: 0 }).where('kiosk_id', '=', kioskId).where('seq', 'in', seqs.slice(start, start + 500)).execute();
  }
}

/** Records whose business checks have not run (the process stopped between commit and checks), oldest first. */
export async function pendingChecks(db: Db, limit: number): Promise<StoredRecord[]> {
  return db.selectFrom('records').selectAll().where('checks_pending', '=', 1).orderBy('kiosk_id').orderBy('seq').limit(limit).execute();
}

export async function countRecords(db: Db, kioskId?: string): Promise<number> {
  let q = db.selectFrom('records').select((eb) => eb.fn.countAll().as('n'));
  if (kioskId !== undefined) q = q.where('kiosk_id', '=', kioskId);
  const row = await q.executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function existingRecordIds(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('records').select('record_id').where('record_id', 'in', ids).execute();
  return rows.map((r) => r.record_id);
}
