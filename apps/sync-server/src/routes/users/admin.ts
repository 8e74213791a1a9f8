import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { ROLES, type User as DomainUser } from '@lineside/domain';
import { checkMasterEntity, UserSchema, type MasterEntityData } from '@lineside/sync-protocol';
import { checkVerifier, makeVerifier, PASSWORD_COST } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../db/audit.js';
import { findMasterEntity, nextMasterVersion } from '../../db/master-data.js';
import type { Db } from '../../db/types.js';
import { countActiveUsersWithRole, findUser } from '../../db/users.js';
import { refuse } from '../../plugins/errors.js';
import { putWithAudit } from '../../master/write.js';
import { newDemoPassword, newDemoPin } from '../../security/tokens.js';
import { errors } from '../common.js';

const UserId = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$' });
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (kept in the audit log)' });
const UserView = Type.Object(
  {
    user: UserSchema,
    signInLockedUntil: Type.Union([Type.String(), Type.Null()]),
    failedSignIns: Type.Integer(),
    mustChangePassword: Type.Boolean({ description: 'the password was set by an admin: the user sets their own at the next central sign-in' }),
    pinMustChange: Type.Boolean({ description: 'the PIN was set by an admin: the kiosk makes the user set their own before any work' }),
  },
  { additionalProperties: false },
);
const Temporary = Type.Object({ password: Type.String(), pin: Type.String(), note: Type.String() }, { additionalProperties: false, description: 'shown once: the user replaces them at the next sign-in' });
const LockoutEvent = Type.Object({ at: Type.String(), action: Type.String(), actor: Type.String(), reason: Type.Union([Type.String(), Type.Null()]), details: Type.Unknown() }, { additionalProperties: false });

type UserRow = { user_id: string; display_name: string; roles: string; badge: string | null; active: number; failed_sign_ins: number; locked_until: string | null; must_change_password: number; pin_must_change: number };

async function viewOf(db: Db, row: UserRow) {
  const entity = (await findMasterEntity(db, 'user', row.user_id)) as DomainUser | undefined;
  const user = entity ?? { id: row.user_id, printedName: row.display_name, roles: JSON.parse(row.roles) as DomainUser['roles'], active: row.active === 1, ...(row.badge ? { badge: row.badge } : {}) };
  return { user: user as MasterEntityData<'user'>, signInLockedUntil: row.locked_until, failedSignIns: Number(row.failed_sign_ins), mustChangePassword: Number(row.must_change_password) === 1, pinMustChange: Number(row.pin_must_change) === 1 };
}

