import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { uuidv7 } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../db/audit.js';
import { allReviewSignatures, insertMark, insertReviewSignature, ordersWithRecords, ordersWithRecordType } from '../../db/review.js';
import { refuse } from '../../plugins/errors.js';
import { checkESignature } from '../../security/e-signature.js';
import { BatchRecordViewSchema, ORDER_REVIEW_STATUSES, REVIEW_MEANINGS, ReviewSignatureSchema, ReviewStateSchema, ExceptionSchema, ReviewMarkSchema, type OrderReviewStatus } from '../../review/batch-record.js';
import { plantDeviations, plantHolds, PlantDeviationSchema, PlantHoldSchema } from '../../review/plant-lists.js';
import { batchRecordView, exceptionFingerprint, meaningWords, performersOf, reviewStateOf } from '../../review/review-state.js';
import { errors } from '../common.js';
import { REVIEWER_ROLES } from '../records/index.js';

const OrderId = Type.String({ minLength: 1, maxLength: 200, description: 'order id, e.g. ORD-0001' });
const ContentHash = Type.String({ pattern: '^sha256:[0-9a-f]{64}$', description: 'the contentHash of the batch record as the reviewer saw it' });

const OrderSummarySchema = Type.Object(
  {
    orderId: Type.String(),
    status: Type.Enum(ORDER_REVIEW_STATUSES),
    batchNumber: Type.Union([Type.String(), Type.Null()]),
    product: Type.Union([Type.String(), Type.Null()]),
    recipe: Type.Union([Type.String({ description: '<id> v<version>' }), Type.Null()]),
    kiosks: Type.Array(Type.String()),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    completedAt: Type.Union([Type.String(), Type.Null()]),
    records: Type.Integer({ description: 'records of the order held' }),
    lastReceivedAt: Type.String({ description: 'server time its latest record arrived' }),
    complete: Type.Boolean({ description: 'the completeness proof holds' }),
    exceptions: Type.Object({ total: Type.Integer(), unmarked: Type.Integer(), high: Type.Integer({ description: 'high or critical' }) }, { additionalProperties: false }),
    reopened: Type.Union([Type.String({ description: 'why the review is open again' }), Type.Null()]),
    lastSignature: Type.Union([ReviewSignatureSchema, Type.Null()]),
  },
  { additionalProperties: false },
);

