import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { ENGINES } from '../../db/engine.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Liveness: the database answers',
        tags: ['health'],
        response: { 200: Type.Object({ status: Type.Literal('ok'), engine: Type.Enum(ENGINES), serverTime: Type.String() }, { additionalProperties: false }) },
      },
    },
    async () => {
      await sql`select 1`.execute(app.db);
      return { status: 'ok' as const, engine: app.engine, serverTime: app.now().toISOString() };
    },
  );
};
