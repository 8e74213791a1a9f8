import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recordContract } from '@lineside/sync-protocol';
import { browseRecords, chainNeighbours, findRecordById, listRecords, recordFacets, type RecordFilter } from '../../db/records.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';
import { RecordViewSchema, toRecordView, toRecordViews } from './view.js';

export const REVIEWER_ROLES = ['supervisor', 'qa', 'admin'] as const;

// An instant with its offset (`2026-11-25T09:00:00+01:00` or `…Z`): records carry the kiosk's own offset.
const Instant = Type.String({ format: 'date-time', description: 'an instant with its UTC offset, e.g. 2026-11-25T09:00:00+01:00' });

const Query = Type.Object(
  {
    kioskId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    keyId: Type.Optional(Type.String({ minLength: 1, maxLength: 160, description: "one key's chain (an epoch of its kiosk)" })),
    orderId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: "records whose subject is this order (subject.order)" })),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'one record type, e.g. weighing.recorded' })),
    userId: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'records made by this user (actor.userId)' })),
    from: Type.Optional(Instant),
    to: Type.Optional({ ...Instant, description: 'records that happened before this instant (exclusive)' }),
    sort: Type.Optional(
      Type.Union([Type.Literal('chain'), Type.Literal('newest')], {
        default: 'chain',
        description: 'chain: by kiosk, key and seq, paged with afterSeq (for integrations); newest: newest event first, paged with offset, with the total',
      }),
    ),
    afterSeq: Type.Optional(Type.Integer({ minimum: 0, description: 'sort=chain only: records with a greater seq; seq counts within a key, so page one key at a time' })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000, description: 'sort=newest only: records to skip' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const recordsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: 'Received records, filtered by kiosk, key, order, type, user and event time; by chain (kiosk, key, seq) or newest first',
        tags: ['records'],
        security: [{ bearer: [] }],
        querystring: Query,
        response: {
          200: Type.Object(
            {
              records: Type.Array(RecordViewSchema),
              total: Type.Optional(Type.Integer({ description: 'sort=newest: how many records match the filter' })),
              offset: Type.Optional(Type.Integer()),
            },
            { additionalProperties: false },
          ),
          ...errors(401, 403),
        },
      },
    },
    async (request, reply) => {
      const { kioskId, keyId, orderId, type, userId, from, to, sort, afterSeq, offset, limit } = request.query;
      const filter: RecordFilter = {
        ...(kioskId !== undefined ? { kioskId } : {}),
        ...(keyId !== undefined ? { keyId } : {}),
        ...(orderId !== undefined ? { orderId } : {}),
        ...(type !== undefined ? { type } : {}),
        ...(userId !== undefined ? { userId } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
      if (from !== undefined && to !== undefined && Date.parse(from) >= Date.parse(to)) {
        return refuse(reply, 400, 'invalid-body', `invalid request: querystring/from (${from}) must be before querystring/to (${to})`);
      }
      if ((sort ?? 'chain') === 'newest') {
        if (afterSeq !== undefined) return refuse(reply, 400, 'invalid-body', 'invalid request: querystring/afterSeq pages sort=chain; sort=newest pages with offset');
        const page = { offset: offset ?? 0, limit: limit ?? 100 };
        const { rows, total } = await browseRecords(app.db, app.engine, filter, page);
        return { records: await toRecordViews(app.db, rows), total, offset: page.offset };
      }
      if (offset !== undefined) return refuse(reply, 400, 'invalid-body', 'invalid request: querystring/offset pages sort=newest; sort=chain pages with afterSeq');
      const rows = await listRecords(app.db, app.engine, { ...filter, ...(afterSeq !== undefined ? { afterSeq } : {}), limit: limit ?? 100 });
      return { records: await toRecordViews(app.db, rows) };
    },
  );

  app.get(
    '/facets',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: 'The record types and kiosks that occur in the stored records (the choices of the records browser)',
        tags: ['records'],
        security: [{ bearer: [] }],
        response: { 200: Type.Object({ types: Type.Array(Type.String()), kiosks: Type.Array(Type.String()) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async () => recordFacets(app.db),
  );

  app.get(
    '/:recordId',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: "One record by its id, with its place in its key's chain: does the previous stored record's hash match its prevHash, does the next one link to it",
        tags: ['records'],
        security: [{ bearer: [] }],
        params: Type.Object({ recordId: Type.String({ minLength: 1, maxLength: 128 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object(
            {
              record: RecordViewSchema,
              chain: Type.Object(
                {
                  previous: Type.Union([Type.Literal('links'), Type.Literal('mismatch'), Type.Literal('not-stored'), Type.Literal('first')], {
                    description: 'first: seq 1 of its key; links: the stored previous record hashes to this prevHash',
                  }),
                  previousId: Type.Optional(Type.String()),
                  next: Type.Union([Type.Literal('links'), Type.Literal('mismatch'), Type.Literal('not-stored')], { description: 'not-stored: the newest stored record of its key' }),
                  nextId: Type.Optional(Type.String()),
                },
                { additionalProperties: false },
              ),
              contract: Type.Optional(
                Type.Object(
                  {
                    description: Type.String({ description: 'what a record of this payloadSchema says, in a sentence' }),
                    fields: Type.Record(Type.String(), Type.String(), { description: "each payload member's meaning, from the record contract" }),
                  },
                  { additionalProperties: false },
                ),
              ),
            },
            { additionalProperties: false },
          ),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const row = await findRecordById(app.db, request.params.recordId);
      if (!row) return refuse(reply, 404, 'not-found', `there is no record with id ${request.params.recordId}`);
      const [record] = await toRecordViews(app.db, [row]);
      const { previous, next } = await chainNeighbours(app.db, row);
      const contract = recordContract(String((record ?? toRecordView(row, false)).envelope['payloadSchema'] ?? ''));
      const fields = contract
        ? Object.fromEntries(Object.entries(contract.payload.properties).flatMap(([name, schema]) => (typeof (schema as { description?: unknown }).description === 'string' ? [[name, (schema as { description: string }).description]] : [])))
        : {};
      return {
        ...(contract ? { contract: { description: contract.description, fields } } : {}),
        record: record ?? toRecordView(row, false),
        chain: {
          previous: Number(row.seq) === 1 ? ('first' as const) : !previous ? ('not-stored' as const) : previous.hash === row.prev_hash ? ('links' as const) : ('mismatch' as const),
          ...(previous ? { previousId: previous.record_id } : {}),
          next: !next ? ('not-stored' as const) : next.prev_hash === row.hash ? ('links' as const) : ('mismatch' as const),
          ...(next ? { nextId: next.record_id } : {}),
        },
      };
    },
  );
};
