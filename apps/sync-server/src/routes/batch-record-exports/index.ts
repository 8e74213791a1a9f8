import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BundleSchema } from '@lineside/sync-protocol';
import { buildBundle } from '../../export/bundle.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';
import { REVIEWER_ROLES } from '../records/index.js';

const Params = Type.Object({ orderId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:#@-]*$' }) }, { additionalProperties: false });

/** The exports of one order's batch record: the verifiable bundle (and the printable PDF). */
export const batchRecordExportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/:orderId/bundle',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: "One order's machine-verifiable bundle (sync-protocol README §5): its kiosks' chain segments, keys and enrollment, the server's receipts, keys and signed audit entries, the review signatures; check it offline with lineside-verify",
        tags: ['batch-records'],
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: BundleSchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const bundle = await buildBundle(app.db, app.serverKey, { orderId, exportedBy: request.user!.userId, exportedAt: app.now().toISOString() });
      if (!bundle) return refuse(reply, 404, 'not-found', `the server holds no record of order ${orderId}`);
      void reply.header('content-disposition', `attachment; filename="${orderId.replace(/[^A-Za-z0-9._-]/g, '_')}.bundle.json"`);
      return bundle;
    },
  );
};
