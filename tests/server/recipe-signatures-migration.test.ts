import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../apps/sync-server/src/db/connect.js';
import { migrateToLatest, migrations } from '../../apps/sync-server/src/db/migrate.js';
import { testDatabases, type TestDatabase } from './support/engines.js';

const databases = await testDatabases();
const HASH = `sha256:${'a'.repeat(64)}`;
const signature = (n: number) => ({ signature_id: `sig-${n}`, recipe_id: 'R-100', version: 2, signer_id: n === 1 ? 'quinn.qa' : 'sam.supervisor', printed_name: n === 1 ? 'Quinn QA' : 'Sam Supervisor', meaning: 'approved', roles: '["qa"]', signed_at: '2026-12-01T09:00:00.000Z', content_hash: HASH });

for (const engine of databases.map((d) => d.engine)) {
  describe.skipIf(databases.find((d) => d.engine === engine)?.skip !== undefined)(`migration 0140: recipe approval signatures are append-only [${engine}]`, () => {
    let current: TestDatabase | undefined;
    afterEach(async () => {
      await current?.tearDown();
      current = undefined;
    });

    it('refuses UPDATE and DELETE of a signature written before it and of one written after it; new signatures are still added', async () => {
      current = (await testDatabases()).find((d) => d.engine === engine)!;
      await current.setUp();
      const options = current.options();
      const db = connect(options);
      try {
        if (options.engine === 'postgres') await sql.raw(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`).execute(db);
        const before = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(engine)) }, migrationTableName: 'lineside_migration', migrationLockTableName: 'lineside_migration_lock', ...(options.engine === 'postgres' ? { migrationTableSchema: options.schema! } : {}) });
        expect((await before.migrateTo('0130-recipe-signatures')).error).toBeUndefined();
        await db.insertInto('recipe_signatures').values(signature(1)).execute();
        // Before 0140 nothing stopped a signature being rewritten: this is the hole it closes.
        await db.updateTable('recipe_signatures').set({ printed_name: 'Quinn Q. A.' }).where('signature_id', '=', 'sig-1').execute();

        await migrateToLatest(db, options);
        await db.insertInto('recipe_signatures').values(signature(2)).execute();
        for (const id of ['sig-1', 'sig-2']) {
          await expect(db.updateTable('recipe_signatures').set({ content_hash: `sha256:${'b'.repeat(64)}` }).where('signature_id', '=', id).execute()).rejects.toThrow(/recipe_signatures is append-only: UPDATE refused/);
          await expect(db.deleteFrom('recipe_signatures').where('signature_id', '=', id).execute()).rejects.toThrow(/recipe_signatures is append-only: DELETE refused/);
        }
        if (engine === 'postgres') await expect(sql.raw('TRUNCATE recipe_signatures').execute(db)).rejects.toThrow(/append-only: TRUNCATE refused/);
        const rows = await db.selectFrom('recipe_signatures').select(['signature_id', 'printed_name', 'content_hash']).orderBy('signature_id').execute();
        expect(rows).toEqual([
          { signature_id: 'sig-1', printed_name: 'Quinn Q. A.', content_hash: HASH },
          { signature_id: 'sig-2', printed_name: 'Sam Supervisor', content_hash: HASH },
        ]);
      } finally {
        await db.destroy();
      }
    });
  });
}
