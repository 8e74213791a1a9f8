import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_ENTRY_VERSION, GENESIS_HASH } from '@lineside/sync-protocol';
import { auditEntryHash, importPublicKey, verifyAuditChain } from '@lineside/sync-protocol/node';
import { buildApp } from '../../apps/sync-server/src/app.js';
import { toSignedAuditEntry } from '../../apps/sync-server/src/db/audit.js';
import { connect } from '../../apps/sync-server/src/db/connect.js';
import { migrateToLatest, migrations } from '../../apps/sync-server/src/db/migrate.js';
import { fileKeyProvider } from '../../apps/sync-server/src/security/server-key-store.js';
import { testDatabases, type TestDatabase } from './support/engines.js';

const databases = await testDatabases();

const OLD_ENTRIES = [
  { at: '2026-11-01T08:00:00.000Z', actor: 'server', action: 'master-data.seeded', target: 'demo-plant', reason: null, details: '{"version":1,"users":6}' },
  { at: '2026-11-02T09:30:00.000Z', actor: 'ada.admin', action: 'kiosk.approved', target: 'K-DISP-1', reason: null, details: '{"keyId":"K-DISP-1#1"}' },
  { at: '2026-11-03T10:00:00.000Z', actor: 'quinn.qa', action: 'master-data.changed', target: 'lot/MCC-118', reason: 'moisture out of spec', details: '{"version":2,"before":{"status":"released"},"after":{"status":"on-hold"}}' },
];

for (const engine of databases.map((d) => d.engine)) {
  describe.skipIf(databases.find((d) => d.engine === engine)?.skip !== undefined)(`migration 0110: the audit log written before it joins the chain [${engine}]`, () => {
    let current: TestDatabase | undefined;
    let keys: string | undefined;
    afterEach(async () => {
      await current?.tearDown();
      if (keys) rmSync(keys, { recursive: true, force: true });
      current = undefined;
    });

    it('chains older entries in the order they were written; the server signs exactly those at its next start, once', async () => {
      current = (await testDatabases()).find((d) => d.engine === engine)!;
      await current.setUp();
      keys = mkdtempSync(path.join(tmpdir(), 'lineside-audit-keys-'));
      const options = current.options();
      const db = connect(options);
      try {
        if (options.engine === 'postgres') await sql.raw(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`).execute(db);
        const before = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations(engine)) }, migrationTableName: 'lineside_migration', migrationLockTableName: 'lineside_migration_lock', ...(options.engine === 'postgres' ? { migrationTableSchema: options.schema! } : {}) });
        expect((await before.migrateTo('0090-key-chains')).error).toBeUndefined();
        const old = db as unknown as Kysely<Record<string, Record<string, unknown>>>;
        for (const entry of OLD_ENTRIES) await old.insertInto('audit_log').values(entry).execute();

        await migrateToLatest(db, options);
        const rows = await db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
        expect(rows.map((r) => [Number(r.seq), r.action, r.sig])).toEqual([
          [1, 'master-data.seeded', null],
          [2, 'kiosk.approved', null],
          [3, 'master-data.changed', null],
        ]);
        let prevHash = GENESIS_HASH;
        for (const [i, row] of rows.entries()) {
          const entry = OLD_ENTRIES[i]!;
          expect(row.prev_hash).toBe(prevHash);
          expect(row.hash).toBe(auditEntryHash({ v: AUDIT_ENTRY_VERSION, seq: i + 1, prevHash, ...entry, details: JSON.parse(entry.details) }));
          prevHash = row.hash;
        }
        expect(await db.selectFrom('audit_head').selectAll().execute()).toEqual([{ id: 1, seq: 3, hash: prevHash, backfilled_to: 3 }]);
      } finally {
        await db.destroy();
      }

      const start = () => buildApp({ database: options, serverKeys: fileKeyProvider(keys!), now: () => new Date('2026-11-25T08:00:00.000Z') });
      let app = await start();
      try {
        const log = (await app.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()).map(toSignedAuditEntry);
        expect(log.map((e) => e.action)).toEqual(['master-data.seeded', 'kiosk.approved', 'master-data.changed', 'audit.backfill-signed']);
        expect(log[3]).toMatchObject({ actor: 'server', details: { fromSeq: 1, toSeq: 3, serverKeyId: app.serverKey.keyId } });
        const serverKeys = new Map([[app.serverKey.keyId, importPublicKey(app.serverKey.publicKey)]]);
        expect(verifyAuditChain(log, serverKeys)).toMatchObject({ ok: true, checked: 4 });
        // The one signature is written once; an entry written after 0110 was signed with its content and cannot be re-signed either.
        await expect(app.db.updateTable('audit_log').set({ sig: log[1]!.sig }).where('seq', '=', 1).execute()).rejects.toThrow(/append-only/);
        await expect(app.db.updateTable('audit_log').set({ sig: null }).where('seq', '=', 4).execute()).rejects.toThrow(/append-only/);
      } finally {
        await app.close();
      }
      app = await start();
      try {
        expect((await app.db.selectFrom('audit_log').select('action').where('action', '=', 'audit.backfill-signed').execute()).length).toBe(1);
      } finally {
        await app.close();
      }
    });
  });
}
