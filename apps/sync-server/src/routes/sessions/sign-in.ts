import type { FastifyInstance } from 'fastify';
import { insertSession } from '../../db/sessions.js';
import { findUser } from '../../db/users.js';
import { checkVerifier, DECOY_VERIFIER } from '@lineside/sync-protocol/node';
import { newToken, tokenHash } from '../../security/tokens.js';

export const SESSION_HOURS = 12;

/** A session for the right credentials, undefined otherwise (never saying which part was wrong). */
export async function signIn(app: FastifyInstance, userId: string, password: string) {
  const user = await findUser(app.db, userId);
  // An unknown user costs one scrypt too, so timing does not tell which user ids exist.
  const valid = await checkVerifier(password, user?.passwordVerifier ?? DECOY_VERIFIER);
  if (!user || !user.active || !valid) return undefined;
  const token = newToken();
  const now = app.now();
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
  await insertSession(app.db, { tokenHash: tokenHash(token), userId: user.userId, createdAt: now.toISOString(), expiresAt });
  return { token, userId: user.userId, roles: [...user.roles], expiresAt };
}
