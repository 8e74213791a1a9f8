import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LOT_STATUS_MOVES, LOT_STATUSES, type LotStatus } from '@lineside/domain';
import { checkMasterEntity } from '@lineside/sync-protocol';
import { findMasterEntity, nextMasterVersion } from '../../db/master-data.js';
import { refuse } from '../../plugins/errors.js';
import { dbLookup } from '../../master/lookup.js';
import { checkMasterRules } from '../../master/rules.js';
import { putWithAudit } from '../../master/write.js';
import { checkESignature } from '../../security/e-signature.js';
import { errors } from '../common.js';

/** What QA declares by signing a status change (21 CFR 11.50(a)(3)). */
export const LOT_STATUS_MEANINGS = ['released', 'approved'] as const;

export const LOT_STATUS_PATH = '/api/v1/master-data/lot/{id}/status';

const LotId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$' });

/**
 * A lot's QA status changes only here: QA, a reason, and a Part 11 e-signature (user id and password
 * re-entered, meaning), checked by checkESignature; stored as a new master version every kiosk pulls, in
 * the signed audit log with before, after and the signature. The generic PUT refuses a status change.
 */
export const lotStatusRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/lot/:id/status',
    {
      preHandler: app.requireUser(['qa']),
      schema: {
        summary: "Change a lot's QA status (quarantine → released → on hold → rejected) with a reason and QA's e-signature; audited with before and after",
        tags: ['master-data'],
        security: [{ bearer: [] }],
        params: Type.Object({ id: LotId }),
        body: Type.Object(
          {
            status: Type.Enum(LOT_STATUSES, { description: 'the new status' }),
            reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (shown at the kiosk as the lot status reason, kept in the audit log)' }),
            userId: Type.String({ minLength: 1, maxLength: 128, description: 'the signer, re-entered: the signed-in QA user' }),
            password: Type.String({ minLength: 1, maxLength: 1024, description: "the signer's password, re-entered (21 CFR 11.200)" }),
            meaning: Type.Enum(LOT_STATUS_MEANINGS, { description: 'what the signature means' }),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            { id: Type.String(), before: Type.String(), status: Type.String(), version: Type.Integer(), signedBy: Type.String(), printedName: Type.String(), meaning: Type.String(), signedAt: Type.String() },
            { additionalProperties: false },
          ),
          ...errors(401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { status, reason, meaning } = request.body;
      const before = await findMasterEntity(app.db, 'lot', id);
      if (!before) return refuse(reply, 404, 'not-found', `lot ${id} is not in the master data`);
      const from = before['status'] as LotStatus;
      if (from === status) return refuse(reply, 409, 'conflict', `lot ${id} is already ${status}`);
      if (!LOT_STATUS_MOVES[from]?.includes(status)) {
        return refuse(reply, 409, 'conflict', from === 'rejected' ? `lot ${id} is rejected: a rejected lot is never used again, make a new lot` : `lot ${id} cannot go from ${from} to ${status}`);
      }
      if (status === 'released' && meaning !== 'released') return refuse(reply, 400, 'invalid-body', `body/meaning must be "released" to release lot ${id}`);
      const signed = await checkESignature(app, request, { userId: request.body.userId, password: request.body.password, meaning });
      if (!signed.ok) {
        if (signed.retryAfterSeconds !== undefined) reply.header('retry-after', String(signed.retryAfterSeconds));
        return refuse(reply, signed.statusCode, signed.reason, `lot ${id} stays ${from}: ${signed.message}`);
      }
      // A central decision replaces a kiosk's hold (heldBy): the kiosk's later release then leaves it standing.
      const { heldBy: _kioskHold, ...kept } = before;
      const data = { ...kept, status, statusReason: reason.trim() };
      const bad = checkMasterEntity('lot', data);
      if (bad.length > 0) return refuse(reply, 409, 'conflict', `lot ${id} as stored no longer keeps its schema (${bad.map((i) => `${i.path} ${i.message}`).join('; ')}): correct it first`, { issues: bad });
      const refused = await checkMasterRules(dbLookup(app.db), { entity: 'lot', id, data, before, roles: request.user!.roles, today: app.now().toISOString().slice(0, 10) });
      if (refused) return refuse(reply, refused.status, refused.status === 403 ? 'forbidden' : refused.status === 409 ? 'conflict' : 'invalid-body', `lot ${id} is refused: ${refused.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues: refused.issues });
      const { signature } = signed;
      const version = await app.db.transaction().execute(async (trx) => {
        const next = await nextMasterVersion(trx, app.engine);
        await putWithAudit(trx, signature.signedAt, next, { entity: 'lot', id, data, actor: signature.userId, reason, extra: { signature, statusChange: { from, to: status } } });
        return next;
      });
      return { id, before: from, status, version, signedBy: signature.userId, printedName: signature.printedName, meaning: signature.meaning, signedAt: signature.signedAt };
    },
  );
};
