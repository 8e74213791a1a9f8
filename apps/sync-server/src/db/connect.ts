import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseOptions } from './engine.js';
import type { Database } from './schema.js';
import { ImmediateSqliteDialect } from './sqlite-dialect.js';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens the database of either engine; the caller owns destroy(). */
export function connect(options: DatabaseOptions): Kysely<Database> {
  if (options.engine === 'sqlite') {
    mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true, mode: 0o700 });
    // Records and keys are evidence: the file is the server's alone (SQLite gives -wal/-shm the same mode).
    if (options.file !== ':memory:') closeSync(openSync(options.file, 'a', 0o600));
    const database = new SQLite(options.file);
    database.pragma('journal_mode = WAL');
    // Records are evidence: a commit is on disk before the kiosk is told it was accepted.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
    // A second server process on the same file waits for the writer instead of failing at once.
    database.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database }) });
  }
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error(`PostgreSQL schema name ${JSON.stringify(options.schema)} must match ${SCHEMA_NAME.source}`);
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
