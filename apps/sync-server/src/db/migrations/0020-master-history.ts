import { sql, type Migration } from 'kysely';
import type { Engine } from '../engine.js';

/** Before this migration the server kept only the current master data: that becomes the baseline (master-data.ts BASELINE), frozen here. */
const HISTORY_BEFORE_TRACKING = '0000-01-01T00:00:00.000Z';

/**
 * Every state each master entity has had, with the server time it took effect, so the business
 * checks can ask "what was true centrally at the record's time" (SYNC.md §4.2), not "what is true now".
 */
export function masterHistory(engine: Engine): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('master_history')
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('changed_at', 'text', (c) => c.notNull())
        .addColumn('data', 'text')
        .addPrimaryKeyConstraint('master_history_pk', ['entity', 'entity_id', 'version'])
        .execute();
      await db.schema.createIndex('master_history_at').on('master_history').columns(['entity', 'entity_id', 'changed_at']).execute();
      await sql`INSERT INTO master_history (entity, entity_id, version, changed_at, data)
        SELECT entity, entity_id, version, ${HISTORY_BEFORE_TRACKING}, data FROM master_data`.execute(db);
      // History is evidence for flags: like records and the audit log, never edited.
      if (engine === 'sqlite') {
        await sql.raw(`CREATE TRIGGER master_history_no_update BEFORE UPDATE ON master_history
          BEGIN SELECT RAISE(ABORT, 'master_history is append-only: UPDATE refused'); END`).execute(db);
        await sql.raw(`CREATE TRIGGER master_history_no_delete BEFORE DELETE ON master_history
          BEGIN SELECT RAISE(ABORT, 'master_history is append-only: DELETE refused'); END`).execute(db);
      } else {
        await sql.raw(`CREATE TRIGGER master_history_no_change BEFORE UPDATE OR DELETE ON master_history
          FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
      }
    },
  };
}
