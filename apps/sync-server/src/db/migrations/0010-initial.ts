import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.js';

// Written once for both engines with the schema builder; only the append-only triggers differ.
export function initial(engine: Engine): Migration {
  return {
    // db is Kysely<any> by design: a migration is frozen in time and must not follow today's row types.
    async up(db) {
      await db.schema
        .createTable('stations')
        .addColumn('station_id', 'text', (c) => c.primaryKey())
        .addColumn('kiosk_id', 'text', (c) => c.notNull().unique())
        .addColumn('plant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('offline_grace_hours', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('users')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('password_verifier', 'text', (c) => c.notNull())
        .addColumn('pin_verifier', 'text')
        .addColumn('badge', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('master_version', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('enrollment_codes')
        .addColumn('code_hash', 'text', (c) => c.primaryKey())
        .addColumn('station_id', 'text', (c) => c.notNull().references('stations.station_id'))
        .addColumn('kiosk_id', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .addColumn('used_by_key_id', 'text')
        .execute();

      await db.schema
        .createTable('kiosks')
        .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
        .addColumn('station_id', 'text', (c) => c.notNull().unique().references('stations.station_id'))
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('current_key_id', 'text', (c) => c.notNull())
        .addColumn('hostname', 'text')
        .addColumn('app_version', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('status_changed_at', 'text', (c) => c.notNull())
        .addColumn('status_changed_by', 'text')
        .addColumn('status_reason', 'text')
        .execute();

      await db.schema
        .createTable('kiosk_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.kiosk_id'))
        .addColumn('key_number', 'integer', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull().unique())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addUniqueConstraint('kiosk_keys_kiosk_number', ['kiosk_id', 'key_number'])
        .execute();

      await db.schema
        .createTable('kiosk_cursor')
        .addColumn('kiosk_id', 'text', (c) => c.primaryKey().references('kiosks.kiosk_id'))
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('records')
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.kiosk_id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('record_id', 'text', (c) => c.notNull().unique())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('envelope', 'text', (c) => c.notNull())
        .addColumn('flags', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('records_pk', ['kiosk_id', 'seq'])
        .execute();
      await db.schema.createIndex('records_type_occurred').on('records').columns(['type', 'occurred_at']).execute();

      await db.schema
        .createTable('server_keys')
        .addColumn('key_id', 'text', (c) => c.primaryKey())
        .addColumn('private_key_pem', 'text', (c) => c.notNull())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('master_version')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.insertInto('master_version').values({ id: 1, version: 0 }).execute();

      await db.schema
        .createTable('master_data')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('master_data_pk', ['entity', 'entity_id'])
        .execute();
      await db.schema.createIndex('master_data_version').on('master_data').column('version').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('audit_id', engine === 'postgres' ? 'serial' : 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('details', 'text', (c) => c.notNull())
        .execute();

      await appendOnly(db, engine);
    },
  };
}

// Records and the audit log are never edited nor deleted (ARCHITECTURE.md "The record is the truth");
// only records.flags, the server's own annotation outside the signed envelope, may be set after commit.
async function appendOnly(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const signedColumns = 'kiosk_id, seq, record_id, hash, prev_hash, type, occurred_at, received_at, key_id, envelope';
  if (engine === 'sqlite') {
    await sql.raw(`CREATE TRIGGER records_no_update BEFORE UPDATE OF ${signedColumns} ON records
      BEGIN SELECT RAISE(ABORT, 'records are append-only: UPDATE refused'); END`).execute(db);
    await sql.raw(`CREATE TRIGGER records_no_delete BEFORE DELETE ON records
      BEGIN SELECT RAISE(ABORT, 'records are append-only: DELETE refused'); END`).execute(db);
    await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END`).execute(db);
    await sql.raw(`CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: DELETE refused'); END`).execute(db);
    return;
  }
  await sql.raw(`CREATE FUNCTION lineside_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$`).execute(db);
  await sql.raw(`CREATE TRIGGER records_no_update BEFORE UPDATE OF ${signedColumns} ON records
    FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
  await sql.raw(`CREATE TRIGGER records_no_delete BEFORE DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
  // TRUNCATE skips row triggers on PostgreSQL, so it gets its own.
  await sql.raw(`CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION lineside_append_only()`).execute(db);
}
