import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../db/audit.js';
import { EMPTY_CHAIN, findCursor } from '../../db/key-cursor.js';
import { findKiosk, listKiosks, promotePendingKey, setKioskStatus, type Kiosk } from '../../db/kiosks.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';
import { KioskSchema, viewKiosk, viewKiosks } from './view.js';

const Params = Type.Object({ kioskId: Type.String({ minLength: 1, maxLength: 128 }) });

export const kiosksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireUser(['admin']);

  app.get(
    '/',
    { preHandler: admin, schema: { summary: 'Every enrolled kiosk with its status and every key it enrolled (in use, waiting for approval, retired)', tags: ['admin'], security: [{ bearer: [] }], response: { 200: Type.Object({ kiosks: Type.Array(KioskSchema) }, { additionalProperties: false }), ...errors(401, 403) } } },
    async () => ({ kiosks: await viewKiosks(app.db, await listKiosks(app.db)) }),
  );

  app.post(
    '/:kioskId/approve',
    {
      // Scripts written before the body existed send none: that means "no key named".
      preValidation: async (request) => {
        request.body ??= {};
      },
      preHandler: admin,
      schema: {
        summary: "Approve a pending kiosk's key, or the replacement key waiting for a working kiosk (its old key is retired, its records stay valid), so it may push",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Params,
        body: Type.Object(
          { keyId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "the key whose fingerprint the admin compared with the kiosk's screen: refused (409) if another key is now waiting" })) },
          { additionalProperties: false, description: 'may be left out (no body): then whichever key waits is approved' },
        ),
        response: { 200: KioskSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { kioskId } = request.params;
      const at = app.now().toISOString();
      const outcome = await app.db.transaction().execute(async (trx): Promise<{ kiosk: Kiosk } | { status: 404 | 409; message: string }> => {
        const kiosk = await findKiosk(trx, kioskId, app.engine);
        if (!kiosk) return { status: 404, message: `kiosk ${kioskId} is not enrolled` };
        const waiting = kiosk.pendingKeyId ?? kiosk.keyId;
        const compared = request.body.keyId;
        // Another key enrolled while the admin compared fingerprints: they must compare the new one.
        if (compared !== undefined && compared !== waiting) {
          return { status: 409, message: `kiosk ${kioskId}'s key waiting for approval is now ${waiting}, not ${compared} whose fingerprint you compared: compare the new fingerprint with the kiosk's screen` };
        }
        if (kiosk.pendingKeyId) {
          // The link between epochs: where the server's copy of the retired key's chain ended when the new key took over.
          const previous = (await findCursor(trx, kiosk.keyId)) ?? EMPTY_CHAIN;
          await promotePendingKey(trx, kioskId, { at, by: request.user!.userId });
          await appendAudit(trx, {
            at,
            actor: request.user!.userId,
            action: 'kiosk.approved',
            target: kioskId,
            details: { keyId: kiosk.pendingKeyId, retiredKeyId: kiosk.keyId, previousEpoch: { keyId: kiosk.keyId, ackedSeq: previous.lastSeq, ackedHash: previous.lastHash } },
          });
          return { kiosk: (await findKiosk(trx, kioskId))! };
        }
        if (kiosk.status === 'active') return { kiosk };
        if (kiosk.status !== 'pending') {
          return { status: 409, message: `kiosk ${kioskId} is ${kiosk.status} (${kiosk.statusReason ?? 'no reason given'}): it must enroll a new key before it can be approved` };
        }
        await setKioskStatus(trx, kioskId, 'active', { at, by: request.user!.userId, reason: 'approved' });
        await appendAudit(trx, { at, actor: request.user!.userId, action: 'kiosk.approved', target: kioskId, details: { keyId: kiosk.keyId } });
        return { kiosk: (await findKiosk(trx, kioskId))! };
      });
      if ('status' in outcome) return refuse(reply, outcome.status, outcome.status === 404 ? 'not-found' : 'conflict', outcome.message);
      return viewKiosk(app.db, outcome.kiosk);
    },
  );

  app.post(
    '/:kioskId/revoke',
    {
      preHandler: admin,
      schema: {
        summary: "Revoke a kiosk's key (lost, stolen, retired): it gets nothing more from the server",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Params,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (kept in the audit log and shown on the kiosks page)' }) }, { additionalProperties: false }),
        response: { 200: KioskSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { kioskId } = request.params;
      const at = app.now().toISOString();
      const kiosk = await app.db.transaction().execute(async (trx) => {
        const found = await findKiosk(trx, kioskId, app.engine);
        if (!found) return { status: 404 as const, message: `kiosk ${kioskId} is not enrolled` };
        if (found.status === 'revoked') return { status: 409 as const, message: `kiosk ${kioskId} is already revoked (by ${found.statusChangedBy ?? 'the server'} at ${found.statusChangedAt}: ${found.statusReason ?? 'no reason given'})` };
        await setKioskStatus(trx, kioskId, 'revoked', { at, by: request.user!.userId, reason: request.body.reason });
        await appendAudit(trx, { at, actor: request.user!.userId, action: 'kiosk.revoked', target: kioskId, reason: request.body.reason, details: { keyId: found.keyId, previousStatus: found.status } });
        return (await findKiosk(trx, kioskId))!;
      });
      if ('message' in kiosk) return refuse(reply, kiosk.status, kiosk.status === 404 ? 'not-found' : 'conflict', kiosk.message);
      return viewKiosk(app.db, kiosk);
    },
  );
};
