import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DatabaseOptions, Engine } from './engine.js';
import { initial } from './migrations/0010-initial.js';
import { masterHistory } from './migrations/0020-master-history.js';
import { checksPending } from './migrations/0030-checks-pending.js';
import { kioskPendingKey } from './migrations/0060-kiosk-pending-key.js';
import { serverKeyRotations } from './migrations/0070-server-key-rotations.js';
import { signInLockout } from './migrations/0080-sign-in-lockout.js';
import { keyChains } from './migrations/0090-key-chains.js';
import { review } from './migrations/0100-review.js';
import { auditChain } from './migrations/0110-audit-chain.js';
import { recipeSignatures } from './migrations/0130-recipe-signatures.js';
import { recipeSignaturesAppendOnly } from './migrations/0140-recipe-signatures-append-only.js';
import { kpiFacts } from './migrations/0150-kpi-facts.js';
import { pinMustChange } from './migrations/0160-pin-must-change.js';
import { recipeSignatureRounds } from './migrations/0170-recipe-signature-rounds.js';
import { pinChangedAt } from './migrations/0180-pin-changed-at.js';
import type { Database } from './schema.js';

/** Numbered, stepping by 10 (STYLE.md, the Signal-Desktop habit); names sort in the order they run. */
export function migrations(engine: Engine): Record<string, Migration> {
  return {
    '0010-initial': initial(engine),
    '0020-master-history': masterHistory(engine),
    '0030-checks-pending': checksPending(),
    '0060-kiosk-pending-key': kioskPendingKey(),
    '0070-server-key-rotations': serverKeyRotations(),
    '0080-sign-in-lockout': signInLockout(),
    '0090-key-chains': keyChains(engine),
    '0100-review': review(engine),
    '0110-audit-chain': auditChain(engine),
    '0130-recipe-signatures': recipeSignatures(),
    '0140-recipe-signatures-append-only': recipeSignaturesAppendOnly(engine),
    '0150-kpi-facts': kpiFacts(engine),
    '0160-pin-must-change': pinMustChange(),
    '0170-recipe-signature-rounds': recipeSignatureRounds(),
    '0180-pin-changed-at': pinChangedAt(),
  };
}

/**
 * Brings the schema up to date. Kysely's Migrator holds a lock while it runs (a transaction-scoped
 * advisory lock on PostgreSQL), so several server processes may start at once.
 */
export async function migrateToLatest(db: Kysely<Database>, options: DatabaseOptions): Promise<MigrationResultSet> {
  let migrationTableSchema: string | undefined;
  if (options.engine === 'postgres') {
    migrationTableSchema = options.schema ?? 'public';
    // Two processes may race here; IF NOT EXISTS plus a unique violation check keeps both alive.
    try {
      await sql.raw(`CREATE SCHEMA IF NOT EXISTS "${migrationTableSchema}"`).execute(db);
    } catch (error) {
      if ((error as { code?: string }).code !== '23505') throw error;
    }
  }
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations(options.engine)) },
    migrationTableName: 'lineside_migration',
    migrationLockTableName: 'lineside_migration_lock',
    // Without a schema Kysely looks for its table in every schema of the database, not only ours.
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
    // On SQLite we hold the lock ourselves (below), so Kysely must not open a transaction of its own.
    ...(options.engine === 'sqlite' ? { disableTransactions: true } : {}),
  });
  const run = () => (options.engine === 'sqlite' ? underSqliteWriteLock(db, () => migrator.migrateToLatest()) : migrator.migrateToLatest());
  let result = await run();
  // Kysely's migrator finds its own tables by listing every schema of the database with has_schema_privilege()
  // per schema name: a schema that another server (or a test suite) drops meanwhile fails that listing with
  // 3F000 naming the other schema, before anything is migrated. Such a failure is tried again, a little later.
  for (let attempt = 1; attempt < 10 && otherSchemaDropped(result.error, migrationTableSchema); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    result = await run();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${String((result.error as Error).message ?? result.error)}`, { cause: result.error });
  }
  return result;
}

function otherSchemaDropped(error: unknown, ours: string | undefined): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === '3F000' && ours !== undefined && typeof message === 'string' && !message.includes(`"${ours}"`);
}

/**
 * Kysely's SQLite migration lock is a no-op (it assumes one connection), but two server processes
 * may open one file. BEGIN IMMEDIATE takes the file's write lock (waiting up to busy_timeout), so the
 * second process sees the first one's migrations as done; DDL in SQLite is transactional.
 */
async function underSqliteWriteLock(db: Kysely<Database>, run: () => Promise<MigrationResultSet>): Promise<MigrationResultSet> {
  await sql`BEGIN IMMEDIATE`.execute(db);
  let result: MigrationResultSet;
  try {
    result = await run();
  } catch (error) {
    await sql`ROLLBACK`.execute(db);
    throw error;
  }
  await sql.raw(result.error ? 'ROLLBACK' : 'COMMIT').execute(db);
  return result;
}
