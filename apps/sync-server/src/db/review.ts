import type { ReviewMarksTable, ReviewSignaturesTable } from './schema.js';
import type { Db } from './types.js';

export async function marksOfOrder(db: Db, orderId: string): Promise<ReviewMarksTable[]> {
  return db.selectFrom('review_marks').selectAll().where('order_id', '=', orderId).orderBy('marked_at').orderBy('exception_id').execute();
}

export async function insertMark(db: Db, row: ReviewMarksTable): Promise<void> {
  await db.insertInto('review_marks').values(row).execute();
}

export async function signaturesOfOrder(db: Db, orderId: string): Promise<ReviewSignaturesTable[]> {
  return db.selectFrom('review_signatures').selectAll().where('order_id', '=', orderId).orderBy('signed_at').orderBy('signature_id').execute();
}

export async function insertReviewSignature(db: Db, row: ReviewSignaturesTable): Promise<void> {
  await db.insertInto('review_signatures').values(row).execute();
}

/** Every order that has records: its record count, first kiosk time and latest arrival, by order id. */
export async function ordersWithRecords(db: Db): Promise<{ orderId: string; records: number; firstAt: string; lastReceivedAt: string }[]> {
  const rows = await db
    .selectFrom('records')
    .select((eb) => ['order_id', eb.fn.countAll().as('n'), eb.fn.min('occurred_at').as('first_at'), eb.fn.max('received_at').as('last_received')])
    .where('order_id', 'is not', null)
    .groupBy('order_id')
    .orderBy('order_id')
    .execute();
  return rows.map((r) => ({ orderId: r.order_id!, records: Number(r.n), firstAt: String(r.first_at), lastReceivedAt: String(r.last_received) }));
}

/** Order ids holding a record of `type` (e.g. their completion). */
export async function ordersWithRecordType(db: Db, type: string): Promise<Set<string>> {
  const rows = await db.selectFrom('records').select('order_id').distinct().where('type', '=', type).where('order_id', 'is not', null).execute();
  return new Set(rows.map((r) => r.order_id!));
}

/** Every review signature, for the order list's status (latest per order decides). */
export async function allReviewSignatures(db: Db): Promise<ReviewSignaturesTable[]> {
  return db.selectFrom('review_signatures').selectAll().orderBy('order_id').orderBy('signed_at').execute();
}

/** The order's records that reached the server after `at` (server time), by arrival. */
export async function orderRecordsReceivedAfter(db: Db, orderId: string, at: string): Promise<{ kiosk_id: string; key_id: string; seq: number; record_id: string; type: string; received_at: string }[]> {
  return db
    .selectFrom('records')
    .select(['kiosk_id', 'key_id', 'seq', 'record_id', 'type', 'received_at'])
    .where('order_id', '=', orderId)
    .where('received_at', '>', at)
    .orderBy('received_at')
    .orderBy('key_id')
    .orderBy('seq')
    .execute();
}

/** Stored records of these types, by kiosk, key and seq (the plant-wide deviation and hold lists). */
export async function recordsOfTypes(db: Db, types: readonly string[]): Promise<{ kiosk_id: string; key_id: string; seq: number; record_id: string; type: string; order_id: string | null; envelope: string }[]> {
  return db.selectFrom('records').select(['kiosk_id', 'key_id', 'seq', 'record_id', 'type', 'order_id', 'envelope']).where('type', 'in', [...types]).orderBy('kiosk_id').orderBy('key_id').orderBy('seq').execute();
}
