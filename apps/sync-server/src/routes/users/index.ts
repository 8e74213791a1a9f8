import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../db/audit.js';
import { findMasterEntity, nextMasterVersion, putMasterEntity } from '../../db/master-data.js';
import { findUser, markUserInactive } from '../../db/users.js';
import { refuse } from '../../plugins/errors.js';
import { errors } from '../common.js';

const DeactivatedSchema = Type.Object(
  { userId: Type.String(), active: Type.Literal(false), deactivatedAt: Type.String(), masterVersion: Type.Integer(), reason: Type.String() },
  { additionalProperties: false },
);

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/:userId/deactivate',
    {
      preHandler: app.requireUser(['admin']),
      schema: {
        summary: 'Deactivate a user (left, role removed): a new master version, audited with the reason; records they sign afterwards are flagged',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: DeactivatedSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const at = app.now().toISOString();
      const outcome = await app.db.transaction().execute(async (trx) => {
        const user = await findUser(trx, userId);
        if (!user) return { status: 404 as const, message: `user ${userId} does not exist` };
        if (!user.active) return { status: 409 as const, message: `user ${userId} is already inactive` };
        const version = await nextMasterVersion(trx, app.engine);
        await markUserInactive(trx, userId, version);
        // Kiosks learn of it by the master-data pull; the history row dates it for the business checks.
        const entity = (await findMasterEntity(trx, 'user', userId)) ?? { id: userId, printedName: user.displayName, roles: user.roles };
        await putMasterEntity(trx, 'user', userId, { ...entity, active: false }, version, at);
        await appendAudit(trx, { at, actor: request.user!.userId, action: 'user.deactivated', target: `user/${userId}`, reason: request.body.reason, details: { version } });
        return { status: 200 as const, version };
      });
      if (outcome.status === 404) return refuse(reply, 404, 'not-found', outcome.message);
      if (outcome.status === 409) return refuse(reply, 409, 'conflict', outcome.message);
      return { userId, active: false as const, deactivatedAt: at, masterVersion: outcome.version, reason: request.body.reason };
    },
  );
};
