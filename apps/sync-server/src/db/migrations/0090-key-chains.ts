import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * One hash chain per kiosk key, not per kiosk (issue 9 §4): a kiosk replaced with a new data folder
 * enrolls a new key whose chain starts again at seq 1 (a new epoch). So a record is identified by
 * (key_id, seq), the server's high-water mark is kept per key, and a pushed batch awaiting its checks
 * names its key. Existing data keeps its meaning: before this migration every kiosk's records formed
 * one chain, so (kiosk_id, seq) was unique and so is (key_id, seq); the kiosk's cursor becomes the
 * cursor of its current key, and every other key starts where its own stored records end.
 */
export function keyChains(engine: Engine): Migration {
  return {
    // db is Kysely<any> by design: a migration is frozen in time and must not follow today's row types.
    async up(db) {
      await db.schema
        .createTable('key_cursor')
        .addColumn('key_id', 'text', (c) => c.primaryKey().references('kiosk_keys.key_id'))
        .addColumn('kiosk_id', 'text', (c) => c.notNull().references('kiosks.kiosk_id'))
        .addColumn('last_seq', 'integer', (c) => c.notNull())
        .addColumn('last_hash', 'text', (c) => c.notNull())
        .execute();
      const keys = (await db.selectFrom('kiosk_keys').innerJoin('kiosks', 'kiosks.kiosk_id', 'kiosk_keys.kiosk_id').select(['kiosk_keys.key_id', 'kiosk_keys.kiosk_id', 'kiosks.current_key_id']).execute()) as { key_id: string; kiosk_id: string; current_key_id: string }[];
      const cursors = new Map(((await db.selectFrom('kiosk_cursor').selectAll().execute()) as { kiosk_id: string; last_seq: number; last_hash: string }[]).map((c) => [c.kiosk_id, c]));
      for (const key of keys) {
        const kioskCursor = cursors.get(key.kiosk_id);
        const last = (await db.selectFrom('records').select(['seq', 'hash']).where('key_id', '=', key.key_id).orderBy('seq', 'desc').limit(1).executeTakeFirst()) as { seq: number; hash: string } | undefined;
        const cursor = key.key_id === key.current_key_id && kioskCursor ? { last_seq: Number(kioskCursor.last_seq), last_hash: kioskCursor.last_hash } : last ? { last_seq: Number(last.seq), last_hash: last.hash } : { last_seq: 0, last_hash: `sha256:${'0'.repeat(64)}` };
        await db.insertInto('key_cursor').values({ key_id: key.key_id, kiosk_id: key.kiosk_id, ...cursor }).execute();
      }
      await db.schema.dropTable('kiosk_cursor').execute();

      // Waiting checks name their key; the key is read from the batch's first stored record.
      await db.schema
        .createTable('pending_checks_by_key')
        .addColumn('key_id', 'text', (c) => c.notNull())
        .addColumn('kiosk_id', 'text', (c) => c.notNull())
        .addColumn('from_seq', 'integer', (c) => c.notNull())
        .addColumn('to_seq', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pending_checks_key_pk', ['key_id', 'from_seq'])
        .execute();
      await sql`INSERT INTO pending_checks_by_key (key_id, kiosk_id, from_seq, to_seq, received_at)
        SELECT r.key_id, p.kiosk_id, p.from_seq, p.to_seq, p.received_at
        FROM pending_checks p JOIN records r ON r.kiosk_id = p.kiosk_id AND r.seq = p.from_seq`.execute(db);
      await db.schema.dropTable('pending_checks').execute();
      await db.schema.alterTable('pending_checks_by_key').renameTo('pending_checks').execute();

      await rekeyRecords(db, engine);
    },
  };
}

const SIGNED_COLUMNS = 'kiosk_id, seq, record_id, hash, prev_hash, type, occurred_at, received_at, key_id, envelope';
const ALL_COLUMNS = `${SIGNED_COLUMNS}, flags`;

/** records' primary key (kiosk_id, seq) becomes (key_id, seq); the append-only triggers stay. */
async function rekeyRecords(db: Kysely<unknown>, engine: Engine): Promise<void> {
  if (engine === 'postgres') {
    await sql.raw('ALTER TABLE records DROP CONSTRAINT records_pk').execute(db);
    await sql.raw('ALTER TABLE records ADD CONSTRAINT records_pk PRIMARY KEY (key_id, seq)').execute(db);
    await sql.raw('CREATE INDEX records_kiosk ON records (kiosk_id)').execute(db);
    return;
  }
  // SQLite cannot change a primary key in place: copy into a new table. DROP TABLE removes the
  // triggers before its implicit delete, so the append-only rule is not broken, and is put back below.
  await db.schema
    .createTable('records_by_key')
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
    .addPrimaryKeyConstraint('records_pk', ['key_id', 'seq'])
    .execute();
  await sql.raw(`INSERT INTO records_by_key (${ALL_COLUMNS}) SELECT ${ALL_COLUMNS} FROM records`).execute(db);
  await sql.raw('DROP TABLE records').execute(db);
  await sql.raw('ALTER TABLE records_by_key RENAME TO records').execute(db);
  await db.schema.createIndex('records_type_occurred').on('records').columns(['type', 'occurred_at']).execute();
  await db.schema.createIndex('records_kiosk').on('records').column('kiosk_id').execute();
  await sql.raw(`CREATE TRIGGER records_no_update BEFORE UPDATE OF ${SIGNED_COLUMNS} ON records
    BEGIN SELECT RAISE(ABORT, 'records are append-only: UPDATE refused'); END`).execute(db);
  await sql.raw(`CREATE TRIGGER records_no_delete BEFORE DELETE ON records
    BEGIN SELECT RAISE(ABORT, 'records are append-only: DELETE refused'); END`).execute(db);
}
