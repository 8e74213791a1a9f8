import type { KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { AuditSigner, signBackfilledAudit } from '../db/audit.js';
import { connect } from '../db/connect.js';
import type { DatabaseOptions, Engine } from '../db/engine.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { loadOrCreateServerKey } from '../db/server-keys.js';
import { fileKeyProvider, memoryKeyProvider, type ServerKeyProvider } from '../security/server-key-store.js';
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

/**
 * Where the signing key is kept unless the caller says: beside a SQLite file, in process memory for
 * `:memory:`. A PostgreSQL database has no folder of its own, so the caller must name one.
 */
export function defaultKeyProvider(database: DatabaseOptions): ServerKeyProvider {
  if (database.engine === 'sqlite') return database.file === ':memory:' ? memoryKeyProvider() : fileKeyProvider(path.join(path.dirname(path.resolve(database.file)), 'keys'));
  throw new Error('a server on PostgreSQL needs a folder for its signing key: pass serverKeys (lineside-server keeps it in <data>/keys)');
}

/** Opens the database, migrates it, loads the server's signing key; closes the database with the app. */
export const databasePlugin = infra<{ database: DatabaseOptions; now: () => Date; serverKeys?: ServerKeyProvider }>('lineside-database', async (app, options) => {
  const keys = options.serverKeys ?? defaultKeyProvider(options.database);
  const opened = connect(options.database);
  let db: Kysely<Database>;
  try {
    await migrateToLatest(opened, options.database);
    const key = await loadOrCreateServerKey(opened, keys, options.now().toISOString());
    const serverKey = { keyId: key.keyId, privateKey: createPrivateKey(key.privateKeyPem), publicKey: key.publicKey };
    app.decorate('serverKey', serverKey);
    // Every query through app.db (and its transactions) can sign audit entries; the driver is shared.
    db = opened.withPlugin(new AuditSigner(serverKey));
    await signBackfilledAudit(db, options.now().toISOString());
  } catch (error) {
    await opened.destroy();
    throw error;
  }
  app.decorate('db', db);
  app.decorate('engine', options.database.engine);
  app.decorate('now', options.now);
  app.addHook('onClose', async () => {
    await db.destroy();
  });
});
