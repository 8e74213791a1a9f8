import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { recipeInEffect, type Role } from '@lineside/domain';
import { checkMasterEntity, RecipeApprovalSchema, RecipeSchema, type ErrorReason, type MasterEntityData, type MasterIssue } from '@lineside/sync-protocol';
import type { Static } from 'typebox';
import { uuidv7 } from '@lineside/sync-protocol/node';
import { findMasterEntity, listMasterEntities, nextMasterVersion } from '../../db/master-data.js';
import type { Db } from '../../db/types.js';
import { refuse } from '../../plugins/errors.js';
import { dbLookup } from '../../master/lookup.js';
import { checkMasterRules } from '../../master/rules.js';
import { putWithAudit } from '../../master/write.js';
import { contentOf, RECIPE_CONTENT_FIELDS, recipeContentHash } from '../../recipes/content.js';
import { diffRecipeContent } from '../../recipes/diff.js';
import { checkESignature } from '../../security/e-signature.js';
import { errors } from '../common.js';

const RecipeId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', description: 'recipe id' });
const VersionParams = Type.Object({ id: RecipeId, version: Type.Integer({ minimum: 1, maximum: 100_000 }) });
const Reason = Type.String({ minLength: 1, maxLength: 2000, pattern: '\\S', description: 'why (kept in the audit log)' });
const IsoDay = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'plant-local day, YYYY-MM-DD' });
const Content = Type.Object(Object.fromEntries(RECIPE_CONTENT_FIELDS.map((f) => [f, RecipeSchema.properties[f]])) as Pick<typeof RecipeSchema.properties, (typeof RECIPE_CONTENT_FIELDS)[number]>, {
  additionalProperties: false,
  description: 'what the author writes; id, version, status and approvals are the workflow’s',
});
const DraftBody = Type.Object({ data: Content, reason: Reason, effectiveFrom: Type.Optional(IsoDay) }, { additionalProperties: false });
/** The body is documented with the content schema but `data` is checked in the handler, so a 400 lists every bad field. */
const DraftEnvelope = Type.Object({ data: Type.Record(Type.String(), Type.Unknown()), reason: Reason, effectiveFrom: Type.Optional(IsoDay) }, { additionalProperties: false });
const envelopeOnly: typeof TypeBoxValidatorCompiler = (route) => TypeBoxValidatorCompiler(route.httpPart === 'body' ? { ...route, schema: DraftEnvelope } : route);

