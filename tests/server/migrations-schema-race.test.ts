// PostgreSQL: servers (and test suites) share one database, each in its own schema. Kysely's migrator looks for
// its tables by listing every schema with has_schema_privilege() per name, so a schema dropped by someone else
// during that listing failed a server's start with `schema "lt_…" does not exist` (3F000, naming the other
// schema; seen once in CI). migrateToLatest tries such a failure again; here schemas are created and dropped
// beside a run of fresh migrations, and every migration must succeed.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../apps/sync-server/src/db/connect.js';
import { migrateToLatest } from '../../apps/sync-server/src/db/migrate.js';
import { PG_URL, pgReachable } from '../support/tools.js';

const reachable = await pgReachable();
if (!reachable && process.env.CI === 'true') throw new Error(`required for CI: PostgreSQL at ${PG_URL} is not reachable`);
const ours: string[] = [];

describe.skipIf(!reachable)('migrations beside schemas dropped by others (PostgreSQL)', () => {
  afterAll(async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      for (const schema of ours) await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  it('migrates every fresh schema while other schemas come and go', async () => {
    const churn = new pg.Client({ connectionString: PG_URL });
    await churn.connect();
    let stop = false;
    let churned = 0;
    const churning = (async () => {
      while (!stop) {
        const other = `lt_churn_${randomBytes(5).toString('hex')}`;
        ours.push(other);
        await churn.query(`CREATE SCHEMA ${other}`);
        await churn.query(`CREATE TABLE ${other}.t (id integer)`);
        await churn.query(`DROP SCHEMA ${other} CASCADE`);
        churned += 1;
        // About as often as the other suites of a test run drop theirs, and far more often than servers do.
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const failures: string[] = [];
    try {
      for (let i = 0; i < 12; i++) {
        const schema = `lt_race_${randomBytes(5).toString('hex')}`;
        ours.push(schema);
        const options = { engine: 'postgres' as const, url: PG_URL, schema };
        const db = connect(options);
        try {
          await migrateToLatest(db, options);
        } catch (error) {
          failures.push((error as Error).message);
        } finally {
          await db.destroy();
        }
      }
    } finally {
      stop = true;
      await churning;
      await churn.end();
    }
    expect(churned).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  }, 240_000);
});
