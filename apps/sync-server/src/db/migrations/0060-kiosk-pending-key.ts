import type { Migration } from 'kysely';

/**
 * A second enrollment of a working kiosk's station waits here until an admin approves it: the
 * kiosk's current key stays active (issue 9 §4), and approval swaps the keys in one step.
 */
export function kioskPendingKey(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('kiosks').addColumn('pending_key_id', 'text').execute();
    },
  };
}
