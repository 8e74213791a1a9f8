import type { Migration } from 'kysely';

/**
 * The business checks run after the push commits (SYNC.md §4.2). Each push stores, in its own
 * transaction, one row here naming the records it added; the checks delete it when they are done. If
 * the server dies between the commit and the checks, the row stays, and the sweep at the next start
 * (and every minute) checks those records — no record stays unflagged by accident. One row per batch,
 * not a column per record: a column would be an UPDATE of every record, which on PostgreSQL writes each
 * row twice and bloats the table until vacuum.
 */
export function checksPending(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('pending_checks')
        .addColumn('kiosk_id', 'text', (c) => c.notNull())
        .addColumn('from_seq', 'integer', (c) => c.notNull())
        .addColumn('to_seq', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('pending_checks_pk', ['kiosk_id', 'from_seq'])
        .execute();
    },
  };
}
