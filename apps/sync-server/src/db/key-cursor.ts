import { GENESIS_HASH } from '@lineside/sync-protocol';
import type { Db } from './types.js';

/** Where the server's copy of one key's chain ends; every key has its own chain (an epoch of its kiosk). */
export interface Cursor {
  readonly lastSeq: number;
  readonly lastHash: string;
}

export const EMPTY_CHAIN: Cursor = { lastSeq: 0, lastHash: GENESIS_HASH };

export async function insertCursor(db: Db, key: { keyId: string; kioskId: string }, cursor: Cursor): Promise<void> {
  await db.insertInto('key_cursor').values({ key_id: key.keyId, kiosk_id: key.kioskId, last_seq: cursor.lastSeq, last_hash: cursor.lastHash }).execute();
}

export async function findCursor(db: Db, keyId: string): Promise<Cursor | undefined> {
  const row = await db.selectFrom('key_cursor').select(['last_seq', 'last_hash']).where('key_id', '=', keyId).executeTakeFirst();
  return row ? { lastSeq: Number(row.last_seq), lastHash: row.last_hash } : undefined;
}

/** Advances only from the expected position: a lost race shows as 0 rows, never as a silent overwrite. */
export async function advanceCursor(db: Db, keyId: string, from: Cursor, to: Cursor): Promise<boolean> {
  const result = await db
    .updateTable('key_cursor')
    .set({ last_seq: to.lastSeq, last_hash: to.lastHash })
    .where('key_id', '=', keyId)
    .where('last_seq', '=', from.lastSeq)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
