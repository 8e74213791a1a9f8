import type { EnrollmentCodesTable } from './schema.js';
import type { Db } from './types.js';

export async function insertEnrollmentCode(db: Db, row: EnrollmentCodesTable): Promise<void> {
  await db.insertInto('enrollment_codes').values(row).execute();
}

export function findEnrollmentCode(db: Db, codeHash: string): Promise<EnrollmentCodesTable | undefined> {
  return db.selectFrom('enrollment_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
}

/** Marks the code used; false when another request used it first (the code is one-time). */
export async function useEnrollmentCode(db: Db, codeHash: string, keyId: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('enrollment_codes')
    .set({ used_at: at, used_by_key_id: keyId })
    .where('code_hash', '=', codeHash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Codes issued and neither used nor expired at `at`, oldest first (only their hash is stored). */
export function listOpenEnrollmentCodes(db: Db, at: string): Promise<EnrollmentCodesTable[]> {
  return db.selectFrom('enrollment_codes').selectAll().where('used_at', 'is', null).where('expires_at', '>', at).orderBy('created_at').execute();
}

/** Ends an open code now (an admin withdrew it); false when it was used or had expired meanwhile. */
export async function expireEnrollmentCode(db: Db, codeHash: string, at: string): Promise<boolean> {
  const result = await db.updateTable('enrollment_codes').set({ expires_at: at }).where('code_hash', '=', codeHash).where('used_at', 'is', null).where('expires_at', '>', at).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
