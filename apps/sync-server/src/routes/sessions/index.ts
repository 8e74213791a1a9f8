import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deleteSession } from '../../db/sessions.js';
import { ROLES } from '../../db/users.js';
import { clearedSessionCookie, csrfTokenOf } from '../../plugins/auth.js';
import { CSRF_HEADER } from '../../web-access.js';
import { refuse } from '../../plugins/errors.js';
import { tokenHash } from '../../security/tokens.js';
import { errors } from '../common.js';
import { signIn, SIGN_IN_REFUSED } from './sign-in.js';

export const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: {
        summary: 'Sign in with user id and password; answers a bearer token. Throttled per address and per user id (429 rate-limited, Retry-After)',
        tags: ['sessions'],
        body: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 128 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ token: Type.String(), userId: Type.String(), roles: Type.Array(Type.String()), expiresAt: Type.String() }, { additionalProperties: false }),
          ...errors(401, 429),
        },
      },
    },
    async (request, reply) => {
      const outcome = await signIn(app, request, request.body.userId, request.body.password);
      if (outcome.ok) return reply.code(201).send(outcome.session);
      if (outcome.throttled) {
        reply.header('retry-after', String(outcome.throttled.retryAfterSeconds));
        return refuse(reply, 429, 'rate-limited', outcome.throttled.message);
      }
      return refuse(reply, 401, 'unauthenticated', SIGN_IN_REFUSED);
    },
  );

  app.delete(
    '/current',
    {
      config: { beforePasswordChange: true },
      preHandler: app.requireUser(ROLES),
      schema: {
        summary: 'Sign out: the bearer token (or the session cookie, with its CSRF header) is revoked on the server at once',
        tags: ['sessions'],
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      await deleteSession(app.db, tokenHash(request.session!.token));
      // Signed out by the web app: its cookie goes too (it would only be refused from now on).
      if (request.session!.via === 'cookie') reply.header('set-cookie', clearedSessionCookie(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/current',
    {
      config: { beforePasswordChange: true },
      preHandler: app.requireUser(ROLES),
      schema: {
        summary: 'Who is signed in: the web app reads its user, roles and CSRF token here (the token only for a session cookie)',
        tags: ['sessions'],
        security: [{ bearer: [] }],
        response: {
          200: Type.Object(
            {
              userId: Type.String(),
              displayName: Type.String(),
              roles: Type.Array(Type.String()),
              via: Type.Union([Type.Literal('bearer'), Type.Literal('cookie')]),
              mustChangePassword: Type.Boolean({ description: 'the password was set by an administrator: set your own (POST /api/v1/users/me/password) before anything else' }),
              csrfToken: Type.Optional(Type.String({ description: `send it in the ${CSRF_HEADER} header with every POST, PUT, PATCH and DELETE made with the session cookie` })),
            },
            { additionalProperties: false },
          ),
          ...errors(401),
        },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      // Per user and per session: never stored by a shared cache.
      reply.header('cache-control', 'no-store');
      return {
        userId: user.userId,
        displayName: user.displayName,
        roles: [...user.roles],
        via: request.session!.via,
        mustChangePassword: user.mustChangePassword,
        ...(request.session!.via === 'cookie' ? { csrfToken: csrfTokenOf(request.session!.token) } : {}),
      };
    },
  );
};
