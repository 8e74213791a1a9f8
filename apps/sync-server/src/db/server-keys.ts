import { generateKeyPairSync } from 'node:crypto';
import { exportPublicKey } from '@lineside/sync-protocol/node';
import type { ServerKeysTable } from './schema.js';
import type { Db } from './types.js';

export const SERVER_KEY_ID = 'server#1';

/**
 * The server's receipt-signing key lives in the database so every server process on it signs
 * with the same key; the first process to start creates it, the others read it.
 */
export async function loadOrCreateServerKey(db: Db, now: string): Promise<ServerKeysTable> {
  const existing = await db.selectFrom('server_keys').selectAll().where('key_id', '=', SERVER_KEY_ID).executeTakeFirst();
  if (existing) return existing;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await db
    .insertInto('server_keys')
    .values({
      key_id: SERVER_KEY_ID,
      private_key_pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      public_key: exportPublicKey(publicKey),
      created_at: now,
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
  return db.selectFrom('server_keys').selectAll().where('key_id', '=', SERVER_KEY_ID).executeTakeFirstOrThrow();
}
