import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { KIOSK_STATUSES } from '@lineside/sync-protocol';
import { appendAudit } from '../../db/audit.js';
import { EMPTY_CHAIN, findCursor } from '../../db/key-cursor.js';
import { findKiosk, findKioskKey, listKiosks, promotePendingKey, setKioskStatus, type Kiosk } from '../../db/kiosks.js';
import type { Db } from '../../db/types.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';

const KioskSchema = Type.Object(
  {
    kioskId: Type.String(),
    stationId: Type.String(),
    keyId: Type.String(),
    pendingKeyId: Type.Union([Type.String(), Type.Null()], { description: 'a replacement key waiting for approval; keyId stays in use until then' }),
    status: Type.Enum(KIOSK_STATUSES),
    hostname: Type.Union([Type.String(), Type.Null()]),
    appVersion: Type.String(),
    enrolledAt: Type.String(),
    statusChangedAt: Type.String(),
    statusChangedBy: Type.Union([Type.String(), Type.Null()]),
    statusReason: Type.Union([Type.String(), Type.Null()]),
    ackedSeq: Type.Integer({ description: "last seq the server holds of the current key's chain (each key is an epoch starting at seq 1)" }),
    ackedHash: Type.String(),
    keyFingerprint: Type.Union([Type.String(), Type.Null()], { description: 'fingerprint of the key in use, as the kiosk shows it on its screen: compare before approving' }),
    pendingKeyFingerprint: Type.Union([Type.String(), Type.Null()], { description: 'fingerprint of the replacement key waiting for approval' }),
  },
  { additionalProperties: false },
);

async function view(db: Db, kiosk: Kiosk): Promise<Static<typeof KioskSchema>> {
  const cursor = (await findCursor(db, kiosk.keyId)) ?? EMPTY_CHAIN;
  const fingerprint = async (keyId: string | null) => (keyId ? ((await findKioskKey(db, keyId))?.fingerprint ?? null) : null);
  return { ...kiosk, ackedSeq: cursor.lastSeq, ackedHash: cursor.lastHash, keyFingerprint: await fingerprint(kiosk.keyId), pendingKeyFingerprint: await fingerprint(kiosk.pendingKeyId) };
}

const Params = Type.Object({ kioskId: Type.String({ minLength: 1, maxLength: 128 }) });

export const kiosksRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireUser(['admin']);

  app.get(
    '/',
    { preHandler: admin, schema: { summary: 'Every enrolled kiosk with its status', tags: ['admin'], security: [{ bearer: [] }], response: { 200: Type.Object({ kiosks: Type.Array(KioskSchema) }, { additionalProperties: false }), ...errors(401, 403) } } },
    async () => ({ kiosks: await Promise.all((await listKiosks(app.db)).map((k) => view(app.db, k))) }),
  );

  app.post(
    '/:kioskId/approve',
    {
      preHandler: admin,
      schema: {
        summary: "Approve a pending kiosk's key so it may push",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Params,
        response: { 200: KioskSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { kioskId } = request.params;
      const at = app.now().toISOString();
      const outcome = await app.db.transaction().execute(async (trx): Promise<{ kiosk: Kiosk } | { status: 404 | 409; message: string }> => {
        const kiosk = await findKiosk(trx, kioskId, app.engine);
        if (!kiosk) return { status: 404, message: `kiosk ${kioskId} is not enrolled` };
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
      return view(app.db, outcome.kiosk);
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
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: KioskSchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { kioskId } = request.params;
      const at = app.now().toISOString();
      const kiosk = await app.db.transaction().execute(async (trx) => {
        const found = await findKiosk(trx, kioskId, app.engine);
        if (!found) return undefined;
        await setKioskStatus(trx, kioskId, 'revoked', { at, by: request.user!.userId, reason: request.body.reason });
        await appendAudit(trx, { at, actor: request.user!.userId, action: 'kiosk.revoked', target: kioskId, reason: request.body.reason, details: { keyId: found.keyId, previousStatus: found.status } });
        return findKiosk(trx, kioskId);
      });
      if (!kiosk) return refuse(reply, 404, 'not-found', `kiosk ${kioskId} is not enrolled`);
      return view(app.db, kiosk);
    },
  );
};
