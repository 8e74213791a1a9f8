import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { checkMasterEntity, MASTER_ENTITY_SCHEMAS, type MasterIssue } from '@lineside/sync-protocol';
import { currentMasterVersion, findMasterEntity, listMasterEntities, MASTER_ENTITIES, type MasterEntity } from '../../db/master-data.js';
import type { Role } from '../../db/users.js';
import { refuse } from '../../plugins/errors.js';
import { dbLookup } from '../../master/lookup.js';
import { checkMasterRules, removalBlockers } from '../../master/rules.js';
import { writeMasterEntity } from '../../master/write.js';
import { errors } from '../common.js';
import { LOT_STATUS_PATH, lotStatusRoutes } from './lot-status.js';

/** Who may change what: QA owns lot status (holds, release), admins own the rest. */
export const MASTER_WRITERS: Readonly<Record<MasterEntity, readonly Role[]>> = {
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
  // Recipes change only through /api/v1/recipes: draft → review → two approvals; an approved version never changes.
  recipe: [],
  order: ['admin', 'supervisor'],
  'downtime-reason': ['admin'],
  // Derived by the server from the kiosks' records at ingest (sync/containers.ts): never edited by hand.
  container: [],
};

const EntityIdParam = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*$' });
const Params = Type.Object({ entity: Type.Enum(MASTER_ENTITIES), id: EntityIdParam });
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (Annex 11 §9): kept in the audit log with before and after' });
const WriteResult = Type.Object({ entity: Type.String(), id: Type.String(), version: Type.Integer(), op: Type.Enum(['put', 'remove']) }, { additionalProperties: false });
/** The 400 of a write: every bad field by JSON path into the request body. */
const Issues = Type.Array(Type.Object({ path: Type.String(), message: Type.String() }, { additionalProperties: false }));

/**
 * The body is documented with the entity's own schema (OpenAPI) but checked by checkMasterEntity in the
 * handler, so the 400 lists every bad field rather than the first few the validator stops at.
 */
const WriteEnvelope = Type.Object({ data: Type.Record(Type.String(), Type.Unknown()), reason: Reason }, { additionalProperties: false });
const envelopeOnly: typeof TypeBoxValidatorCompiler = (route) => TypeBoxValidatorCompiler(route.httpPart === 'body' ? { ...route, schema: WriteEnvelope } : route);

