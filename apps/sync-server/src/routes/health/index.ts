import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { ENGINES } from '../../db/engine.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Readiness: the database answers and every push-verification worker runs (503 unavailable otherwise)',
        tags: ['health'],
        response: {
          200: Type.Object({ status: Type.Literal('ok'), engine: Type.Enum(ENGINES), serverTime: Type.String() }, { additionalProperties: false }),
          ...errors(503),
        },
      },
    },
    async (_request, reply) => {
      await sql`select 1`.execute(app.db);
      const workers = app.verifyHealth();
      // Without its verify workers every push would fail: say so, so the server is restarted.
      if (workers.alive < workers.size) {
        return refuse(reply, 503, 'unavailable', `${workers.alive} of ${workers.size} push-verification workers are running: restart the server`);
      }
      return { status: 'ok' as const, engine: app.engine, serverTime: app.now().toISOString() };
    },
  );
};
