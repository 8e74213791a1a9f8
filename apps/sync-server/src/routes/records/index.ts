import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listRecords } from '../../db/records.js';
import { errors } from '../common.js';
import { RecordViewSchema, toRecordViews } from './view.js';

export const REVIEWER_ROLES = ['supervisor', 'qa', 'admin'] as const;

export const recordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: 'Received records, by kiosk and seq',
        tags: ['records'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            kioskId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            afterSeq: Type.Optional(Type.Integer({ minimum: 0 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ records: Type.Array(RecordViewSchema) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const { kioskId, afterSeq, limit } = request.query;
      const rows = await listRecords(app.db, { ...(kioskId !== undefined ? { kioskId } : {}), ...(afterSeq !== undefined ? { afterSeq } : {}), limit: limit ?? 100 });
      return { records: await toRecordViews(app.db, rows) };
    },
  );
};
