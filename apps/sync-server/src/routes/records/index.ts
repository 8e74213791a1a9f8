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
        summary: "Received records, by kiosk, key (each key's chain is an epoch starting at seq 1) and seq",
        tags: ['records'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            kioskId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
            keyId: Type.Optional(Type.String({ minLength: 1, maxLength: 160, description: "one key's chain (an epoch of its kiosk)" })),
            afterSeq: Type.Optional(Type.Integer({ minimum: 0, description: 'records with a greater seq; seq counts within a key, so page one key at a time' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ records: Type.Array(RecordViewSchema) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const { kioskId, keyId, afterSeq, limit } = request.query;
      const rows = await listRecords(app.db, { ...(kioskId !== undefined ? { kioskId } : {}), ...(keyId !== undefined ? { keyId } : {}), ...(afterSeq !== undefined ? { afterSeq } : {}), limit: limit ?? 100 });
      return { records: await toRecordViews(app.db, rows) };
    },
  );
};
