import type { FastifyInstance, FastifyRequest } from 'fastify';
import { appendAudit } from '../../db/audit.js';
import { insertSession } from '../../db/sessions.js';
import { clearSignInFailures, countActiveUsersWithRole, findUser, recordFailedSignIn } from '../../db/users.js';
import { checkVerifier, DECOY_VERIFIER } from '@lineside/sync-protocol/node';
import type { Throttled } from '../../plugins/throttle.js';
import { newToken, tokenHash } from '../../security/tokens.js';

export const SESSION_HOURS = 12;

/** One sentence for every refused sign-in: it never says whether the id exists, the password was wrong or the account is locked. */
export const SIGN_IN_REFUSED = 'the user id or the password is wrong, or the account is locked after repeated failures';

export type SignInOutcome =
  | { readonly ok: true; readonly session: { token: string; userId: string; roles: string[]; expiresAt: string } }
  | { readonly ok: false; readonly throttled?: Throttled };

/**
 * A session for the right credentials of an active, unlocked user. Throttled before any scrypt runs;
 * wrong passwords count towards the account's lock (never the last active admin's: throttled only).
 */
export async function signIn(app: FastifyInstance, request: FastifyRequest, userId: string, password: string): Promise<SignInOutcome> {
  const throttled = await app.throttle.signIn(request);
  if (throttled) return { ok: false, throttled };
  const user = await findUser(app.db, userId);
  const now = app.now();
  // An unknown or locked user costs one scrypt too, so timing does not tell which user ids exist or are locked.
  const valid = await checkVerifier(password, user?.passwordVerifier ?? DECOY_VERIFIER);
  const locked = user?.lockedUntil != null && user.lockedUntil > now.toISOString();
  if (user && user.active && valid && !locked) {
    if (user.failedSignIns > 0 || user.lockedUntil) await clearSignInFailures(app.db, user.userId);
    const token = newToken();
    const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
    await insertSession(app.db, { tokenHash: tokenHash(token), userId: user.userId, createdAt: now.toISOString(), expiresAt });
    return { ok: true, session: { token, userId: user.userId, roles: [...user.roles], expiresAt } };
  }
  if (!valid) {
    await app.throttle.signInFailed(request);
    if (user) await countFailure(app, user, now);
  }
  return { ok: false };
}

/** One more wrong password of `user` (sign-in, or a password re-entered to sign a change); may lock the account. */
export async function countFailure(app: FastifyInstance, user: NonNullable<Awaited<ReturnType<typeof findUser>>>, now: Date): Promise<void> {
  const failures = user.failedSignIns + 1;
  const alreadyLocked = user.lockedUntil != null && user.lockedUntil > now.toISOString();
  let lockedUntil: string | null = null;
  if (failures >= app.throttle.limits.lockoutAfter && !alreadyLocked) {
    // Locking the last active admin would leave nobody to unlock anyone: that account is only throttled.
    const lastAdmin = user.roles.includes('admin') && (await countActiveUsersWithRole(app.db, 'admin')) <= 1;
    if (!lastAdmin) lockedUntil = new Date(now.getTime() + app.throttle.limits.lockoutMs).toISOString();
  }
  await recordFailedSignIn(app.db, user.userId, lockedUntil);
  if (lockedUntil) {
    // 11.300(d): an attempted misuse is reported at once, to the log and the audit trail.
    app.log.warn({ userId: user.userId, failures, lockedUntil }, 'central account locked after repeated wrong passwords');
    await appendAudit(app.db, { at: now.toISOString(), actor: 'server', action: 'user.sign-in-locked', target: `user/${user.userId}`, details: { failures, lockedUntil } });
  }
}
