import type { Migration } from 'kysely';

/**
 * Issue 11: a reset password is temporary (users.must_change_password), and recipe approval e-signatures: each is kept as its own row, never updated, beside the copy
 * on the recipe version the kiosks pull. Part 11 §11.70: the signature stays linked to the content hash
 * of the version it signs, so an edited version can never carry it.
 */
export function recipeSignatures(): Migration {
  return {
    async up(db) {
      await db.schema
        .createTable('recipe_signatures')
        .addColumn('signature_id', 'text', (c) => c.primaryKey())
        .addColumn('recipe_id', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('signer_id', 'text', (c) => c.notNull())
        .addColumn('printed_name', 'text', (c) => c.notNull())
        .addColumn('meaning', 'text', (c) => c.notNull())
        .addColumn('roles', 'text', (c) => c.notNull())
        .addColumn('signed_at', 'text', (c) => c.notNull())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('recipe_signatures_version').on('recipe_signatures').columns(['recipe_id', 'version']).execute();
      // A password or PIN reset by an admin is temporary: the user sets their own at the next sign-in.
      await db.schema.alterTable('users').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.createIndex('recipe_signatures_signer').on('recipe_signatures').columns(['recipe_id', 'version', 'signer_id']).unique().execute();
    },
  };
}
