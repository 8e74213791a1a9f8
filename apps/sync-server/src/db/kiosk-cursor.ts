import type { Db } from './types.js';

export interface Cursor {
  readonly lastSeq: number;
  readonly lastHash: string;
}

export async function insertCursor(db: Db, kioskId: string, cursor: Cursor): Promise<void> {
  await db.insertInto('kiosk_cursor').values({ kiosk_id: kioskId, last_seq: cursor.lastSeq, last_hash: cursor.lastHash }).execute();
}

export async function findCursor(db: Db, kioskId: string): Promise<Cursor | undefined> {
  const row = await db.selectFrom('kiosk_cursor').select(['last_seq', 'last_hash']).where('kiosk_id', '=', kioskId).executeTakeFirst();
  return row ? { lastSeq: Number(row.last_seq), lastHash: row.last_hash } : undefined;
}

/** Advances only from the expected position: a lost race shows as 0 rows, never as a silent overwrite. */
export async function advanceCursor(db: Db, kioskId: string, from: Cursor, to: Cursor): Promise<boolean> {
  const result = await db
    .updateTable('kiosk_cursor')
    .set({ last_seq: to.lastSeq, last_hash: to.lastHash })
    .where('kiosk_id', '=', kioskId)
    .where('last_seq', '=', from.lastSeq)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
