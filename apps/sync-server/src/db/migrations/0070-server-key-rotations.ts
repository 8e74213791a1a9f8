import type { Migration } from 'kysely';

/**
 * Kiosks pin the server key at enrollment and accept a new one only with a rotation statement
 * signed by the key before it (sync-protocol README §2.1): the server keeps every statement it made.
 */
export function serverKeyRotations(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('server_key_rotations')
        .addColumn('previous_key_id', 'text', (c) => c.primaryKey())
        .addColumn('server_key_id', 'text', (c) => c.notNull().unique())
        .addColumn('public_key', 'text', (c) => c.notNull())
        .addColumn('rotated_at', 'text', (c) => c.notNull())
        .addColumn('sig', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
