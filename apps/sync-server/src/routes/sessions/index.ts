import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { deleteSession } from '../../db/sessions.js';
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
      preHandler: app.requireUser(['operator', 'qa', 'supervisor', 'maintenance', 'admin']),
      schema: {
        summary: 'Sign out: the bearer token is revoked on the server at once',
        tags: ['sessions'],
        security: [{ bearer: [] }],
        response: { 204: Type.Null(), ...errors(401) },
      },
    },
    async (request, reply) => {
      const token = request.headers.authorization!.slice('Bearer '.length).trim();
      await deleteSession(app.db, tokenHash(token));
      return reply.code(204).send(null);
    },
  );
};
