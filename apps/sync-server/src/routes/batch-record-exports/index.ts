import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { BundleSchema, type JsonValue } from '@lineside/sync-protocol';
import { renderBatchRecordPdf } from '../../export/batch-record-pdf.js';
import { buildBundle, reviewSignaturesOf } from '../../export/bundle.js';
import { assembleBatchRecord, batchRecordHash } from '../../review/batch-record.js';
import { batchRecordView } from '../../review/review-state.js';
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
      const { record } = await assembleBatchRecord(app.db, orderId, app.verifyBatch);
      const reviews = await reviewSignaturesOf(app.db, orderId, batchRecordHash(record));
      const bundle = await buildBundle(app.db, app.serverKey, { orderId, exportedBy: request.user!.userId, exportedAt: app.now().toISOString(), batchRecord: record as unknown as JsonValue, reviews });
      if (!bundle) return refuse(reply, 404, 'not-found', `the server holds no record of order ${orderId}`);
      void reply.header('content-disposition', `attachment; filename="${fileName(orderId)}.bundle.json"`);
      return bundle;
    },
  );

  app.get(
    '/:orderId/pdf',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: "One order's printable batch record (PDF): header and page x of y on every page, the signatures as 21 CFR 11.50 asks, the exceptions with their review, the completeness statement, then the full record",
        tags: ['batch-records'],
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'application/pdf' }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const { record, review, contentHash, recordCount } = await batchRecordView(app.db, orderId, app.verifyBatch);
      if (recordCount === 0) return refuse(reply, 404, 'not-found', `the server holds no record of order ${orderId}`);
      const pdf = await renderBatchRecordPdf(record, review, { contentHash, printedAt: app.now().toISOString(), printedBy: `${request.user!.displayName} (${request.user!.userId})` });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${fileName(orderId)}.batch-record.pdf"`)
        .send(pdf);
    },
  );
};

function fileName(orderId: string): string {
  return orderId.replace(/[^A-Za-z0-9._-]/g, '_');
}
