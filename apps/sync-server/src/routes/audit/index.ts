import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { dateTimeProblem } from '@lineside/sync-protocol';
import { listAudit, verifyAuditLog } from '../../db/audit.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';
import { REVIEWER_ROLES } from '../records/index.js';

const HASH = Type.String({ pattern: '^sha256:[0-9a-f]{64}$' });

export const AuditEntrySchema = Type.Object(
  {
    v: Type.Literal(1),
    seq: Type.Integer({ minimum: 1 }),
    prevHash: Type.String(),
    at: Type.String(),
    actor: Type.String(),
    action: Type.String(),
    target: Type.String(),
    reason: Type.Union([Type.String(), Type.Null()]),
    details: Type.Unknown({ description: 'JSON: what changed (before/after, versions, key ids …)' }),
    hash: Type.String(),
    serverKeyId: Type.Union([Type.String(), Type.Null()]),
    sig: Type.Union([Type.String(), Type.Null()]),
  },
  { additionalProperties: false, description: 'One entry of the server audit log; hash and sig as sync-protocol README "Server audit log" says' },
);

export const AuditVerificationSchema = Type.Object(
  {
    ok: Type.Boolean(),
    checked: Type.Integer({ description: 'entries whose hash, link and signature were checked, from seq 1' }),
    headSeq: Type.Integer(),
    headHash: HASH,
    failedSeq: Type.Optional(Type.Integer()),
    problem: Type.Optional(Type.String()),
    message: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const FILTER = Type.String({ minLength: 1, maxLength: 200, description: 'exact, or a prefix ending in *' });

export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: "The server's signed, hash-chained audit log, newest first, with the whole chain verified",
        tags: ['audit'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            actor: Type.Optional(FILTER),
            action: Type.Optional(FILTER),
            target: Type.Optional(FILTER),
            from: Type.Optional(Type.String({ maxLength: 40, description: 'entries at or after (ISO 8601 with an offset)' })),
            to: Type.Optional(Type.String({ maxLength: 40, description: 'entries before (ISO 8601 with an offset)' })),
            beforeSeq: Type.Optional(Type.Integer({ minimum: 1, description: 'the next page: entries with a lower seq (nextBeforeSeq of the page before)' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, description: 'entries to skip (page by offset, as the web page does)' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
            verify: Type.Optional(Type.Boolean({ default: true, description: 'verify the whole chain (false skips it)' })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              entries: Type.Array(AuditEntrySchema),
              total: Type.Integer({ description: 'entries matching the filter' }),
              nextBeforeSeq: Type.Union([Type.Integer(), Type.Null()]),
              verification: Type.Union([AuditVerificationSchema, Type.Null()]),
            },
            { additionalProperties: false },
          ),
          ...errors(401, 403),
        },
      },
    },
    async (request, reply) => {
      const { actor, action, target, from, to, beforeSeq, offset, limit = 50, verify = true } = request.query;
      for (const [name, value] of [['from', from], ['to', to]] as const) {
        const problem = value === undefined ? undefined : dateTimeProblem(value);
        if (problem) return refuse(reply, 400, 'invalid-body', `invalid request: querystring/${name} ${problem}`);
      }
      const filter = { ...(actor !== undefined ? { actor } : {}), ...(action !== undefined ? { action } : {}), ...(target !== undefined ? { target } : {}), ...(from !== undefined ? { from: new Date(from).toISOString() } : {}), ...(to !== undefined ? { to: new Date(to).toISOString() } : {}) };
      const page = await listAudit(app.db, filter, { limit, ...(beforeSeq !== undefined ? { beforeSeq } : {}), ...(offset !== undefined ? { offset } : {}) });
      const last = page.entries.at(-1);
      return {
        entries: page.entries,
        total: page.total,
        nextBeforeSeq: page.entries.length === limit && last && last.seq > 1 ? last.seq : null,
        verification: verify ? await verifyAuditLog(app.db) : null,
      };
    },
  );
};
