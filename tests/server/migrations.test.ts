import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../apps/sync-server/src/db/connect.js';
import { migrateToLatest, migrations } from '../../apps/sync-server/src/db/migrate.js';
import { testDatabases, type TestDatabase } from './support/engines.js';

const databases = await testDatabases();
const TABLES = ['audit_log', 'enrollment_codes', 'kiosk_cursor', 'kiosk_keys', 'kiosks', 'master_data', 'master_version', 'pending_checks', 'records', 'server_keys', 'sessions', 'stations', 'users'];

for (const database of databases.map((d) => d.engine)) {
  describe.skipIf(databases.find((d) => d.engine === database)?.skip !== undefined)(`migrations [${database}]`, () => {
    let current: TestDatabase | undefined;
    afterEach(async () => {
      await current?.tearDown();
      current = undefined;
    });
    const fresh = async () => {
      current = (await testDatabases()).find((d) => d.engine === database)!;
      await current.setUp();
      return current;
    };

    it('creates every table on an empty database, then has nothing left to do', async () => {
      const target = await fresh();
      const db = connect(target.options());
      try {
        const first = await migrateToLatest(db, target.options());
        expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(migrations(database)).map((name) => [name, 'Success']));
        const tables = (await db.introspection.getTables()).map((t) => t.name).filter((name) => !name.startsWith('lineside_migration'));
        expect(tables.sort()).toEqual(expect.arrayContaining(TABLES));
        const again = await migrateToLatest(db, target.options());
        expect(again.results).toEqual([]);
        expect(await db.selectFrom('master_version').select('version').execute()).toEqual([{ version: 0 }]);
      } finally {
        await db.destroy();
      }
    });

    // better-sqlite3 is synchronous, so SQLite's case needs real processes: see cli.test.ts.
    if (database === 'postgres') it('lets several server connections migrate the same database at once', async () => {
      const target = await fresh();
      const dbs = [connect(target.options()), connect(target.options()), connect(target.options())];
      try {
        const results = await Promise.all(dbs.map((db) => migrateToLatest(db, target.options())));
        const applied = results.flatMap((r) => r.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        expect(applied).toEqual(Object.keys(migrations(database)));
      } finally {
        await Promise.all(dbs.map((db) => db.destroy()));
      }
    });
  });
}
