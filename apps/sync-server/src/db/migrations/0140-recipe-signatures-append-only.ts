import { sql, type Migration } from 'kysely';
import type { Engine } from '../engine.js';

/**
 * A recipe approval e-signature is never changed or withdrawn (Part 11 §11.70, Annex 11 §14): the
 * database refuses UPDATE and DELETE on recipe_signatures, like review_signatures (0100).
 * On PostgreSQL lineside_append_only() (0010) raises; TRUNCATE skips row triggers, so it gets its own.
 */
export function recipeSignaturesAppendOnly(engine: Engine): Migration {
  return {
    async up(db) {
      if (engine === 'sqlite') {
        await sql.raw(`CREATE TRIGGER recipe_signatures_no_update BEFORE UPDATE ON recipe_signatures BEGIN SELECT RAISE(ABORT, 'recipe_signatures is append-only: UPDATE refused'); END`).execute(db);
        await sql.raw(`CREATE TRIGGER recipe_signatures_no_delete BEFORE DELETE ON recipe_signatures BEGIN SELECT RAISE(ABORT, 'recipe_signatures is append-only: DELETE refused'); END`).execute(db);
        return;
      }
      await sql.raw(`CREATE TRIGGER recipe_signatures_append_only BEFORE UPDATE OR DELETE ON recipe_signatures FOR EACH ROW EXECUTE FUNCTION lineside_append_only()`).execute(db);
      await sql.raw(`CREATE TRIGGER recipe_signatures_no_truncate BEFORE TRUNCATE ON recipe_signatures FOR EACH STATEMENT EXECUTE FUNCTION lineside_append_only()`).execute(db);
    },
  };
}
