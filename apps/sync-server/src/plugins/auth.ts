import type { KeyObject } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { parseAuthorization } from '@lineside/sync-protocol';
import { importPublicKey, verifyRequest } from '@lineside/sync-protocol/node';
import { findKiosk, findKioskKey, type Kiosk } from '../db/kiosks.js';
import { findLiveSession } from '../db/sessions.js';
import { findUser, type Role, type User } from '../db/users.js';
import { tokenHash } from '../security/tokens.js';
import { refuse } from './errors.js';
import { infra } from './infra.js';

export const SESSION_COOKIE = 'lineside_session';

declare module 'fastify' {
  interface FastifyInstance {
    /** preHandler: a bearer token (API) or session cookie (pages) of an active user holding one of `roles`. */
    requireUser(roles: readonly Role[], options?: { page?: boolean }): preHandlerAsyncHookHandler;
    /** preValidation: the request is signed by an enrolled kiosk key (pending keys included). */
    authenticateKiosk: preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    user?: User;
    kiosk?: Kiosk;
    /** The authenticated kiosk's public key, imported once per process. */
    kioskKey?: KeyObject;
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

export const authPlugin = infra('lineside-auth', async (app) => {
  // Public keys never change for a keyId, so an imported KeyObject is kept for the life of the process.
  const keyCache = new Map<string, KeyObject>();

  app.decorate('requireUser', (roles: readonly Role[], options: { page?: boolean } = {}) => {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const token = options.page ? readCookie(request, SESSION_COOKIE) : bearer(request);
      const session = token ? await findLiveSession(app.db, tokenHash(token), app.now().toISOString()) : undefined;
      const user = session ? await findUser(app.db, session.userId) : undefined;
      if (!user || !user.active) {
        if (options.page) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
        const why = !token ? 'no bearer token was sent' : !session ? 'the session token is unknown or expired' : 'the user is no longer active';
        return refuse(reply, 401, 'unauthenticated', `sign in first: ${why}`);
      }
      if (!user.roles.some((r) => roles.includes(r))) {
        return refuse(reply, 403, 'forbidden', `user ${user.userId} (${user.roles.join(', ')}) may not ${request.method} ${request.url.split('?')[0]}: it needs one of the roles ${roles.join(', ')}`);
      }
      request.user = user;
    };
  });

  app.decorate('authenticateKiosk', async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = parseAuthorization(request.headers.authorization);
    if ('error' in parsed) return refuse(reply, 401, 'unauthenticated', `kiosk request refused: ${parsed.error}`);
    let key = keyCache.get(parsed.keyId);
    const row = await findKioskKey(app.db, parsed.keyId);
    if (row && !key) {
      key = importPublicKey(row.public_key);
      keyCache.set(parsed.keyId, key);
    }
    const result = verifyRequest(
      { method: request.method, pathWithQuery: request.url, body: request.rawBody, authorization: request.headers.authorization },
      (keyId) => (keyId === row?.key_id ? key : undefined),
      app.now(),
    );
    if (!result.ok) return refuse(reply, 401, 'unauthenticated', `kiosk request refused: ${result.message}`);
    const kiosk = row ? await findKiosk(app.db, row.kiosk_id) : undefined;
    if (!kiosk) return refuse(reply, 401, 'unauthenticated', `kiosk request refused: key ${parsed.keyId} belongs to no kiosk`);
    // A replacement key waiting for approval speaks as a pending kiosk; the current key keeps its own status.
    if (kiosk.pendingKeyId === parsed.keyId) {
      request.kiosk = { ...kiosk, keyId: parsed.keyId, status: 'pending' };
      request.kioskKey = key;
      return;
    }
    if (kiosk.keyId !== parsed.keyId) {
      return refuse(reply, 401, 'unauthenticated', `kiosk request refused: key ${parsed.keyId} was replaced by ${kiosk.keyId} when kiosk ${kiosk.kioskId} re-enrolled`);
    }
    request.kiosk = kiosk;
    request.kioskKey = key;
  });
});
