import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { formatEnrollmentCode } from '@lineside/sync-protocol';
import { keyFingerprint } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../db/audit.js';
import { insertEnrollmentCode } from '../../db/enrollment-codes.js';
import { findStation } from '../../db/stations.js';
import { refuse } from '../../plugins/errors.js';
import { newEnrollmentCode, normaliseEnrollmentCode, tokenHash } from '../../security/tokens.js';
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
        body: Type.Object({ stationId: Type.String({ minLength: 1, maxLength: 64 }) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ code: Type.String({ description: 'CODE@fingerprint: the one-time code and the fingerprint of the server key the kiosk pins' }), serverKeyFingerprint: Type.String(), stationId: Type.String(), kioskId: Type.String(), expiresAt: Type.String() }, { additionalProperties: false }),
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
      await app.db.transaction().execute(async (trx) => {
        await insertEnrollmentCode(trx, {
          code_hash: tokenHash(normaliseEnrollmentCode(code)),
          station_id: station.station_id,
          kiosk_id: station.kiosk_id,
          created_by: request.user!.userId,
          created_at: now.toISOString(),
          expires_at: expiresAt,
          used_at: null,
          used_by_key_id: null,
        });
        await appendAudit(trx, { at: now.toISOString(), actor: request.user!.userId, action: 'enrollment-code.issued', target: station.kiosk_id, details: { stationId: station.station_id, expiresAt } });
      });
      const serverKeyFingerprint = keyFingerprint(app.serverKey.publicKey);
      return reply.code(201).send({ code: formatEnrollmentCode(code, serverKeyFingerprint), serverKeyFingerprint, stationId: station.station_id, kioskId: station.kiosk_id, expiresAt });
    },
  );
};
