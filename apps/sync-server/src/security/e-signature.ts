import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ErrorReason } from '@lineside/sync-protocol';
import { checkVerifier, DECOY_VERIFIER } from '@lineside/sync-protocol/node';
import { clearSignInFailures, findUser } from '../db/users.js';
import { countFailure } from '../routes/sessions/sign-in.js';

/** What a person re-enters at the moment of signing (21 CFR 11.200(a)(1)): both components, every time. */
export interface ESignatureAttempt {
  readonly userId: string;
  readonly password: string;
  /** What the signature means (11.50(a)(3)); the caller's route decides which meanings it accepts. */
  readonly meaning: string;
}

/** The signature manifestation (11.50): who, by printed name, what it means, when (server time). */
export interface ESignature {
  readonly userId: string;
  readonly printedName: string;
  readonly meaning: string;
  /** Server time, ISO 8601 UTC: the server's clock, never the browser's. */
  readonly signedAt: string;
  readonly components: 'id-and-password';
}

export type ESignatureOutcome =
  | { readonly ok: true; readonly signature: ESignature }
  | { readonly ok: false; readonly statusCode: 401 | 403 | 429; readonly reason: ErrorReason; readonly message: string; readonly retryAfterSeconds?: number };

const refused = (statusCode: 401 | 403, reason: ErrorReason, message: string): ESignatureOutcome => ({ ok: false, statusCode, reason, message });

/**
 * Checks a Part 11 e-signature given through the central web app or API: the signer re-enters user id
 * and password now, and must be the person whose session sends the request (a signature is used only by
 * its genuine owner, 11.200(a)(2)). A wrong password counts toward the same throttle and central lockout
 * as sign-in (11.300(d)), so signing cannot be used to guess passwords. Nothing is written on success:
 * the caller stores the signature with what it signs.
 */
export async function checkESignature(app: FastifyInstance, request: FastifyRequest, attempt: ESignatureAttempt): Promise<ESignatureOutcome> {
  const sessionUser = request.user;
  if (!sessionUser) return refused(401, 'unauthenticated', 'sign in first: an e-signature is given from a signed-in session');
  const userId = attempt.userId.trim();
  if (userId !== sessionUser.userId) {
    return refused(403, 'forbidden', `the user id entered (${userId}) is not the signed-in user ${sessionUser.userId}: each person signs only with their own session`);
  }
  const throttled = await app.throttle.signIn(request, userId);
  if (throttled) return { ok: false, statusCode: 429, reason: 'rate-limited', message: throttled.message, retryAfterSeconds: throttled.retryAfterSeconds };
  const user = await findUser(app.db, userId);
  const now = app.now();
  // Same cost whether or not the user row is there, as at sign-in.
  const valid = await checkVerifier(attempt.password, user?.passwordVerifier ?? DECOY_VERIFIER);
  if (!user || !user.active) return refused(403, 'forbidden', `user ${userId} is not active: the signature is not applied`);
  if (!valid) {
    await app.throttle.signInFailed(request, userId);
    await countFailure(app, user, now);
    return refused(403, 'forbidden', `the password re-entered for ${userId} is wrong: the signature is not applied`);
  }
  if (user.lockedUntil != null && user.lockedUntil > now.toISOString()) {
    return refused(403, 'forbidden', `user ${userId} is locked after repeated wrong passwords until ${user.lockedUntil}: the signature is not applied`);
  }
  // A right password ends a run of failures, as at sign-in.
  if (user.failedSignIns > 0) await clearSignInFailures(app.db, user.userId);
  return { ok: true, signature: { userId: user.userId, printedName: user.displayName, meaning: attempt.meaning, signedAt: now.toISOString(), components: 'id-and-password' } };
}
