import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { formatEnrollmentCode } from '@lineside/sync-protocol';
import { keyFingerprint } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../db/audit.js';
import { expireEnrollmentCode, insertEnrollmentCode, listOpenEnrollmentCodes } from '../../db/enrollment-codes.js';
import { findStation } from '../../db/stations.js';
import { refuse } from '../../plugins/errors.js';
import { enrollmentCodeId, newEnrollmentCode, normaliseEnrollmentCode, tokenHash } from '../../security/tokens.js';
import { errors } from '../common.js';

export const ENROLLMENT_CODE_HOURS = 24;


export const enrollmentCodesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/',
    {
      preHandler: app.requireUser(['admin']),
      schema: {
        summary: 'Issue a one-time code that enrolls the kiosk of one station',
        tags: ['admin'],
        security: [{ bearer: [] }],
        body: Type.Object(
          {
            stationId: Type.String({ minLength: 1, maxLength: 64 }),
            reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why a kiosk is enrolled (first kiosk, replacement of a broken one …): kept in the audit log' }),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ code: Type.String({ description: 'CODE@fingerprint: the one-time code and the fingerprint of the server key the kiosk pins' }), codeId: Type.String({ description: 'names this code in the list of open codes (to withdraw it); not the code' }), serverKeyFingerprint: Type.String(), stationId: Type.String(), kioskId: Type.String(), expiresAt: Type.String() }, { additionalProperties: false }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const station = await findStation(app.db, request.body.stationId);
      if (!station) return refuse(reply, 404, 'not-found', `station ${request.body.stationId} is not known: enrollment codes are bound to a station`);
      const now = app.now();
      const code = newEnrollmentCode();
      const expiresAt = new Date(now.getTime() + ENROLLMENT_CODE_HOURS * 3_600_000).toISOString();
      const codeHash = tokenHash(normaliseEnrollmentCode(code));
      await app.db.transaction().execute(async (trx) => {
        await insertEnrollmentCode(trx, {
          code_hash: codeHash,
          station_id: station.station_id,
          kiosk_id: station.kiosk_id,
          created_by: request.user!.userId,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
          used_by_key_id: null,
        });
        await appendAudit(trx, { at: now.toISOString(), actor: request.user!.userId, action: 'enrollment-code.issued', target: station.kiosk_id, reason: request.body.reason.trim(), details: { stationId: station.station_id, codeId: enrollmentCodeId(codeHash), expiresAt } });
      });
      const serverKeyFingerprint = keyFingerprint(app.serverKey.publicKey);
      return reply.code(201).send({ code: formatEnrollmentCode(code, serverKeyFingerprint), codeId: enrollmentCodeId(codeHash), serverKeyFingerprint, stationId: station.station_id, kioskId: station.kiosk_id, expiresAt });
    },
  );

  app.post(
    '/:codeId/withdraw',
    {
      preHandler: app.requireUser(['admin']),
      schema: {
        summary: 'Withdraw an enrollment code that was issued and is neither used nor expired: no kiosk can enroll with it any more',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ codeId: Type.String({ minLength: 1, maxLength: 64, description: 'codeId from the issue or the list of open codes' }) }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (kept in the audit log)' }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({ codeId: Type.String(), stationId: Type.String(), withdrawnAt: Type.String(), withdrawnBy: Type.String(), reason: Type.String() }, { additionalProperties: false }),
          ...errors(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { codeId } = request.params;
      const at = app.now().toISOString();
      const reason = request.body.reason.trim();
      const withdrawn = await app.db.transaction().execute(async (trx) => {
        const open = (await listOpenEnrollmentCodes(trx, at)).find((c) => enrollmentCodeId(c.code_hash) === codeId);
        if (!open || !(await expireEnrollmentCode(trx, open.code_hash, at))) return undefined;
        await appendAudit(trx, {
          at,
          actor: request.user!.userId,
          action: 'enrollment-code.withdrawn',
          target: open.kiosk_id,
          reason,
          details: { stationId: open.station_id, codeId, issuedBy: open.created_by, issuedAt: open.created_at, before: { expiresAt: open.expires_at }, after: { expiresAt: at } },
        });
        return open;
      });
      if (!withdrawn) return refuse(reply, 404, 'not-found', `enrollment code ${codeId} is not open: it was used, expired or withdrawn, or never issued`);
      return { codeId, stationId: withdrawn.station_id, withdrawnAt: at, withdrawnBy: request.user!.userId, reason };
    },
  );
};
