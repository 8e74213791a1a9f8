import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../apps/sync-server/src/db/connect.js';
import { migrateToLatest, migrations } from '../../apps/sync-server/src/db/migrate.js';
import { testDatabases, type TestDatabase } from './support/engines.js';

const databases = await testDatabases();
const TABLES = ['audit_log', 'enrollment_codes', 'key_cursor', 'kiosk_keys', 'kiosks', 'master_data', 'master_version', 'pending_checks', 'records', 'review_marks', 'review_signatures', 'server_keys', 'sessions', 'stations', 'users'];

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

    it('0090 moves each kiosk cursor to its current key, names the key of waiting checks, and keys records by (key_id, seq)', async () => {
      const target = await fresh();
      const options = target.options();
      const db = connect(options);
      try {
        if (options.engine === 'postgres') await sql.raw(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`).execute(db);
        const before = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(database)) }, migrationTableName: 'lineside_migration', migrationLockTableName: 'lineside_migration_lock', ...(options.engine === 'postgres' ? { migrationTableSchema: options.schema! } : {}) });
        expect((await before.migrateTo('0080-sign-in-lockout')).error).toBeUndefined();
        const at = '2026-11-25T08:00:00.000Z';
        const hash = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
        const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        await old.insertInto('stations').values({ station_id: 'DISP-1', kiosk_id: 'K-DISP-1', plant_id: 'P1', name: 'Dispensary 1', offline_grace_hours: 72 }).execute();
        await old.insertInto('kiosks').values({ kiosk_id: 'K-DISP-1', station_id: 'DISP-1', status: 'active', current_key_id: 'K-DISP-1#1', pending_key_id: 'K-DISP-1#2', hostname: null, app_version: '0.1.0', enrolled_at: at, status_changed_at: at, status_changed_by: null, status_reason: null }).execute();
        for (const n of [1, 2]) await old.insertInto('kiosk_keys').values({ key_id: `K-DISP-1#${n}`, kiosk_id: 'K-DISP-1', key_number: n, public_key: `pk${n}`, fingerprint: `fp${n}`, created_at: at }).execute();
        await old.insertInto('kiosk_cursor').values({ kiosk_id: 'K-DISP-1', last_seq: 2, last_hash: hash(2) }).execute();
        for (const seq of [1, 2]) {
          await old.insertInto('records').values({ kiosk_id: 'K-DISP-1', seq, record_id: `r${seq}`, hash: hash(seq), prev_hash: hash(seq - 1), type: 'weighing.recorded', occurred_at: at, received_at: at, key_id: 'K-DISP-1#1', envelope: '{}', flags: '[]' }).execute();
        }
        await old.insertInto('pending_checks').values({ kiosk_id: 'K-DISP-1', from_seq: 2, to_seq: 2, received_at: at }).execute();

        await migrateToLatest(db, options);
        const cursors = await db.selectFrom('key_cursor').selectAll().orderBy('key_id').execute();
        expect(cursors.map((c) => ({ ...c, last_seq: Number(c.last_seq) }))).toEqual([
          { key_id: 'K-DISP-1#1', kiosk_id: 'K-DISP-1', last_seq: 2, last_hash: hash(2) },
          { key_id: 'K-DISP-1#2', kiosk_id: 'K-DISP-1', last_seq: 0, last_hash: `sha256:${'0'.repeat(64)}` },
        ]);
        expect((await db.selectFrom('pending_checks').selectAll().execute()).map((p) => ({ ...p, from_seq: Number(p.from_seq), to_seq: Number(p.to_seq) }))).toEqual([{ key_id: 'K-DISP-1#1', kiosk_id: 'K-DISP-1', from_seq: 2, to_seq: 2, received_at: at }]);
        // Seq 1 of the next key is a record of its own; seq 1 of the same key again is refused, and records stay append-only.
        await db.insertInto('records').values({ kiosk_id: 'K-DISP-1', seq: 1, record_id: 'r3', hash: hash(3), prev_hash: hash(0), type: 'weighing.recorded', occurred_at: at, received_at: at, key_id: 'K-DISP-1#2', envelope: '{}', flags: '[]' }).execute();
        await expect(db.insertInto('records').values({ kiosk_id: 'K-DISP-1', seq: 1, record_id: 'r4', hash: hash(4), prev_hash: hash(0), type: 'weighing.recorded', occurred_at: at, received_at: at, key_id: 'K-DISP-1#2', envelope: '{}', flags: '[]' }).execute()).rejects.toThrow();
        await expect(db.updateTable('records').set({ envelope: '{"x":1}' }).where('record_id', '=', 'r1').execute()).rejects.toThrow(/append-only/);
        await expect(db.deleteFrom('records').where('record_id', '=', 'r1').execute()).rejects.toThrow(/append-only/);
        expect((await db.selectFrom('records').select(['key_id', 'seq']).orderBy('key_id').orderBy('seq').execute()).map((r) => `${r.key_id}/${Number(r.seq)}`)).toEqual(['K-DISP-1#1/1', 'K-DISP-1#1/2', 'K-DISP-1#2/1']);
      } finally {
        await db.destroy();
      }
    });

    it('0100 backfills order_id from each stored envelope: order records by subject, deviations by payload or by the deviation they sign, holds on an order by target', async () => {
      const target = await fresh();
      const options = target.options();
      const db = connect(options);
      try {
        if (options.engine === 'postgres') await sql.raw(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`).execute(db);
        const before = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(database)) }, migrationTableName: 'lineside_migration', migrationLockTableName: 'lineside_migration_lock', ...(options.engine === 'postgres' ? { migrationTableSchema: options.schema! } : {}) });
        expect((await before.migrateTo('0090-key-chains')).error).toBeUndefined();
        const at = '2026-11-25T08:00:00.000Z';
        const hash = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
        const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        await old.insertInto('stations').values({ station_id: 'DISP-1', kiosk_id: 'K-DISP-1', plant_id: 'P1', name: 'Dispensary 1', offline_grace_hours: 72 }).execute();
        await old.insertInto('kiosks').values({ kiosk_id: 'K-DISP-1', station_id: 'DISP-1', status: 'active', current_key_id: 'K-DISP-1#1', pending_key_id: null, hostname: null, app_version: '0.1.0', enrolled_at: at, status_changed_at: at, status_changed_by: null, status_reason: null }).execute();
        const envelopes: [string, object][] = [
          ['order.step-started', { type: 'order.step-started', subject: { order: 'ORD-1' }, payload: { orderId: 'ORD-1' } }],
          ['deviation.deviation-opened', { type: 'deviation.deviation-opened', subject: { deviation: 'DEV-1' }, payload: { deviationId: 'DEV-1', orderId: 'ORD-1' } }],
          ['deviation.deviation-signed', { type: 'deviation.deviation-signed', subject: { deviation: 'DEV-1' }, payload: { deviationId: 'DEV-1' } }],
          ['deviation.deviation-signed', { type: 'deviation.deviation-signed', subject: { deviation: 'DEV-9' }, payload: { deviationId: 'DEV-9' } }],
          ['hold.hold-placed', { type: 'hold.hold-placed', subject: { hold: 'H-1' }, payload: { holdId: 'H-1', target: { kind: 'order', id: 'ORD-2' } } }],
          ['hold.hold-placed', { type: 'hold.hold-placed', subject: { hold: 'H-2' }, payload: { holdId: 'H-2', target: { kind: 'lot', id: 'PVP-077' } } }],
          ['session.logged-in', { type: 'session.logged-in', payload: { userId: 'olivia.operator' } }],
        ];
        for (const [i, [type, envelope]] of envelopes.entries()) {
          await old.insertInto('records').values({ kiosk_id: 'K-DISP-1', seq: i + 1, record_id: `r${i + 1}`, hash: hash(i + 1), prev_hash: hash(i), type, occurred_at: at, received_at: at, key_id: 'K-DISP-1#1', envelope: JSON.stringify(envelope), flags: '[]' }).execute();
        }
        await migrateToLatest(db, options);
        const rows = await db.selectFrom('records').select(['seq', 'order_id']).orderBy('seq').execute();
        expect(rows.map((r) => r.order_id)).toEqual(['ORD-1', 'ORD-1', 'ORD-1', null, 'ORD-2', null, null]);
        await expect(db.updateTable('records').set({ envelope: '{}' }).where('record_id', '=', 'r1').execute()).rejects.toThrow(/append-only/);
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