/** The version an author's content makes: only content fields come from them; id, version, status and authorship are the workflow's. */
function versionOf(id: string, version: number, data: Record<string, unknown>, author: string, reason: string, effectiveFrom: string | undefined): Recipe {
  const foreign = Object.keys(data).filter((k) => !(RECIPE_CONTENT_FIELDS as readonly string[]).includes(k));
  if (foreign.length > 0) throw new Refused(400, 'invalid-body', `recipe ${id} version ${version} is refused: ${foreign.map((k) => `/data/${k} is not a field of a version's content`).join('; ')}`, foreign.map((k) => ({ path: `/${k}`, message: "is not a field of a version's content (the workflow sets it)" })));
  return { ...data, id, version, status: 'draft', author, changeReason: reason, ...(effectiveFrom ? { effectiveFrom } : {}) } as Recipe;
}
const Change = Type.Object({ path: Type.String(), kind: Type.Enum(['added', 'removed', 'changed']), before: Type.Optional(Type.Unknown()), after: Type.Optional(Type.Unknown()) }, { additionalProperties: false });
const VersionView = Type.Object(
  {
    recipe: RecipeSchema,
    contentHash: Type.String({ description: 'hash of the content as it stands now; an approval signs it' }),
    previousVersion: Type.Union([Type.Integer(), Type.Null()]),
    changes: Type.Array(Change, { description: 'the diff against the previous version' }),
    signatures: Type.Array(
      Type.Object(
        {
          ...RecipeApprovalSchema.properties,
          counts: Type.Boolean({ description: 'false for a signature of an earlier review round: the version was returned to draft after it, so it no longer counts (it stays on record, append-only)' }),
        },
        { additionalProperties: false },
      ),
      { description: 'every approval e-signature ever given to this version, oldest first' },
    ),
    inEffect: Type.Object({ ok: Type.Boolean(), why: Type.Optional(Type.String()) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
const Summary = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    versions: Type.Array(Type.Object({ version: Type.Integer(), status: Type.String(), author: Type.Optional(Type.String()), effectiveFrom: Type.Optional(Type.String()), approvals: Type.Integer(), changeReason: Type.Optional(Type.String()) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
const Issues = Type.Optional(Type.Array(Type.Object({ path: Type.String(), message: Type.String() })));

const AUTHORS: readonly Role[] = ['admin'];
const APPROVERS: readonly Role[] = ['qa', 'supervisor', 'admin'];

/** A refusal decided inside the transaction: thrown to roll it back (the master version taken is not spent). */
class Refused extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 409,
    readonly reason: ErrorReason,
    message: string,
    readonly issues?: readonly MasterIssue[],
  ) {
    super(message);
  }
}

/** A version as the schema types it (mutable, the shape stored and sent). */
type Recipe = MasterEntityData<'recipe'>;
type RecipeApproval = Static<typeof RecipeApprovalSchema>;

const keyOf = (id: string, version: number) => `${id}@${version}`;

async function versionsOf(db: Db, id: string): Promise<Recipe[]> {
  return ((await listMasterEntities(db, 'recipe')) as unknown as Recipe[]).filter((r) => r.id === id).sort((a, b) => a.version - b.version);
}

async function findVersion(db: Db, id: string, version: number): Promise<Recipe> {
  const found = (await findMasterEntity(db, 'recipe', keyOf(id, version))) as Recipe | undefined;
  if (!found) throw new Refused(404, 'not-found', `recipe ${id} version ${version} does not exist`);
  return found;
}

export const recipesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reader = app.requireUser(['admin', 'qa', 'supervisor', 'maintenance']);
  const today = () => app.now().toISOString().slice(0, 10);

  /** Runs one workflow step in a transaction that first takes the next master version (serialising writers). */
  async function step<T>(reply: Parameters<typeof refuse>[0], work: (trx: Db, version: number, at: string) => Promise<T>): Promise<T | ReturnType<typeof refuse>> {
    try {
      const at = app.now().toISOString();
      return await app.db.transaction().execute(async (trx) => work(trx, await nextMasterVersion(trx, app.engine), at));
    } catch (error) {
      if (error instanceof Refused) return refuse(reply, error.status, error.reason, error.message, error.issues ? { issues: error.issues.map((i) => ({ path: `/data${i.path === '/' ? '' : i.path}`, message: i.message })) } : {});
      throw error;
    }
  }

  async function checked(trx: Db, recipe: Recipe, roles: readonly Role[]): Promise<void> {
    const issues = checkMasterEntity('recipe', recipe);
    if (issues.length > 0) throw new Refused(400, 'invalid-body', `recipe ${recipe.id} version ${recipe.version} is refused: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
    const refused = await checkMasterRules(dbLookup(trx), { entity: 'recipe', id: keyOf(recipe.id, recipe.version), data: recipe as unknown as Record<string, unknown>, before: undefined, roles, today: today() });
    if (refused) throw new Refused(400, 'invalid-body', `recipe ${recipe.id} version ${recipe.version} is refused: ${refused.issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}`, refused.issues);
  }

  const view = async (db: Db, recipe: Recipe) => {
    const previous = (await versionsOf(db, recipe.id)).filter((r) => r.version < recipe.version).at(-1);
    const signatures = await db.selectFrom('recipe_signatures').selectAll().where('recipe_id', '=', recipe.id).where('version', '=', recipe.version).orderBy('signed_at').execute();
    // The current round's signatures are the latest ones (a return to draft clears the version's approvals).
    const byVersion = [...signatures].sort((a, b) => (a.master_version ?? -1) - (b.master_version ?? -1) || a.signed_at.localeCompare(b.signed_at));
    const counting = new Set(byVersion.slice(byVersion.length - (recipe.approvals?.length ?? 0)).map((s) => s.signature_id));
    return {
      recipe,
      // Fixed at submit (what the approvals sign); a draft's is computed as it stands.
      contentHash: recipe.contentHash ?? recipeContentHash(recipe),
      previousVersion: previous?.version ?? null,
      changes: diffRecipeContent(previous ? contentOf(previous) : undefined, contentOf(recipe)),
      signatures: byVersion.map((s) => ({
        userId: s.signer_id,
        printedName: s.printed_name,
        meaning: s.meaning as RecipeApproval['meaning'],
        signedAt: s.signed_at,
        roles: JSON.parse(s.roles) as Role[],
        contentHash: s.content_hash,
        counts: counting.has(s.signature_id),
      })),
      inEffect: recipeInEffect(recipe, today()),
    };
  };

  app.get(
    '/',
    {
      preHandler: reader,
      schema: { summary: 'Recipes and their versions with status', tags: ['recipes'], security: [{ bearer: [] }], response: { 200: Type.Object({ recipes: Type.Array(Summary) }, { additionalProperties: false }), ...errors(401, 403) } },
    },
    async () => {
      const all = (await listMasterEntities(app.db, 'recipe')) as unknown as Recipe[];
      const byId = new Map<string, Recipe[]>();
      for (const r of all) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
      return {
        recipes: [...byId.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([id, versions]) => {
            const sorted = versions.sort((a, b) => b.version - a.version);
            return {
              id,
              name: sorted[0]!.name,
              versions: sorted.map((r) => ({ version: r.version, status: r.status, approvals: r.approvals?.length ?? 0, ...(r.author ? { author: r.author } : {}), ...(r.effectiveFrom ? { effectiveFrom: r.effectiveFrom } : {}), ...(r.changeReason ? { changeReason: r.changeReason } : {}) })),
            };
          }),
      };
    },
  );

  app.get(
    '/:id/versions/:version',
    {
      preHandler: reader,
      schema: { summary: 'One recipe version with its approvals and the diff against the previous version', tags: ['recipes'], security: [{ bearer: [] }], params: VersionParams, response: { 200: VersionView, ...errors(401, 403, 404) } },
    },
    async (request, reply) => {
      const recipe = (await findMasterEntity(app.db, 'recipe', keyOf(request.params.id, request.params.version))) as Recipe | undefined;
      if (!recipe) return refuse(reply, 404, 'not-found', `recipe ${request.params.id} version ${request.params.version} does not exist`);
      return view(app.db, recipe);
    },
  );

  app.post(
    '/:id/versions',
    {
      preHandler: app.requireUser(AUTHORS),
      validatorCompiler: envelopeOnly,
      schema: {
        summary: 'Start a new draft version of a recipe (the next number), with the reason for the change; the author may not approve it',
        tags: ['recipes'],
        security: [{ bearer: [] }],
        params: Type.Object({ id: RecipeId }),
        body: DraftBody,
        response: { 201: VersionView, 400: Type.Object({ status: Type.Literal('error'), reason: Type.String(), message: Type.String(), issues: Issues }), ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { id } = request.params;
      const result = await step(reply, async (trx, version, at) => {
        const existing = await versionsOf(trx, id);
        const open = existing.find((r) => r.status === 'draft' || r.status === 'in-review');
        if (open) throw new Refused(409, 'conflict', `recipe ${id} already has version ${open.version} ${open.status}: finish or withdraw it before starting another`);
        const next = (existing.at(-1)?.version ?? 0) + 1;
        const recipe = versionOf(id, next, request.body.data as Record<string, unknown>, user.userId, request.body.reason, request.body.effectiveFrom);
        await checked(trx, recipe, user.roles);
        await putWithAudit(trx, at, version, { entity: 'recipe', id: keyOf(id, next), data: recipe as unknown as Record<string, unknown>, actor: user.userId, reason: request.body.reason, action: 'recipe.version-drafted' });
        return recipe;
      });
      if (!('id' in result)) return result;
      return reply.code(201).send(await view(app.db, result));
    },
  );

  app.put(
    '/:id/versions/:version',
    {
      preHandler: app.requireUser(AUTHORS),
      validatorCompiler: envelopeOnly,
      schema: {
        summary: 'Edit a draft version (its author only); a version in review or approved never changes',
        tags: ['recipes'],
        security: [{ bearer: [] }],
        params: VersionParams,
        body: DraftBody,
        response: { 200: VersionView, 400: Type.Object({ status: Type.Literal('error'), reason: Type.String(), message: Type.String(), issues: Issues }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { id, version } = request.params;
      const result = await step(reply, async (trx, masterVersion, at) => {
        const current = await findVersion(trx, id, version);
        if (current.status !== 'draft') throw new Refused(409, 'conflict', `recipe ${id} version ${version} is ${current.status}: only a draft changes — make a new version with a reason`);
        if (current.author !== user.userId) throw new Refused(403, 'forbidden', `recipe ${id} version ${version} is ${current.author ?? 'someone else'}'s draft: only its author edits it`);
        const recipe = versionOf(id, version, request.body.data as Record<string, unknown>, user.userId, request.body.reason, request.body.effectiveFrom);
        await checked(trx, recipe, user.roles);
        await putWithAudit(trx, at, masterVersion, { entity: 'recipe', id: keyOf(id, version), data: recipe as unknown as Record<string, unknown>, actor: user.userId, reason: request.body.reason, action: 'recipe.draft-edited' });
        return recipe;
      });
      if (!('id' in result)) return result;
      return view(app.db, result);
    },
  );

  const transition = (path: string, summary: string, roles: readonly Role[], decide: (recipe: Recipe, user: { userId: string; roles: readonly Role[] }) => { next: Recipe; action: string }) =>
    app.post(
      `/:id/versions/:version/${path}`,
      {
        preHandler: app.requireUser(roles),
        schema: { summary, tags: ['recipes'], security: [{ bearer: [] }], params: VersionParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: VersionView, ...errors(401, 403, 404, 409) } },
      },
      async (request, reply) => {
        const user = request.user!;
        const { id, version } = request.params;
        const result = await step(reply, async (trx, masterVersion, at) => {
          const current = await findVersion(trx, id, version);
          const { next, action } = decide(current, user);
          await putWithAudit(trx, at, masterVersion, { entity: 'recipe', id: keyOf(id, version), data: next as unknown as Record<string, unknown>, actor: user.userId, reason: request.body.reason, action });
          return next;
        });
        if (!('id' in result)) return result;
        return view(app.db, result);
      },
    );

  transition('submit', 'Submit a draft for review: its content hash is fixed and the approvers sign it', AUTHORS, (recipe, user) => {
    if (recipe.status !== 'draft') throw new Refused(409, 'conflict', `recipe ${recipe.id} version ${recipe.version} is ${recipe.status}, not a draft`);
    if (recipe.author !== user.userId) throw new Refused(403, 'forbidden', `only the author ${recipe.author ?? ''} submits this draft`);
    const next: Recipe = { ...recipe, status: 'in-review' };
    return { next: { ...next, contentHash: recipeContentHash(next) }, action: 'recipe.submitted' };
  });

  transition('return', 'Send a version in review back to draft (its signatures no longer count)', APPROVERS, (recipe) => {
    if (recipe.status !== 'in-review') throw new Refused(409, 'conflict', `recipe ${recipe.id} version ${recipe.version} is ${recipe.status}, not in review`);
    const { approvals: _a, contentHash: _h, ...rest } = recipe;
    return { next: { ...rest, status: 'draft' }, action: 'recipe.returned' };
  });

  transition('retire', 'Retire an approved or superseded version: no order may start on it any more', ['qa', 'admin'], (recipe) => {
    if (recipe.status !== 'approved' && recipe.status !== 'superseded') throw new Refused(409, 'conflict', `recipe ${recipe.id} version ${recipe.version} is ${recipe.status}: only an approved or superseded version is retired`);
    const { effectiveUntil: _u, ...rest } = recipe;
    return { next: { ...rest, status: 'retired' }, action: 'recipe.retired' };
  });

  app.post(
    '/:id/versions/:version/approve',
    {
      preHandler: app.requireUser(APPROVERS),
      schema: {
        summary:
          'Sign a version in review (Part 11: user id and password re-entered, meaning, over the content hash). Two signatures of two people, neither the author, QA among them, approve it; the previous approved version is superseded from its effective day',
        tags: ['recipes'],
        security: [{ bearer: [] }],
        params: VersionParams,
        body: Type.Object(
          {
            userId: Type.String({ minLength: 1, maxLength: 128, description: "the signer's user id, re-entered" }),
            password: Type.String({ minLength: 1, maxLength: 1024, description: "the signer's password, re-entered" }),
            meaning: Type.Enum(['reviewed', 'approved'], { description: 'what the signature means' }),
            contentHash: Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'the content hash the signer was shown' }),
          },
          { additionalProperties: false },
        ),
        response: { 200: VersionView, ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const user = request.user!;
      const { id, version } = request.params;
      const current = (await findMasterEntity(app.db, 'recipe', keyOf(id, version))) as Recipe | undefined;
      if (!current) return refuse(reply, 404, 'not-found', `recipe ${id} version ${version} does not exist`);
      const precheck = approvalRefusal(current, user.userId, request.body.contentHash);
      if (precheck) return refuse(reply, precheck.status, precheck.reason, precheck.message);
      const signed = await checkESignature(app, request, { userId: request.body.userId, password: request.body.password, meaning: request.body.meaning });
      if (!signed.ok) {
        if (signed.retryAfterSeconds !== undefined) reply.header('retry-after', String(signed.retryAfterSeconds));
        return refuse(reply, signed.statusCode, signed.reason, signed.message);
      }
      const signature = signed.signature;
      const result = await step(reply, async (trx, masterVersion, at) => {
        // Judged again inside the transaction: two approvers signing at once each see the other's signature.
        const recipe = await findVersion(trx, id, version);
        const again = approvalRefusal(recipe, user.userId, request.body.contentHash);
        if (again) throw new Refused(again.status, again.reason, again.message);
        const approval: RecipeApproval = { userId: signature.userId, printedName: signature.printedName, meaning: request.body.meaning, signedAt: signature.signedAt, roles: [...user.roles], contentHash: recipe.contentHash! };
        const approvals = [...(recipe.approvals ?? []), approval];
        await trx
          .insertInto('recipe_signatures')
          .values({ signature_id: uuidv7(app.now().getTime()), recipe_id: id, version, signer_id: approval.userId, printed_name: approval.printedName, meaning: approval.meaning, roles: JSON.stringify(approval.roles), signed_at: approval.signedAt, content_hash: approval.contentHash, master_version: masterVersion })
          .execute();
        const complete = approvals.length >= 2 && approvals.some((a) => a.roles.includes('qa'));
        const effectiveFrom = recipe.effectiveFrom ?? at.slice(0, 10);
        const next: Recipe = complete ? { ...recipe, approvals, status: 'approved', effectiveFrom, approvedBy: approvals.map((a) => a.userId).join(', ') } : { ...recipe, approvals };
        const reason = `${approval.printedName} signed "${approval.meaning}" over ${approval.contentHash}`;
        await putWithAudit(trx, at, masterVersion, {
          entity: 'recipe',
          id: keyOf(id, version),
          data: next as unknown as Record<string, unknown>,
          actor: user.userId,
          reason,
          action: complete ? 'recipe.approved' : 'recipe.signed',
          extra: { signature: { ...approval, components: signature.components } },
        });
        if (complete) {
          for (const older of (await versionsOf(trx, id)).filter((r) => r.version < version && r.status === 'approved')) {
            const superseded: Recipe = { ...older, status: 'superseded', effectiveUntil: effectiveFrom };
            await putWithAudit(trx, at, masterVersion, { entity: 'recipe', id: keyOf(id, older.version), data: superseded as unknown as Record<string, unknown>, actor: user.userId, reason: `superseded by version ${version} from ${effectiveFrom}`, action: 'recipe.superseded' });
          }
        }
        return next;
      });
      if (!('id' in result)) return result;
      return view(app.db, result);
    },
  );
};

/** Why this person may not sign this version now, or undefined. */
function approvalRefusal(recipe: Recipe, userId: string, shownHash: string): { status: 403 | 409; reason: ErrorReason; message: string } | undefined {
  const name = `recipe ${recipe.id} version ${recipe.version}`;
  if (recipe.status !== 'in-review') return { status: 409, reason: 'conflict', message: `${name} is ${recipe.status}, not in review: only a version in review is signed` };
  if (recipe.author === userId) return { status: 403, reason: 'forbidden', message: `${userId} wrote ${name}: the author may not approve their own version — two other people must sign` };
  const own = recipe.approvals?.find((a) => a.userId === userId);
  if (own) return { status: 409, reason: 'conflict', message: `${userId} already signed ${name} at ${own.signedAt}: the second signature must be another person's` };
  if (shownHash !== recipe.contentHash) return { status: 409, reason: 'conflict', message: `${name} has content hash ${String(recipe.contentHash)}, not the ${shownHash} you were shown: reload it and review it again` };
  return undefined;
}
