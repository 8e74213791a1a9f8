import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { currentMasterVersion, findMasterEntity, listMasterEntities, MASTER_ENTITIES, type MasterEntity } from '../../db/master-data.js';
import type { Role } from '../../db/users.js';
import { refuse } from '../../plugins/errors.js';
import { writeMasterEntity } from '../../master/write.js';
import { errors } from '../common.js';

/** Who may change what: QA owns lot status (holds, release), admins own the rest. */
const WRITERS: Readonly<Record<MasterEntity, readonly Role[]>> = {
  site: ['admin'],
  shift: ['admin'],
  settings: ['admin'],
  material: ['admin'],
  lot: ['admin', 'qa'],
  equipment: ['admin'],
  'test-weight': ['admin'],
  calibration: ['admin', 'maintenance'],
  station: ['admin'],
  user: [],
  recipe: ['admin'],
  order: ['admin', 'supervisor'],
};

const Params = Type.Object({ entity: Type.Enum(MASTER_ENTITIES), id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$' }) });
const WriteResult = Type.Object({ entity: Type.String(), id: Type.String(), version: Type.Integer(), op: Type.Enum(['put', 'remove']) }, { additionalProperties: false });

export const masterDataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const anyWriter = app.requireUser(['admin', 'qa', 'maintenance', 'supervisor']);

  app.get(
    '/:entity',
    {
      preHandler: app.requireUser(['admin', 'qa', 'supervisor', 'maintenance']),
      schema: {
        summary: 'The current entities of one kind and the master version they belong to',
        tags: ['master-data'],
        security: [{ bearer: [] }],
        params: Type.Object({ entity: Type.Enum(MASTER_ENTITIES) }),
        response: { 200: Type.Object({ version: Type.Integer(), items: Type.Array(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => ({ version: await currentMasterVersion(app.db), items: [...(await listMasterEntities(app.db, request.params.entity))] }),
  );

  app.put(
    '/:entity/:id',
    {
      preHandler: anyWriter,
      schema: {
        summary: 'Create or replace one master-data entity, with the reason for the change',
        tags: ['master-data'],
        security: [{ bearer: [] }],
        params: Params,
        body: Type.Object({ data: Type.Record(Type.String(), Type.Unknown()), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: WriteResult, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const { entity, id } = request.params;
      const denied = checkWriter(entity, request.user!.roles);
      if (denied) return refuse(reply, 403, 'forbidden', `user ${request.user!.userId} may not change ${entity} ${id}: ${denied}`);
      const { version } = await writeMasterEntity(app, { entity, id, data: request.body.data, actor: request.user!.userId, reason: request.body.reason });
      return { entity, id, version, op: 'put' as const };
    },
  );

  app.delete(
    '/:entity/:id',
    {
      preHandler: anyWriter,
      schema: {
        summary: 'Remove one master-data entity, with the reason',
        tags: ['master-data'],
        security: [{ bearer: [] }],
        params: Params,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: WriteResult, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { entity, id } = request.params;
      const denied = checkWriter(entity, request.user!.roles);
      if (denied) return refuse(reply, 403, 'forbidden', `user ${request.user!.userId} may not remove ${entity} ${id}: ${denied}`);
      if (!(await findMasterEntity(app.db, entity, id))) return refuse(reply, 404, 'not-found', `${entity} ${id} is not in the master data`);
      const { version } = await writeMasterEntity(app, { entity, id, data: null, actor: request.user!.userId, reason: request.body.reason });
      return { entity, id, version, op: 'remove' as const };
    },
  );
};

function checkWriter(entity: MasterEntity, roles: readonly Role[]): string | undefined {
  const allowed = WRITERS[entity];
  if (allowed.length === 0) return `${entity} entities are not edited through this API (users carry credentials)`;
  return roles.some((r) => allowed.includes(r)) ? undefined : `it needs one of the roles ${allowed.join(', ')}`;
}
