import type { Migration } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * Issue 12: the KPI facts. One row per work unit (or station) and shift instance holds that shift's ISO 22400
 * totals and floor-KPI parts, computed from the records by the same functions as before; a KPI query sums
 * rows instead of re-reading a month of records. The rows are derived, never evidence: ingest deletes the
 * ones a pushed batch can change (by event time, in the push's own transaction) and bumps the kiosk's epoch,
 * and a reader stores what it recomputed only if no epoch of its kiosks moved meanwhile.
 */
export function kpiFacts(engine: Engine): Migration {
  const ms = engine === 'postgres' ? 'bigint' : 'integer';
  return {
    async up(db) {
      await db.schema
        .createTable('kpi_shift_facts')
        .addColumn('unit_key', 'text', (c) => c.notNull())
        .addColumn('shift_start', ms, (c) => c.notNull())
        .addColumn('shift_end', ms, (c) => c.notNull())
        .addColumn('master_key', 'text', (c) => c.notNull())
        // `,K-1,K-2,`: the kiosks whose records the fact is made of, for invalidation at ingest.
        .addColumn('kiosk_ids', 'text', (c) => c.notNull())
        // JSON as text, not jsonb: a double must come back with the exact bits it was stored with.
        .addColumn('fact', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('kpi_shift_facts_pk', ['unit_key', 'shift_start'])
        .execute();
      await db.schema.createIndex('kpi_shift_facts_end').on('kpi_shift_facts').columns(['shift_end']).execute();
      // Recomputing a late batch's days reads one kiosk's records of those days, not its whole history.
      await db.schema.createIndex('records_kiosk_occurred').on('records').columns(['kiosk_id', 'occurred_at']).execute();
      await db.schema
        .createTable('kpi_epochs')
        .addColumn('kiosk_id', 'text', (c) => c.primaryKey())
        .addColumn('epoch', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
