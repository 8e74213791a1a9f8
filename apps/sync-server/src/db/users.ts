import type { UsersTable } from './schema.js';
import type { Db } from './types.js';

export const ROLES = ['operator', 'qa', 'supervisor', 'maintenance', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  readonly userId: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly active: boolean;
  readonly passwordVerifier: string;
}

function toUser(row: UsersTable): User {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    roles: (JSON.parse(row.roles) as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    active: row.active === 1,
    passwordVerifier: row.password_verifier,
  };
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function insertUser(db: Db, row: UsersTable): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks the user inactive at master version `version`; sign-in and open sessions stop working at once. */
export async function markUserInactive(trx: Db, userId: string, version: number): Promise<void> {
  await trx.updateTable('users').set({ active: 0, master_version: version }).where('user_id', '=', userId).execute();
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
