import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseOptions } from '../../../apps/sync-server/src/db/engine.js';
import { PG_URL, pgReachable } from '../../support/tools.js';

/** One database per suite, on each engine: a SQLite file in a temp dir, or a fresh PostgreSQL schema. */
export interface TestDatabase {
  readonly engine: 'sqlite' | 'postgres';
  /** Why this engine cannot run here (outside CI only; under CI=true an absent PostgreSQL throws). */
  readonly skip?: string;
  options(): DatabaseOptions;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

export function sqliteDatabase(): TestDatabase {
  let dir: string | undefined;
  return {
    engine: 'sqlite',
    options() {
      if (!dir) throw new Error('setUp() first');
      return { engine: 'sqlite', file: path.join(dir, 'lineside.sqlite') };
    },
    async setUp() {
      dir = mkdtempSync(path.join(tmpdir(), 'lineside-server-'));
    },
    async tearDown() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresDatabase(reachable: boolean): TestDatabase {
  const schema = `lt_${randomBytes(6).toString('hex')}`;
  const skip = reachable ? undefined : `PostgreSQL is not reachable at ${PG_URL} (set LINESIDE_TEST_PG_URL)`;
  return {
    engine: 'postgres',
    ...(skip ? { skip } : {}),
    options: () => ({ engine: 'postgres', url: PG_URL, schema }),
    async setUp() {
      // The app creates the schema itself; nothing to prepare.
    },
    async tearDown() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Both engines; under CI=true an unreachable PostgreSQL fails the run instead of skipping. */
export async function testDatabases(): Promise<TestDatabase[]> {
  const reachable = await pgReachable();
  if (!reachable && process.env.CI === 'true') throw new Error(`required for CI: PostgreSQL at ${PG_URL} is not reachable`);
  return [sqliteDatabase(), postgresDatabase(reachable)];
}