export const masterDataRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const anyWriter = app.requireUser(['admin', 'qa', 'maintenance', 'supervisor']);
  const lookup = dbLookup(app.db);
  await app.register(lotStatusRoutes);

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

  for (const entity of MASTER_ENTITIES) {
    if (MASTER_WRITERS[entity].length === 0) continue;
    const schema: TSchema = MASTER_ENTITY_SCHEMAS[entity];
    app.put(
      `/${entity}/:id`,
      {
        preHandler: anyWriter,
        validatorCompiler: envelopeOnly,
        schema: {
          summary: `Create or replace one ${entity}, with the reason for the change (roles: ${MASTER_WRITERS[entity].join(', ')})`,
          description: `The body's data must keep the ${entity} schema and its references must exist; a 400 lists each bad field as { path, message } in \`issues\`.`,
          tags: ['master-data'],
          security: [{ bearer: [] }],
          params: Type.Object({ id: EntityIdParam }),
          body: Type.Object({ data: schema, reason: Reason }, { additionalProperties: false }),
          response: { 200: WriteResult, ...errors(401, 403, 409), 400: Type.Object({ status: Type.Literal('error'), reason: Type.String(), message: Type.String(), issues: Type.Optional(Issues) }) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const user = request.user!;
        const denied = checkWriter(entity, user.roles);
        if (denied) return refuse(reply, 403, 'forbidden', `user ${user.userId} may not change ${entity} ${id}: ${denied}`);
        const data: unknown = request.body.data;
        const bad = checkMasterEntity(entity, data);
        if (bad.length > 0) return refuseIssues(reply, 400, entity, id, bad);
        const record = data as Readonly<Record<string, unknown>>;
        const before = await findMasterEntity(app.db, entity, id);
        const statusMove = entity === 'lot' ? unsignedLotStatusChange(id, record, before) : undefined;
        if (statusMove) return refuseIssues(reply, 403, entity, id, [{ path: '/status', message: statusMove }]);
        const refused = await checkMasterRules(lookup, { entity, id, data: record, before, roles: user.roles, today: app.now().toISOString().slice(0, 10) });
        if (refused) return refuseIssues(reply, refused.status, entity, id, refused.issues);
        const action = entity === 'order' ? orderAction(before, record) : undefined;
        const { version } = await writeMasterEntity(app, { entity, id, data: record, actor: user.userId, reason: request.body.reason, ...(action ? { action } : {}) });
        return { entity, id, version, op: 'put' as const };
      },
    );
  }

  // Only refuses: every known entity has its own route above, so this answers an unknown kind (400) or users (403).
  app.put(
    '/:entity/:id',
    {
      preHandler: anyWriter,
      schema: { hide: true, params: Params, body: WriteEnvelope, response: errors(401, 403) },
    },
    async (request, reply) => refuse(reply, 403, 'forbidden', NOT_HERE[request.params.entity] ?? `${request.params.entity} entities are not edited through this API`),
  );

  app.delete(
    '/:entity/:id',
    {
      preHandler: anyWriter,
      schema: {
        summary: 'Remove one master-data entity, with the reason; refused while other entities refer to it',
        tags: ['master-data'],
        security: [{ bearer: [] }],
        params: Params,
        body: Type.Object({ reason: Reason }, { additionalProperties: false }),
        response: { 200: WriteResult, ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { entity, id } = request.params;
      const denied = checkWriter(entity, request.user!.roles);
      if (denied) return refuse(reply, 403, 'forbidden', `user ${request.user!.userId} may not remove ${entity} ${id}: ${denied}`);
      if (!(await findMasterEntity(app.db, entity, id))) return refuse(reply, 404, 'not-found', `${entity} ${id} is not in the master data`);
      const blockers = await removalBlockers(lookup, entity, id);
      if (blockers.length > 0) return refuse(reply, 409, 'conflict', `${entity} ${id} is still referred to by ${blockers.slice(0, 5).join(', ')}${blockers.length > 5 ? ` and ${blockers.length - 5} more` : ''}: change those first`, { blockers });
      const { version } = await writeMasterEntity(app, { entity, id, data: null, actor: request.user!.userId, reason: request.body.reason });
      return { entity, id, version, op: 'remove' as const };
    },
  );
};

const NOT_HERE: Partial<Record<MasterEntity, string>> = {
  user: 'user entities are not edited through this API (users carry credentials): use /api/v1/users',
  container: "container entities are derived by the server from the kiosks' records (weighings, rejections, charges) and are never edited by hand",
  recipe: 'recipe versions are not edited through this API: use /api/v1/recipes (a new draft version with a reason, review, and two approval e-signatures)',
};

/**
 * A lot's status changes only with QA's e-signature (issue 11), so this PUT keeps the stored status (a new
 * lot starts in quarantine) and edits the rest: expiry, retest date, potency, status reason.
 */
function unsignedLotStatusChange(id: string, data: Readonly<Record<string, unknown>>, before: Readonly<Record<string, unknown>> | undefined): string | undefined {
  const from = before?.['status'] ?? 'quarantine';
  if (data['status'] === from) return undefined;
  const via = `POST ${LOT_STATUS_PATH.replace('{id}', id)} with a reason and QA's e-signature`;
  return before ? `lot ${id} is ${String(from)}: its status changes (→ ${String(data['status'])}) only through ${via}` : `a new lot starts in quarantine; it is released, held or rejected through ${via}`;
}

function checkWriter(entity: MasterEntity, roles: readonly Role[]): string | undefined {
  const allowed = MASTER_WRITERS[entity];
  if (allowed.length === 0) return NOT_HERE[entity] ?? `${entity} entities are not edited through this API`;
  return roles.some((r) => allowed.includes(r)) ? undefined : `it needs one of the roles ${allowed.join(', ')}`;
}

/** The refusal of a write, naming every bad field by its path in the request body (`/data/...`). */
function refuseIssues(reply: Parameters<typeof refuse>[0], status: 400 | 403 | 409, entity: MasterEntity, id: string, found: readonly MasterIssue[]) {
  const issues = found.map((i) => ({ path: `/data${i.path === '/' ? '' : i.path}`, message: i.message }));
  const listed = issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ');
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more, see issues)` : '';
  const reason = status === 403 ? 'forbidden' : status === 409 ? 'conflict' : 'invalid-body';
  return refuse(reply, status, reason, `${entity} ${id} is refused: ${listed}${more}`, { issues });
}

/** The audit log names an order's lifecycle step (planned, released, cancelled), not only "changed". */
function orderAction(before: Readonly<Record<string, unknown>> | undefined, after: Readonly<Record<string, unknown>>): string {
  const status = (order: Readonly<Record<string, unknown>>) => (order['status'] as string | undefined) ?? 'released';
  if (before && status(before) === status(after)) return 'order.changed';
  return `order.${status(after)}`;
}
