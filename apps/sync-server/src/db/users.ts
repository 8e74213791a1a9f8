import type { Insertable, Selectable } from 'kysely';
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
  /** Consecutive wrong passwords at central sign-in. */
  readonly failedSignIns: number;
  /** Central sign-in is refused until then (ISO 8601 UTC), or null. */
  readonly lockedUntil: string | null;
  /** The password was set by an admin (new user, reset): nothing but setting their own is allowed until then. */
  readonly mustChangePassword: boolean;
}

function toUser(row: Selectable<UsersTable>): User {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    roles: (JSON.parse(row.roles) as string[]).filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
    active: row.active === 1,
    passwordVerifier: row.password_verifier,
    failedSignIns: Number(row.failed_sign_ins ?? 0),
    lockedUntil: row.locked_until ?? null,
    mustChangePassword: Number(row.must_change_password ?? 0) === 1,
  };
}

export async function findUser(db: Db, userId: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function insertUser(db: Db, row: Insertable<UsersTable>): Promise<void> {
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

/** Active users holding `role`, for the rule that the last active admin is never locked out. */
export async function countActiveUsersWithRole(db: Db, role: Role): Promise<number> {
  const rows = await db.selectFrom('users').select('roles').where('active', '=', 1).execute();
  return rows.filter((r) => (JSON.parse(r.roles) as string[]).includes(role)).length;
}

/** Records one more wrong password; sets `lockedUntil` when the caller decided the account locks. */
export async function recordFailedSignIn(db: Db, userId: string, lockedUntil: string | null): Promise<void> {
  await db
    .updateTable('users')
    .set((eb) => ({ failed_sign_ins: eb('failed_sign_ins', '+', 1), ...(lockedUntil ? { locked_until: lockedUntil } : {}) }))
    .where('user_id', '=', userId)
    .execute();
}

/** A right password (or an admin's unlock) clears the failure count and any lock. */
export async function clearSignInFailures(db: Db, userId: string): Promise<void> {
  await db.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('user_id', '=', userId).execute();
}
