import { sql, type Kysely, type Migration } from 'kysely';
import { AUDIT_ENTRY_VERSION, GENESIS_HASH } from '@lineside/sync-protocol';
import { auditEntryHash } from '@lineside/sync-protocol/node';
import type { Engine } from '../engine.js';

/**
 * The server's audit log becomes a signed hash chain like a kiosk's records (issue 10): each entry gets a
 * gap-free `seq`, the `prev_hash` of the entry before and its own `hash` over the canonical body
 * (sync-protocol README "Server audit log"), and the server key's `sig`. `audit_head` holds the chain's end;
 * appending locks that row, so two server processes on one PostgreSQL cannot both extend the same head.
 *
 * Entries written before this migration are chained here in the order they were written (audit_id), and
 * `backfilled_to` remembers how far: the private key is not in the database, so the server signs exactly
 * those entries when it next starts (db/audit.ts signBackfilledAudit). That is the only UPDATE the
 * append-only triggers allow, once per entry, and never for an entry written after this migration.
 */
export function auditChain(engine: Engine): Migration {
  return {
    // db is Kysely<any> by design: a migration is frozen in time and must not follow today's row types.
    async up(db) {
      for (const column of ['seq', 'prev_hash', 'hash', 'sig', 'signed_by']) {
        await db.schema.alterTable('audit_log').addColumn(column, column === 'seq' ? 'integer' : 'text').execute();
      }
      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('backfilled_to', 'integer', (c) => c.notNull())
        .execute();

      await dropUpdateTriggers(db, engine);
      const rows = (await db.selectFrom('audit_log').selectAll().orderBy('audit_id').execute()) as { audit_id: number; at: string; actor: string; action: string; target: string; reason: string | null; details: string }[];
      let prevHash = GENESIS_HASH;
      let seq = 0;
      for (const row of rows) {
        seq++;
        const hash = auditEntryHash({ v: AUDIT_ENTRY_VERSION, seq, prevHash, at: row.at, actor: row.actor, action: row.action, target: row.target, reason: row.reason, details: JSON.parse(row.details) });
        await db.updateTable('audit_log').set({ seq, prev_hash: prevHash, hash }).where('audit_id', '=', row.audit_id).execute();
        prevHash = hash;
      }
      await db.insertInto('audit_head').values({ id: 1, seq, hash: prevHash, backfilled_to: seq }).execute();
      await db.schema.createIndex('audit_log_seq').on('audit_log').column('seq').unique().execute();
      await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
      await signOnceTriggers(db, engine);
    },
  };
}

async function dropUpdateTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await sql.raw('DROP TRIGGER audit_no_update' + (engine === 'postgres' ? ' ON audit_log' : '')).execute(db);
}

const BODY_COLUMNS = 'audit_id, at, actor, action, target, reason, details, seq, prev_hash, hash';

// Deletes stay refused by the 0010 triggers (audit_no_delete on SQLite; on PostgreSQL audit_no_update also
// covered DELETE, so DELETE and TRUNCATE get their own here).
async function signOnceTriggers(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'sqlite') {
    await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE OF ${BODY_COLUMNS} ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END`).execute(db);
    await sql.raw(`CREATE TRIGGER audit_sign_once BEFORE UPDATE OF sig, signed_by ON audit_log
      WHEN OLD.sig IS NOT NULL OR OLD.seq > (SELECT backfilled_to FROM audit_head WHERE id = 1)
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: a signature is written once, with the entry'); END`).execute(db);
    await sql.raw(`CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END`).execute(db);
    return;
  }
  await sql.raw(`CREATE FUNCTION lineside_audit_sign_once() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF (OLD.audit_id, OLD.at, OLD.actor, OLD.action, OLD.target, OLD.reason, OLD.details, OLD.seq, OLD.prev_hash, OLD.hash)
           IS DISTINCT FROM (NEW.audit_id, NEW.at, NEW.actor, NEW.action, NEW.target, NEW.reason, NEW.details, NEW.seq, NEW.prev_hash, NEW.hash)
         OR OLD.sig IS NOT NULL
         OR OLD.seq > (SELECT backfilled_to FROM audit_head WHERE id = 1) THEN
        RAISE EXCEPTION 'audit_log is append-only: UPDATE refused';
      END IF;
      RETURN NEW;
    END $$`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION lineside_audit_sign_once()`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION lineside_append_only()`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
}
