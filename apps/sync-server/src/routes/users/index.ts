import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appendAudit } from '../../db/audit.js';
import { findMasterEntity, nextMasterVersion, putMasterEntity } from '../../db/master-data.js';
import { clearSignInFailures, countActiveUsersWithRole, findUser, markUserInactive, type User } from '../../db/users.js';
import { refuse } from '../../plugins/errors.js';
import { checkVerifier } from '@lineside/sync-protocol/node';
import { errors } from '../common.js';
import { countFailure } from '../sessions/sign-in.js';
import { usersAdminRoutes } from './admin.js';

const UnlockedSchema = Type.Object(
  { userId: Type.String(), unlockedAt: Type.String(), unlockedBy: Type.String(), masterVersion: Type.Integer(), reason: Type.String() },
  { additionalProperties: false },
);

/** Active users who may unlock others (admin, QA): the last of them may unlock themself, or nobody could. */
async function unlockers(app: Parameters<FastifyPluginAsyncTypebox>[0]): Promise<string[]> {
  const rows = await app.db.selectFrom('users').select(['user_id', 'roles']).where('active', '=', 1).execute();
  return rows.filter((r) => (JSON.parse(r.roles) as string[]).some((role) => role === 'admin' || role === 'qa')).map((r) => r.user_id);
}

function isLocked(user: User, entity: Record<string, unknown> | undefined, now: string): boolean {
  return (user.lockedUntil !== null && user.lockedUntil > now) || user.failedSignIns > 0 || entity?.['centralLockout'] !== undefined;
}

const DeactivatedSchema = Type.Object(
  { userId: Type.String(), active: Type.Literal(false), deactivatedAt: Type.String(), masterVersion: Type.Integer(), reason: Type.String() },
  { additionalProperties: false },
);

export const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(usersAdminRoutes);
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
        if (user.roles.includes('admin') && (await countActiveUsersWithRole(trx, 'admin')) <= 1) return { status: 409 as const, message: `${userId} is the last active admin: make another admin first, or nobody could administer the plant` };
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

  app.post(
    '/:userId/unlock',
    {
      preHandler: app.requireUser(['admin', 'qa']),
      schema: {
        summary:
          'Unlock a user locked out at a kiosk or at central sign-in: the unlocker re-enters their password (e-signature) and gives a reason; a new master version every kiosk pulls, audited with before and after',
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ userId: Type.String({ minLength: 1, maxLength: 128 }) }),
        body: Type.Object(
          {
            reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why the user may sign again (Annex 11 §9)' }),
            password: Type.String({ minLength: 1, maxLength: 1024, description: "the unlocker's own password, re-entered: the unlock is their e-signature (21 CFR 11.200)" }),
          },
          { additionalProperties: false },
        ),
        response: { 200: UnlockedSchema, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const by = request.user!.userId;
      const reason = request.body.reason.trim();
      if (reason === '') return refuse(reply, 400, 'invalid-body', 'body/reason must say why the user may sign again');
      const unlocker = await findUser(app.db, by);
      const now = app.now();
      if (!unlocker || !(await checkVerifier(request.body.password, unlocker.passwordVerifier))) {
        if (unlocker) await countFailure(app, unlocker, now);
        return refuse(reply, 403, 'forbidden', `the password re-entered for ${by} is wrong: the unlock of ${userId} is not signed`);
      }
      if (userId === by && (await unlockers(app)).some((id) => id !== by)) {
        return refuse(reply, 403, 'forbidden', `${by} cannot unlock themself — another QA or administrator must`);
      }
      const at = now.toISOString();
      const outcome = await app.db.transaction().execute(async (trx) => {
        const user = await findUser(trx, userId);
        if (!user) return { status: 404 as const, message: `user ${userId} does not exist` };
        const entity = await findMasterEntity(trx, 'user', userId);
        if (!isLocked(user, entity, at)) return { status: 409 as const, message: `user ${userId} is not locked out, centrally or at any kiosk the server knows of` };
        const version = await nextMasterVersion(trx, app.engine);
        const { centralLockout, ...rest } = entity ?? { id: userId, printedName: user.displayName, roles: user.roles, active: user.active };
        const centralUnlock = { at, by, reason, version };
        await putMasterEntity(trx, 'user', userId, { ...rest, centralUnlock }, version, at);
        await clearSignInFailures(trx, userId);
        await appendAudit(trx, {
          at,
          actor: by,
          action: 'user.unlocked',
          target: `user/${userId}`,
          reason,
          details: {
            version,
            signature: { signerId: by, meaning: 'approved', components: 'id-and-password', signedAt: at },
            before: { failedSignIns: user.failedSignIns, lockedUntil: user.lockedUntil, centralLockout: centralLockout ?? null },
            after: { failedSignIns: 0, lockedUntil: null, centralLockout: null, centralUnlock },
          },
        });
        return { status: 200 as const, version };
      });
      if (outcome.status === 404) return refuse(reply, 404, 'not-found', outcome.message);
      if (outcome.status === 409) return refuse(reply, 409, 'conflict', outcome.message);
      request.log.info({ userId, by, version: outcome.version }, 'user unlocked centrally');
      return { userId, unlockedAt: at, unlockedBy: by, masterVersion: outcome.version, reason };
    },
  );
};
