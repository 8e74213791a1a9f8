import type { Migration } from 'kysely';

/**
 * Issue 11: of two PIN changes answering the same reset (the user set one offline at two kiosks), the one set
 * later wins, whichever arrives last. `pin_changed_at` is the kiosk time of the change applied since the last
 * reset (null after a create or reset, and for every user before this migration).
 */
export function pinChangedAt(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('users').addColumn('pin_changed_at', 'text').execute();
    },
  };
}
