import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { exportPublicKey } from '@lineside/sync-protocol/node';
import type { ServerKeyProvider } from '../security/server-key-store.js';
import type { Db } from './types.js';

export const SERVER_KEY_ID = 'server#1';

export interface LoadedServerKey {
  readonly keyId: string;
  readonly privateKeyPem: string;
  readonly publicKey: string;
}

function publicOf(pem: string): string {
  return exportPublicKey(createPublicKey(createPrivateKey(pem)));
}

/**
 * The server's receipt- and pull-signing key. The database holds only its public half, so every
 * server process on it knows which key is in force; the private half is with `provider` (a 0600 file
 * by default). A database from before this held the private key in the clear: it is moved to the
 * provider and blanked in the database on the first start (the key itself does not change, so
 * enrolled kiosks keep verifying).
 */
export async function loadOrCreateServerKey(db: Db, provider: ServerKeyProvider, now: string): Promise<LoadedServerKey> {
  const keyId = SERVER_KEY_ID;
  let row = await db.selectFrom('server_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
  if (!row) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = await provider.create(keyId, privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    await db
      .insertInto('server_keys')
      .values({ key_id: keyId, private_key_pem: '', public_key: publicOf(pem), created_at: now })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
    row = await db.selectFrom('server_keys').selectAll().where('key_id', '=', keyId).executeTakeFirstOrThrow();
  }
  if (row.private_key_pem !== '') {
    // Upgrade: the key leaves the database. create() keeps a file another process already wrote.
    const stored = await provider.create(keyId, row.private_key_pem);
    if (publicOf(stored) !== row.public_key) {
      throw new Error(`server key ${keyId} in ${provider.description} is not the key the database holds: move the wrong file away and start again`);
    }
    await db.updateTable('server_keys').set({ private_key_pem: '' }).where('key_id', '=', keyId).execute();
  }
  const pem = await provider.load(keyId);
  if (pem === undefined) {
    throw new Error(`server key ${keyId} is not in ${provider.description}: the database was set up with a key kept elsewhere; copy that server's key file here (keep it 0600)`);
  }
  if (publicOf(pem) !== row.public_key) {
    throw new Error(`server key ${keyId} in ${provider.description} does not match the public key in the database: it belongs to another server`);
  }
  return { keyId, privateKeyPem: pem, publicKey: row.public_key };
}
