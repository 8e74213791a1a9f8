import { sql, type Migration } from 'kysely';

/**
 * The business checks run after the push commits (SYNC.md §4.2). A record stored with
 * checks_pending = 1 has not been checked yet: if the server dies between the commit and the checks,
 * the sweep at the next start (and every minute) checks it, so no record stays unflagged by accident.
 * Records stored before this migration were checked by the server that stored them.
 */
export function checksPending(): Migration {
  return {
    async up(db) {
      await db.schema
        .alterTable('records')
        .addColumn('checks_pending', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createIndex('records_checks_pending')
        .on('records')
        .columns(['kiosk_id', 'seq'])
        .where(sql.ref('checks_pending'), '=', 1)
        .execute();
    },
  };
}
