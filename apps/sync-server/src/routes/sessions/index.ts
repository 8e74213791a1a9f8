import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';
import { signIn } from './sign-in.js';

export const sessionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      schema: {
        summary: 'Sign in with user id and password; answers a bearer token',
        tags: ['sessions'],
        body: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 128 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ token: Type.String(), userId: Type.String(), roles: Type.Array(Type.String()), expiresAt: Type.String() }, { additionalProperties: false }),
          ...errors(401),
        },
      },
    },
    async (request, reply) => {
      const session = await signIn(app, request.body.userId, request.body.password);
      if (!session) return refuse(reply, 401, 'unauthenticated', 'the user id or the password is wrong');
      return reply.code(201).send(session);
    },
  );
};
