import type { Migration } from 'kysely';

/**
 * A version in review that is returned to draft and submitted again is signed again, possibly by the same
 * people: each review round is a new signature. 0130's unique index on (recipe, version, signer) refused
 * the second round's signature with a database error (a 500 to the approver). It goes; "one signature per
 * person per round" is judged in the approval's transaction, after the master-version lock, and every
 * round's signatures stay on record (append-only, 0140).
 *
 * Each signature now keeps the master-data version of its transaction: the versions only grow, so the
 * signatures of the current round are the version's latest ones, even when two share a signing time.
 * Signatures written before this migration have none (they sort first).
 */
export function recipeSignatureRounds(): Migration {
  return {
    async up(db) {
      await db.schema.dropIndex('recipe_signatures_signer').execute();
      await db.schema.alterTable('recipe_signatures').addColumn('master_version', 'integer').execute();
    },
  };
}
