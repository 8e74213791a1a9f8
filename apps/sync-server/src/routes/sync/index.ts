import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import {
  EnrollRequestSchema,
  EnrollResponseSchema,
  KioskStateResponseSchema,
  MAX_BATCH_BYTES,
  PushRequestSchema,
  PushResponseSchema,
  ServerKeyResponseSchema,
  type SignedRecord,
} from '@lineside/sync-protocol';
import { EMPTY_CHAIN, findCursor } from '../../db/key-cursor.js';
import { refuse } from '../../plugins/errors.js';
import { makeReceipt } from '../../sync/receipt.js';
import { ingestBatch } from '../../sync/push.js';
import { afterCommitChecks } from '../../sync/business-checks.js';
import { errors } from '../common.js';
import { pullSince } from '../../master/pull.js';
import { PullResponseSchema } from '@lineside/sync-protocol';
import { enroll } from './enroll.js';
import { listServerKeyRotations } from '../../db/server-key-rotations.js';

/** The kiosk-facing API (http-contract.md "Kiosk-facing"). */
export const syncRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/enroll',
    {
      schema: {
        summary: 'Register a kiosk key with a one-time enrollment code; the kiosk stays pending until an admin approves it',
        tags: ['sync'],
        body: EnrollRequestSchema,
        response: { 201: EnrollResponseSchema, ...errors(404, 409, 410, 429) },
      },
    },
    async (request, reply) => {
      // Guessing codes must stay slow: counted per address before the code is looked up.
      const throttled = await app.throttle.enroll(request);
      if (throttled) {
        reply.header('retry-after', String(throttled.retryAfterSeconds));
        return refuse(reply, 429, 'rate-limited', throttled.message);
      }
      const result = await enroll(app, request.body);
      if (!result.ok && (result.reason === 'unknown-enrollment-code' || result.reason === 'enrollment-code-used' || result.reason === 'enrollment-code-expired')) await app.throttle.enrollFailed(request);
      if (!result.ok) return refuse(reply, result.statusCode, result.reason, result.message);
      return reply.code(201).send(result.value);
    },
  );

  app.get(
    '/kiosk',
    {
      preValidation: app.authenticateKiosk,
      schema: {
        summary: "The calling kiosk's status and the last record the server holds from it",
        tags: ['sync'],
        security: [{ kiosk: [] }],
        response: { 200: KioskStateResponseSchema, ...errors(401) },
      },
    },
    async (request) => {
      const kiosk = request.kiosk!;
      // The calling key's own chain: a new key (a new epoch) starts at 0 even where an older key sent records.
      const cursor = (await findCursor(app.db, kiosk.keyId)) ?? EMPTY_CHAIN;
      return {
        kioskId: kiosk.kioskId,
        keyId: kiosk.keyId,
        stationId: kiosk.stationId,
        // `as never`: sync-protocol's status union types as never (reported to the lead).
        status: kiosk.status as never,
        ackedSeq: cursor.lastSeq,
        ackedHash: cursor.lastHash,
        serverTime: app.now().toISOString(),
      };
    },
  );

  app.post(
    '/push',
    {
      bodyLimit: MAX_BATCH_BYTES,
      preValidation: app.authenticateKiosk,
      schema: {
        summary: 'Push a batch of signed, hash-chained records; idempotent, all or nothing',
        tags: ['sync'],
        security: [{ kiosk: [] }],
        body: PushRequestSchema,
        response: { 200: PushResponseSchema, ...errors(401, 403, 409) },
      },
    },
    async (request, reply) => {
      const receivedAt = app.now().toISOString();
      const kiosk = request.kiosk!;
      const batch = request.body;
      if (batch.kioskId !== kiosk.kioskId) {
        return refuse(reply, 400, 'kiosk-mismatch', `the batch names kiosk ${batch.kioskId} but the request is signed by kiosk ${kiosk.kioskId}`);
      }
      if (batch.keyId !== kiosk.keyId) {
        return refuse(reply, 400, 'key-mismatch', `the batch names key ${batch.keyId} but the request is signed with key ${kiosk.keyId}`);
      }
      // The parsed body is JSON, so its `unknown` members are JsonValue: the envelope type holds.
      const records = batch.records as unknown as readonly SignedRecord[];
      const outcome = await ingestBatch(app.db, app.engine, { kioskId: batch.kioskId, keyId: batch.keyId, records }, request.kioskKey!, receivedAt, app.verifyBatch);
      if (!outcome.ok) return refuse(reply, outcome.statusCode, outcome.reason, outcome.message, outcome.details);
      if (outcome.stored.length > 0) await afterCommitChecks(app, outcome.stored, receivedAt);
      const receipt = makeReceipt(app.serverKey, {
        kioskId: kiosk.kioskId,
        ackedSeq: outcome.cursor.lastSeq,
        ackedHash: outcome.cursor.lastHash,
        serverTime: app.now().toISOString(),
      });
      return { status: 'ok' as const, accepted: outcome.accepted, duplicates: outcome.duplicates, receivedAt, receipt };
    },
  );

  app.get(
    '/pull',
    {
      preValidation: app.authenticateKiosk,
      schema: {
        summary: 'Master-data changes after a cursor, in commit order, signed by the server',
        tags: ['sync'],
        security: [{ kiosk: [] }],
        querystring: Type.Object(
          {
            cursor: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'the `to` of the last page applied; 0 (the default) from the start' })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000, default: 1000, description: 'most changes per page (default 1000); a transaction is never split' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: PullResponseSchema, ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      const kiosk = request.kiosk!;
      // A pending, revoked or quarantined key gets nothing (ARCHITECTURE.md "Sync").
      if (kiosk.status !== 'active') {
        const reason = kiosk.status === 'pending' ? 'kiosk-pending' : kiosk.status === 'revoked' ? 'kiosk-revoked' : 'kiosk-quarantined';
        return refuse(reply, 403, reason, `kiosk ${kiosk.kioskId} may not pull master data: it is ${kiosk.status}`);
      }
      // The TypeBox validator does not fill in schema defaults: the documented ones are applied here.
      return pullSince(app.db, app.serverKey, kiosk.stationId, request.query.cursor ?? 0, request.query.limit ?? 1000, app.now().toISOString());
    },
  );

  app.get(
    '/server-key',
    {
      schema: {
        summary: "The server's Ed25519 public key, to verify receipts and pulls, with the signed rotations that lead to it from older keys",
        tags: ['sync'],
        response: { 200: ServerKeyResponseSchema },
      },
    },
    async () => ({ serverKeyId: app.serverKey.keyId, publicKey: app.serverKey.publicKey, rotations: await listServerKeyRotations(app.db) }),
  );
};