/** Users administration (issue 11): create, edit roles and stations, reset password and PIN, lockout history. */
export const usersAdminRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const admin = app.requireUser(['admin']);

  app.get(
    '/',
    {
      preHandler: app.requireUser(['admin', 'qa']),
      schema: { summary: 'Every user with roles, stations, status and lockouts', tags: ['admin'], security: [{ bearer: [] }], response: { 200: Type.Object({ users: Type.Array(UserView) }, { additionalProperties: false }), ...errors(401, 403) } },
    },
    async () => {
      const rows = (await app.db.selectFrom('users').select(['user_id', 'display_name', 'roles', 'badge', 'active', 'failed_sign_ins', 'locked_until', 'must_change_password', 'pin_must_change']).orderBy('user_id').execute()) as UserRow[];
      return { users: await Promise.all(rows.map((r) => viewOf(app.db, r))) };
    },
  );

  app.post(
    '/',
    {
      preHandler: admin,
      schema: {
        summary: 'Create a user with roles (and stations); a temporary password and PIN are returned once, to be replaced at the first sign-in',
        tags: ['admin'],
        security: [{ bearer: [] }],
        body: Type.Object({ user: Type.Object({ id: UserId, printedName: UserSchema.properties.printedName, roles: UserSchema.properties.roles, badge: UserSchema.properties.badge, stations: UserSchema.properties.stations }, { additionalProperties: false }), reason: Reason }, { additionalProperties: false }),
        response: { 201: Type.Object({ user: UserView, temporary: Temporary }, { additionalProperties: false }), ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { user: input, reason } = request.body;
      if (await findUser(app.db, input.id)) return refuse(reply, 409, 'conflict', `user ${input.id} already exists`);
      if (input.badge && (await app.db.selectFrom('users').select('user_id').where('badge', '=', input.badge).executeTakeFirst())) return refuse(reply, 409, 'conflict', `badge ${input.badge} is already someone's`);
      const entity = { ...input, active: true };
      const issues = checkMasterEntity('user', entity);
      if (issues.length > 0) return refuse(reply, 400, 'invalid-body', `user ${input.id} is refused: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
      const temporary = { password: newDemoPassword(), pin: newDemoPin() };
      const [password, pin] = await Promise.all([makeVerifier(temporary.password, PASSWORD_COST), makeVerifier(temporary.pin)]);
      const at = app.now().toISOString();
      await app.db.transaction().execute(async (trx) => {
        const version = await nextMasterVersion(trx, app.engine);
        await trx
          .insertInto('users')
          .values({ user_id: input.id, display_name: input.printedName, roles: JSON.stringify(input.roles), password_verifier: password, pin_verifier: pin, badge: input.badge ?? null, active: 1, master_version: version, must_change_password: 1, pin_must_change: 1, pin_reset_version: version })
          .execute();
        await putWithAudit(trx, at, version, { entity: 'user', id: input.id, data: entity, actor: request.user!.userId, reason, action: 'user.created' });
      });
      const row = await rowOf(app.db, input.id);
      return reply.code(201).send({ user: await viewOf(app.db, row!), temporary: { ...temporary, note: 'shown once: hand it to the user, who sets their own password at the first sign-in' } });
    },
  );

  app.put(
    '/:userId',
    {
      preHandler: admin,
      schema: {
        summary: "Change a user's printed name, roles, badge or stations, with a reason; the last active admin keeps the admin role",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ userId: UserId }),
        body: Type.Object({ user: Type.Object({ printedName: UserSchema.properties.printedName, roles: UserSchema.properties.roles, badge: UserSchema.properties.badge, stations: UserSchema.properties.stations }, { additionalProperties: false }), reason: Reason }, { additionalProperties: false }),
        response: { 200: UserView, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const { user: input, reason } = request.body;
      const found = await findUser(app.db, userId);
      if (!found) return refuse(reply, 404, 'not-found', `user ${userId} does not exist`);
      if (found.roles.includes('admin') && !input.roles.includes('admin') && found.active && (await countActiveUsersWithRole(app.db, 'admin')) <= 1) {
        return refuse(reply, 409, 'conflict', `${userId} is the last active admin: give another user the admin role first, or nobody could administer the plant`);
      }
      const before = ((await findMasterEntity(app.db, 'user', userId)) ?? { id: userId, active: found.active }) as Record<string, unknown>;
      const { stations: _s, badge: _b, ...kept } = before;
      const entity = { ...kept, id: userId, active: found.active, ...input };
      const issues = checkMasterEntity('user', entity);
      if (issues.length > 0) return refuse(reply, 400, 'invalid-body', `user ${userId} is refused: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, { issues });
      const at = app.now().toISOString();
      await app.db.transaction().execute(async (trx) => {
        const version = await nextMasterVersion(trx, app.engine);
        await trx.updateTable('users').set({ display_name: input.printedName, roles: JSON.stringify(input.roles), badge: input.badge ?? null, master_version: version }).where('user_id', '=', userId).execute();
        await putWithAudit(trx, at, version, { entity: 'user', id: userId, data: entity, actor: request.user!.userId, reason, action: 'user.changed' });
      });
      return viewOf(app.db, (await rowOf(app.db, userId))!);
    },
  );

  app.post(
    '/:userId/reset-credentials',
    {
      preHandler: admin,
      schema: {
        summary: "Reset a user's password and PIN: temporary ones are returned once, and the user sets new ones at the next sign-in",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ userId: UserId }),
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: Type.Object({ userId: Type.String(), temporary: Temporary }, { additionalProperties: false }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      const found = await findUser(app.db, userId);
      if (!found) return refuse(reply, 404, 'not-found', `user ${userId} does not exist`);
      const temporary = { password: newDemoPassword(), pin: newDemoPin() };
      const [password, pin] = await Promise.all([makeVerifier(temporary.password, PASSWORD_COST), makeVerifier(temporary.pin)]);
      const at = app.now().toISOString();
      await app.db.transaction().execute(async (trx) => {
        // The PIN verifier travels with the user entity's version: a new version makes every kiosk pull it.
        const version = await nextMasterVersion(trx, app.engine);
        await trx.updateTable('users').set({ password_verifier: password, pin_verifier: pin, must_change_password: 1, pin_must_change: 1, pin_reset_version: version, pin_changed_at: null, failed_sign_ins: 0, locked_until: null, master_version: version }).where('user_id', '=', userId).execute();
        await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
        const entity = (await findMasterEntity(trx, 'user', userId)) ?? { id: userId, printedName: found.displayName, roles: found.roles, active: found.active };
        await putWithAudit(trx, at, version, { entity: 'user', id: userId, data: entity, actor: request.user!.userId, reason: request.body.reason, action: 'user.credentials-reset' });
      });
      return { userId, temporary: { ...temporary, note: 'shown once: the user sets their own password at the next sign-in' } };
    },
  );

  app.post(
    '/me/password',
    {
      config: { beforePasswordChange: true },
      preHandler: app.requireUser(ROLES),
      schema: {
        summary: 'Set your own password (required after a reset): the current one re-entered, the new one at least 12 characters',
        tags: ['sessions'],
        security: [{ bearer: [] }],
        body: Type.Object({ current: Type.String({ minLength: 1, maxLength: 1024 }), next: Type.String({ minLength: 12, maxLength: 1024 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ userId: Type.String(), changedAt: Type.String() }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      if (!(await checkVerifier(request.body.current, user.passwordVerifier))) return refuse(reply, 403, 'forbidden', `the current password of ${user.userId} is wrong: the password is not changed`);
      if (request.body.next === request.body.current) return refuse(reply, 400, 'invalid-body', 'body/next must differ from the current password');
      const at = app.now().toISOString();
      const verifier = await makeVerifier(request.body.next, PASSWORD_COST);
      await app.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ password_verifier: verifier, must_change_password: 0 }).where('user_id', '=', user.userId).execute();
        await appendAudit(trx, { at, actor: user.userId, action: 'user.password-changed', target: `user/${user.userId}`, details: {} });
      });
      return { userId: user.userId, changedAt: at };
    },
  );

  app.get(
    '/:userId/lockouts',
    {
      preHandler: app.requireUser(['admin', 'qa']),
      schema: {
        summary: "A user's lockout history: central sign-in lockouts, kiosk lockouts and unlocks, resets, from the audit log",
        tags: ['admin'],
        security: [{ bearer: [] }],
        params: Type.Object({ userId: UserId }),
        response: { 200: Type.Object({ userId: Type.String(), events: Type.Array(LockoutEvent) }, { additionalProperties: false }), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { userId } = request.params;
      if (!(await findUser(app.db, userId))) return refuse(reply, 404, 'not-found', `user ${userId} does not exist`);
      const rows = await app.db.selectFrom('audit_log').select(['at', 'action', 'actor', 'reason', 'details']).where('target', '=', `user/${userId}`).orderBy('audit_id').execute();
      const events = rows.filter((r) => /lock|unlock|credentials-reset/.test(r.action)).map((r) => ({ at: r.at, action: r.action, actor: r.actor, reason: r.reason, details: JSON.parse(r.details) as unknown }));
      return { userId, events };
    },
  );
};

async function rowOf(db: Db, userId: string): Promise<UserRow | undefined> {
  return (await db.selectFrom('users').select(['user_id', 'display_name', 'roles', 'badge', 'active', 'failed_sign_ins', 'locked_until', 'must_change_password', 'pin_must_change']).where('user_id', '=', userId).executeTakeFirst()) as UserRow | undefined;
}

