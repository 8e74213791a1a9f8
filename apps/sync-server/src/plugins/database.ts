import type { KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import type { Kysely } from 'kysely';
import { connect } from '../db/connect.js';
import type { DatabaseOptions, Engine } from '../db/engine.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { loadOrCreateServerKey } from '../db/server-keys.js';
import { infra } from './infra.js';

export interface ServerKey {
  readonly keyId: string;
  readonly privateKey: KeyObject;
  readonly publicKey: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Kysely<Database>;
    engine: Engine;
    serverKey: ServerKey;
    /** The server clock; tests pass their own. */
    now: () => Date;
  }
}

/** Opens the database, migrates it, loads the server's signing key; closes the database with the app. */
export const databasePlugin = infra<{ database: DatabaseOptions; now: () => Date }>('lineside-database', async (app, options) => {
  const db = connect(options.database);
  try {
    await migrateToLatest(db, options.database);
    const row = await loadOrCreateServerKey(db, options.now().toISOString());
    app.decorate('serverKey', { keyId: row.key_id, privateKey: createPrivateKey(row.private_key_pem), publicKey: row.public_key });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  app.decorate('db', db);
  app.decorate('engine', options.database.engine);
  app.decorate('now', options.now);
  app.addHook('onClose', async () => {
    await db.destroy();
  });
});
