import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import type { DatabaseOptions } from '@lineside/sync-server';
import { postgresDatabase, sqliteDatabase, testDatabases, type TestDatabase } from '../../server/support/engines.js';

// Under CI=true this throws when PostgreSQL is unreachable, so the run fails instead of skipping.
const databases = await testDatabases();

/**
 * Declares the suite once per engine. Each test takes its own database from `fresh()` (a SQLite file in a
 * temp dir, or a new PostgreSQL schema), because a test seeds the demo plant into an empty database;
 * every one is dropped in afterAll, also when a test failed.
 */
export function onEachEngine(name: string, body: (fresh: () => Promise<DatabaseOptions>, engine: TestDatabase['engine']) => void): void {
  for (const database of databases) {
    if (database.skip) console.warn(`skipping "${name}" on ${database.engine}: ${database.skip}`);
    describe.skipIf(database.skip !== undefined)(`${name} [${database.engine}]`, () => {
      const made: TestDatabase[] = [];
      afterAll(async () => {
        const errors: unknown[] = [];
        for (const one of made.splice(0)) await one.tearDown().catch((error: unknown) => errors.push(error));
        if (errors.length > 0) throw errors[0];
      });
      const fresh = async () => {
        const one = database.engine === 'postgres' ? postgresDatabase(true) : sqliteDatabase();
        made.push(one);
        await one.setUp();
        return one.options();
      };
      body(fresh, database.engine);
    });
  }
}

/**
 * How many records the given database holds, read straight from it rather than through the server:
 * proves the server under test wrote to this engine (and not, say, to SQLite because of a dropped flag).
 */
export async function storedRecordCount(database: DatabaseOptions): Promise<number> {
  if (database.engine === 'sqlite') {
    const db = new Database(database.file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${database.schema ?? 'public'}.records`);
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}