export const reviewRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const reviewer = app.requireUser(REVIEWER_ROLES);

  app.get(
    '/orders',
    {
      preHandler: reviewer,
      schema: {
        summary: 'Orders that have records, by review status (in progress, awaiting review, reviewed, released), with their exception counts; newest first, paged',
        tags: ['review'],
        security: [{ bearer: [] }],
        querystring: Type.Object(
          {
            status: Type.Optional(Type.Enum(ORDER_REVIEW_STATUSES, { description: 'only orders in this review status' })),
            search: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'part of the order id' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ orders: Type.Array(OrderSummarySchema), total: Type.Integer(), limit: Type.Integer(), offset: Type.Integer() }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const { status, search, limit = 20, offset = 0 } = request.query;
      const [orders, completed, signatures] = await Promise.all([ordersWithRecords(app.db), ordersWithRecordType(app.db, 'order.order-completed'), allReviewSignatures(app.db)]);
      // Status without assembling every order: a signature stands while no record of the order arrived after it
      // (the batch record itself re-proves it by content hash).
      const quick = (o: (typeof orders)[number]): OrderReviewStatus => {
        if (!completed.has(o.orderId)) return 'in-progress';
        const standing = signatures.filter((s) => s.order_id === o.orderId && o.lastReceivedAt <= s.signed_at && Number(s.record_count) === o.records);
        return standing.some((s) => s.meaning === 'approved-for-release') ? 'released' : standing.some((s) => s.meaning === 'reviewed') ? 'reviewed' : 'awaiting-review';
      };
      const matching = orders
        .filter((o) => (search === undefined || o.orderId.toLowerCase().includes(search.toLowerCase())) && (status === undefined || quick(o) === status))
        .sort((a, b) => (a.firstAt < b.firstAt ? 1 : a.firstAt > b.firstAt ? -1 : a.orderId < b.orderId ? -1 : 1));
      const page = matching.slice(offset, offset + limit);
      const rows = [];
      for (const o of page) {
        const view = await batchRecordView(app.db, o.orderId, app.verifyBatch);
        const { record, review } = view;
        rows.push({
          orderId: o.orderId,
          status: review.status,
          batchNumber: record.header.batchNumber,
          product: record.header.product,
          recipe: record.header.recipe ? `${record.header.recipe.id} v${record.header.recipe.version}` : null,
          kiosks: record.header.kiosks,
          startedAt: record.header.startedAt,
          completedAt: record.header.completedAt,
          records: o.records,
          lastReceivedAt: o.lastReceivedAt,
          complete: record.completeness.complete,
          exceptions: { total: record.exceptions.length, unmarked: review.unmarkedExceptions.length, high: record.exceptions.filter((e) => e.severity === 'high' || e.severity === 'critical').length },
          reopened: review.reopened?.reason ?? null,
          lastSignature: review.signatures.at(-1) ?? null,
        });
      }
      return { orders: rows, total: matching.length, limit, offset };
    },
  );

  app.get(
    '/batch-records/:orderId',
    {
      preHandler: reviewer,
      schema: {
        summary: 'The batch record of an order, assembled from the stored records of every kiosk that touched it: exceptions, completeness proof, content hash and review state',
        tags: ['review'],
        security: [{ bearer: [] }],
        params: Type.Object({ orderId: OrderId }),
        response: { 200: BatchRecordViewSchema, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const view = await batchRecordView(app.db, request.params.orderId, app.verifyBatch);
      if (view.recordCount === 0) return refuse(reply, 404, 'not-found', `order ${request.params.orderId} has no records on this server`);
      const { recordCount: _count, ...body } = view;
      return body;
    },
  );

  app.post(
    '/batch-records/:orderId/marks',
    {
      preHandler: reviewer,
      schema: {
        summary: 'Mark one exception of the batch record reviewed (with a comment where it needs one); the mark applies to the exception as it is now',
        tags: ['review'],
        security: [{ bearer: [] }],
        params: Type.Object({ orderId: OrderId }),
        body: Type.Object(
          {
            exceptionId: Type.String({ minLength: 1, maxLength: 400, description: 'the exception id from the batch record' }),
            comment: Type.Optional(Type.String({ maxLength: 4000, description: 'why it is acceptable; required where the exception needs one' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ mark: ReviewMarkSchema, exception: ExceptionSchema, review: ReviewStateSchema }, { additionalProperties: false }), ...errors(401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const user = request.user!;
      const view = await batchRecordView(app.db, orderId, app.verifyBatch);
      if (view.recordCount === 0) return refuse(reply, 404, 'not-found', `order ${orderId} has no records on this server`);
      const exception = view.record.exceptions.find((e) => e.id === request.body.exceptionId);
      if (!exception) return refuse(reply, 404, 'not-found', `batch record ${orderId} has no exception ${request.body.exceptionId} (it may have changed: reload the batch record)`);
      const comment = request.body.comment?.trim() ?? '';
      if (exception.needsComment && comment === '') return refuse(reply, 400, 'invalid-body', `body/comment is required: exception ${exception.id} (${exception.title}) needs a comment saying why it is acceptable`);
      if (performersOf(view.record).has(user.userId)) return refuse(reply, 409, 'conflict', `${user.userId} performed or signed acts in order ${orderId}, so may not review it: another reviewer must mark ${exception.id}`);
      const fingerprint = exceptionFingerprint(exception);
      if (view.review.marks.some((m) => m.exceptionId === exception.id && m.current)) return refuse(reply, 409, 'conflict', `exception ${exception.id} is already marked reviewed as it is now`);
      const at = app.now().toISOString();
      await app.db.transaction().execute(async (trx) => {
        await insertMark(trx, { order_id: orderId, exception_id: exception.id, exception_fingerprint: fingerprint, comment: comment === '' ? null : comment, marked_by: user.userId, printed_name: user.displayName, marked_at: at });
        await appendAudit(trx, { at, actor: user.userId, action: 'batch-record.exception-marked', target: `order/${orderId}`, reason: comment === '' ? null : comment, details: { exceptionId: exception.id, fingerprint, contentHash: view.contentHash } });
      });
      const review = await reviewStateOf(app.db, orderId, view.record, view.contentHash);
      return reply.code(201).send({ mark: { exceptionId: exception.id, comment: comment === '' ? null : comment, markedBy: { userId: user.userId, printedName: user.displayName }, markedAt: at, current: true }, exception, review });
    },
  );

  app.post(
    '/batch-records/:orderId/signatures',
    {
      preHandler: reviewer,
      schema: {
        summary:
          'Sign the review of a batch record (21 CFR 11.50/11.200: user id and password re-entered, meaning "reviewed" or "approved-for-release", the content hash signed). Refused 409 while the record is incomplete, an exception is unmarked, the hash is not the current one, or the signer performed any act of the order',
        tags: ['review'],
        security: [{ bearer: [] }],
        params: Type.Object({ orderId: OrderId }),
        body: Type.Object(
          {
            userId: Type.String({ minLength: 1, maxLength: 128, description: "the signer's user id, re-entered" }),
            password: Type.String({ minLength: 1, maxLength: 1024, description: "the signer's password, re-entered" }),
            meaning: Type.Enum(REVIEW_MEANINGS, { description: 'what the signature means' }),
            contentHash: ContentHash,
          },
          { additionalProperties: false },
        ),
        response: { 201: Type.Object({ signature: ReviewSignatureSchema, review: ReviewStateSchema }, { additionalProperties: false }), ...errors(401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const { orderId } = request.params;
      const { meaning, contentHash } = request.body;
      const user = request.user!;
      const view = await batchRecordView(app.db, orderId, app.verifyBatch);
      if (view.recordCount === 0) return refuse(reply, 404, 'not-found', `order ${orderId} has no records on this server`);
      if (contentHash !== view.contentHash) {
        return refuse(reply, 409, 'conflict', `the batch record of ${orderId} changed since it was opened (signed hash ${contentHash}, current ${view.contentHash})${view.review.reopened ? `: ${view.review.reopened.reason}` : ''}: reload it and review the changes`, { contentHash: view.contentHash });
      }
      if (!view.review.signable.ok) return refuse(reply, 409, 'conflict', `the review of ${orderId} cannot be signed: ${view.review.signable.refusals.join('; ')}`, { refusals: view.review.signable.refusals });
      if (performersOf(view.record).has(user.userId)) {
        return refuse(reply, 409, 'conflict', `${user.userId} performed or signed acts in order ${orderId}: the same person may not perform and review — another reviewer must sign`);
      }
      const own = view.review.signatures.find((s) => s.current && s.signer.userId === user.userId);
      if (own) return refuse(reply, 409, 'conflict', `${user.userId} already signed this batch record "${meaningWords(own.meaning)}" at ${own.signedAt}: a further signature must be another person's`);
      if (view.review.signatures.some((s) => s.current && s.meaning === meaning)) return refuse(reply, 409, 'conflict', `this batch record is already signed "${meaningWords(meaning)}"`);

      const checked = await checkESignature(app, request, { userId: request.body.userId, password: request.body.password, meaning });
      if (!checked.ok) {
        if (checked.retryAfterSeconds !== undefined) reply.header('retry-after', String(checked.retryAfterSeconds));
        return refuse(reply, checked.statusCode, checked.reason, checked.message);
      }
      const signature = checked.signature;
      const row = { signature_id: uuidv7(app.now().getTime()), order_id: orderId, meaning, signer_id: signature.userId, printed_name: signature.printedName, signed_at: signature.signedAt, content_hash: view.contentHash, record_count: view.recordCount };
      await app.db.transaction().execute(async (trx) => {
        await insertReviewSignature(trx, row);
        await appendAudit(trx, {
          at: signature.signedAt,
          actor: signature.userId,
          action: 'batch-record.review-signed',
          target: `order/${orderId}`,
          details: { signatureId: row.signature_id, meaning, printedName: signature.printedName, signedAt: signature.signedAt, components: signature.components, contentHash: view.contentHash, recordCount: view.recordCount },
        });
      });
      request.log.info({ orderId, signer: signature.userId, meaning, contentHash: view.contentHash }, 'batch record review signed');
      const review = await reviewStateOf(app.db, orderId, view.record, view.contentHash);
      return reply.code(201).send({ signature: review.signatures.find((s) => s.signatureId === row.signature_id)!, review });
    },
  );

  app.get(
    '/deviations',
    {
      preHandler: reviewer,
      schema: {
        summary: 'Deviations across the plant as the kiosks recorded them; open ones by default',
        tags: ['review'],
        security: [{ bearer: [] }],
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], { default: 'open' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ deviations: Type.Array(PlantDeviationSchema) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const status = request.query.status ?? 'open';
      return { deviations: (await plantDeviations(app.db)).filter((d) => status === 'all' || d.status === status) };
    },
  );

  app.get(
    '/holds',
    {
      preHandler: reviewer,
      schema: {
        summary: 'Holds across the plant: placed at kiosks (records) and lots on hold in the central register; those in force by default',
        tags: ['review'],
        security: [{ bearer: [] }],
        querystring: Type.Object({ status: Type.Optional(Type.Union([Type.Literal('in-force'), Type.Literal('released'), Type.Literal('all')], { default: 'in-force' })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ holds: Type.Array(PlantHoldSchema) }, { additionalProperties: false }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const status = request.query.status ?? 'in-force';
      return { holds: (await plantHolds(app.db)).filter((h) => status === 'all' || h.status === status) };
    },
  );
};
