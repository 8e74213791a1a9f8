import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { parseAuthorization } from '@lineside/sync-protocol';
import { importPublicKey, verifyRequest } from '@lineside/sync-protocol/node';
import { findKiosk, findKioskKey, type Kiosk } from '../db/kiosks.js';
import { findLiveSession } from '../db/sessions.js';
import { findUser, type Role, type User } from '../db/users.js';
import { tokenHash } from '../security/tokens.js';
import { CSRF_HEADER } from '../web-access.js';
import { forbiddenPage, refuse, signInRedirect, wantsHtml } from './errors.js';
import { infra } from './infra.js';

export const SESSION_COOKIE = 'lineside_session';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * preHandler: an active user holding one of `roles`, by bearer token (integrations) or by the
     * session cookie of the web app (every state change by cookie also needs the CSRF header and a
     * same-origin request). A browser navigation that fails gets a page (sign-in or 403), an API client JSON.
     */
    requireUser(roles: readonly Role[]): preHandlerAsyncHookHandler;
    /** preValidation: the request is signed by an enrolled kiosk key (pending keys included). */
    authenticateKiosk: preHandlerAsyncHookHandler;
  }
  interface FastifyContextConfig {
    /** The route stays open to a user who must first replace an admin-set password (to read who they are, sign out, set it). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    user?: User;
    /** How the user was authenticated, and the session token it came with (to sign out, to derive the CSRF token). */
    session?: { readonly via: 'bearer' | 'cookie'; readonly token: string };
    kiosk?: Kiosk;
    /** The authenticated kiosk's public key, imported once per process. */
    kioskKey?: KeyObject;
  }
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) {
      try {
        return decodeURIComponent(value.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The web app's session cookie: never readable by script, never sent cross-site, only over TLS when served over TLS. */
export function sessionCookie(request: FastifyRequest, token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}${request.protocol === 'https' ? '; Secure' : ''}`;
}

export function clearedSessionCookie(request: FastifyRequest): string {
  return sessionCookie(request, '', 0);
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
}

/**
 * The CSRF token of a cookie session: derived from the session token (so it needs no storage and ends
 * with the session) under its own label (so it is not the stored token hash), and readable only by a
 * page of this origin through GET /api/v1/sessions/current.
 */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', 'lineside-csrf-v1').update(sessionToken).digest('base64url');
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why a browser request is not from a page of this server, or undefined when it is (or cannot tell:
 * old browsers send neither header, and then the CSRF token alone decides). Origin must name this
 * host; Sec-Fetch-Site, where sent, must say same-origin.
 */
export function crossSiteReason(request: FastifyRequest): string | undefined {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== '' && site !== 'same-origin' && site !== 'none') return `the browser says the request came from another site (Sec-Fetch-Site: ${site})`;
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  // A browser sends Origin: null where it hides the origin (privacy, sandboxed frames): only the browser's own same-origin word admits it.
  if (origin === 'null') return site === 'same-origin' ? undefined : 'the request came from a page that hides its origin (Origin: null)';
  // Compared as URLs, so a default port written in one and not the other still matches.
  let same = false;
  try {
    const from = new URL(origin);
    same = from.host === new URL(`${from.protocol}//${request.headers.host ?? ''}`).host;
  } catch {
    same = false;
  }
  if (!same) return `the request came from ${origin}, not from a page of this server (${request.headers.host ?? 'no Host header'})`;
  return undefined;
}

function csrfProblem(request: FastifyRequest, sessionToken: string): string | undefined {
  const crossSite = crossSiteReason(request);
  if (crossSite) return `cross-site request refused: ${crossSite}`;
  const sent = request.headers[CSRF_HEADER];
  if (typeof sent !== 'string' || sent.length === 0) {
    return `a change made with the session cookie needs the ${CSRF_HEADER} header of the page that makes it: reload the page and try again`;
  }
  const expected = Buffer.from(csrfTokenOf(sessionToken));
  const given = Buffer.from(sent);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return `the ${CSRF_HEADER} header does not belong to this session: reload the page and try again`;
  return undefined;
}

export const authPlugin = infra('lineside-auth', async (app) => {
  // Public keys never change for a keyId, so an imported KeyObject is kept for the life of the process.
  const keyCache = new Map<string, KeyObject>();

  app.decorate('requireUser', (roles: readonly Role[]) => {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      // A bearer token wins: an integration that also holds a cookie is still an integration.
      const bearerToken = bearer(request);
      const cookieToken = bearerToken === undefined ? readCookie(request, SESSION_COOKIE) : undefined;
      const token = bearerToken ?? cookieToken;
      const session = token ? await findLiveSession(app.db, tokenHash(token), app.now().toISOString()) : undefined;
      const user = session ? await findUser(app.db, session.userId) : undefined;
      if (!user || !user.active) {
        if (wantsHtml(request)) return signInRedirect(request, reply);
        const why = !token ? 'no bearer token or session cookie was sent' : !session ? 'the session token is unknown or expired' : 'the user is no longer active';
        return refuse(reply, 401, 'unauthenticated', `sign in first: ${why}`);
      }
      if (cookieToken !== undefined && !SAFE_METHODS.has(request.method)) {
        const problem = csrfProblem(request, cookieToken);
        if (problem) {
          request.log.warn({ userId: user.userId, url: request.url.split('?')[0] }, 'state change by cookie refused (CSRF check)');
          return refuse(reply, 403, 'forbidden', problem);
        }
      }
      if (!user.roles.some((r) => roles.includes(r))) {
        if (wantsHtml(request)) return forbiddenPage(reply, user, roles);
        return refuse(reply, 403, 'forbidden', `user ${user.userId} (${user.roles.join(', ')}) may not ${request.method} ${request.url.split('?')[0]}: it needs one of the roles ${roles.join(', ')}`);
      }
      // After an admin reset the temporary password opens only the way to replace it (the web app's pages load and show that form).
      const config = request.routeOptions.config;
      if (user.mustChangePassword && config?.beforePasswordChange !== true && config?.page !== true) {
        return refuse(reply, 403, 'password-change-required', `user ${user.userId} must set a new password first (POST /api/v1/users/me/password): the current one was set by an administrator`);
      }
      request.user = user;
      request.session = { via: bearerToken !== undefined ? 'bearer' : 'cookie', token: token! };
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
