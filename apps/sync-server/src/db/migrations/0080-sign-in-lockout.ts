import type { Migration } from 'kysely';

/**
 * Central accounts lock after repeated wrong passwords (21 CFR 11.300(d)): the count of consecutive
 * failures and the time the lock ends live on the user row, so every server process on one database
 * sees the same lock.
 */
export function signInLockout(): Migration {
  return {
    async up(db) {
      await db.schema.alterTable('users').addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('users').addColumn('locked_until', 'text').execute();
    },
  };
}
