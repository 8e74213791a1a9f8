import type { Migration } from 'kysely';

/**
 * Issue 11: a reset PIN is temporary at the kiosk too. `pin_must_change` is 1 from a create or a reset
 * until a kiosk's `session.pin-changed` arrives; `pin_reset_version` is the master version that carried
 * the reset, so a PIN change citing an older version does not undo a later reset.
 */
export function pinMustChange(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('users').addColumn('pin_must_change', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('users').addColumn('pin_reset_version', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    },
  };
}
