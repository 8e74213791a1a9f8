import { Type, type Static } from 'typebox';
import { ERROR_REASONS } from './errors.js';
import type { JsonValue } from './canonical-json.js';
import { ENVELOPE_VERSION, HASH_PATTERN, SIGNATURE_ALGORITHMS } from './envelope.js';

/**
 * Wire schemas, used by the server on every route (validation + OpenAPI) and by the kiosk to check
 * what it receives. The prose specification is README.md beside this package.
 */
const Id = (description: string) => Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9][A-Za-z0-9._:#@-]*$', description });
const IsoTime = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$', description });
const Hash = (description: string) => Type.String({ pattern: HASH_PATTERN, description });
const Base64Url = (description: string) => Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 4096, description });
/** Any JSON value; its static type is JsonValue so parsed records are SignedRecords without casts. */
const Json = Type.Unsafe<JsonValue>({});
export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;

export const RecordActorSchema = Type.Union([
  Type.Object({ kind: Type.Literal('kiosk') }, { additionalProperties: false }),
  Type.Object(
    {
      kind: Type.Literal('user'),
      userId: Id('the user who acted'),
      printedName: Type.String({ minLength: 1, maxLength: 200 }),
      sessionId: Type.Optional(Type.String({ maxLength: 128 })),
    },
    { additionalProperties: false },
  ),
]);

export const RecordTimeSchema = Type.Object(
  {
    hlc: Type.String({ minLength: 1, maxLength: 200, description: 'hybrid logical clock' }),
    bootId: Type.String({ minLength: 1, maxLength: 64 }),
    monoMs: Type.String({ pattern: '^\\d{1,20}$', description: 'monotonic ms since boot, decimal string' }),
    lastSync: Type.Optional(
      Type.Object(
        { serverTime: IsoTime('server time at the last exchange'), offsetMs: Type.Number(), rttMs: Type.Number({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const SignedRecordSchema = Type.Object(
  {
    v: Type.Literal(ENVELOPE_VERSION),
    id: Type.String({ pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$', description: 'UUIDv7' }),
    kioskId: Id('the kiosk that made the record'),
    keyId: Id('the enrolled key that signed it'),
    alg: Type.Enum(SIGNATURE_ALGORITHMS),
    seq: Type.Integer({ minimum: 1, description: 'per key (each key is a chain epoch starting at 1), gap-free' }),
    prevHash: Hash('hash of the previous record signed with this key'),
    type: Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+$', maxLength: 100 }),
    payloadSchema: Type.String({ pattern: '^[a-z][a-z0-9.-]*@\\d+$', maxLength: 100 }),
    appVersion: Type.String({ minLength: 1, maxLength: 50 }),
    actor: RecordActorSchema,
    occurredAt: IsoTime('kiosk wall clock with offset'),
    time: RecordTimeSchema,
    masterDataVersion: Type.Integer({ minimum: 0 }),
    masterRefs: Type.Optional(Type.Record(Type.String(), Json)),
    subject: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 200 }))),
    payload: Type.Record(Type.String(), Json),
    corrects: Type.Optional(
      Type.Object({ id: Type.String({ minLength: 1 }), reason: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
    ),
    sig: Base64Url('Ed25519 signature over the canonical form of all other members'),
  },
  { additionalProperties: false },
);

export const PushRequestSchema = Type.Object(
  {
    kioskId: Id('the pushing kiosk'),
    keyId: Id('the key that signed the records'),
    records: Type.Array(SignedRecordSchema, { minItems: 1, maxItems: MAX_BATCH_RECORDS }),
  },
  { additionalProperties: false },
);
export type PushRequest = Static<typeof PushRequestSchema>;

export const ReceiptSchema = Type.Object(
  {
    kioskId: Type.String(),
    ackedSeq: Type.Integer({ minimum: 0 }),
    ackedHash: Hash('hash of the record at ackedSeq'),
    serverTime: IsoTime('server clock when the receipt was made'),
    serverKeyId: Type.String(),
    sig: Base64Url("server's Ed25519 signature over the canonical form of the other receipt members"),
  },
  { additionalProperties: false },
);
export type Receipt = Static<typeof ReceiptSchema>;

export const PushResponseSchema = Type.Object(
  {
    status: Type.Literal('ok'),
    accepted: Type.Integer({ minimum: 0, description: 'records newly stored by this call' }),
    duplicates: Type.Integer({ minimum: 0, description: 'records already held with the same hash' }),
    receivedAt: IsoTime('server time t2, when the request arrived'),
    receipt: ReceiptSchema,
  },
  { additionalProperties: false },
);
export type PushResponse = Static<typeof PushResponseSchema>;

export const EnrollRequestSchema = Type.Object(
  {
    code: Type.String({ minLength: 6, maxLength: 64, description: 'one-time enrollment code issued by an admin' }),
    publicKey: Base64Url('Ed25519 public key, SPKI DER, base64url'),
    hostname: Type.Optional(Type.String({ maxLength: 200 })),
    appVersion: Type.String({ minLength: 1, maxLength: 50 }),
  },
  { additionalProperties: false },
);
export type EnrollRequest = Static<typeof EnrollRequestSchema>;

export const KIOSK_STATUSES = ['pending', 'active', 'revoked', 'quarantined'] as const;
export type KioskStatus = (typeof KIOSK_STATUSES)[number];

export const EnrollResponseSchema = Type.Object(
  {
    kioskId: Type.String(),
    keyId: Type.String(),
    stationId: Type.String(),
    status: Type.Enum(KIOSK_STATUSES),
    serverTime: IsoTime('server clock'),
  },
  { additionalProperties: false },
);
export type EnrollResponse = Static<typeof EnrollResponseSchema>;

export const KioskStateResponseSchema = Type.Object(
  {
    kioskId: Type.String(),
    keyId: Type.String(),
    stationId: Type.String(),
    status: Type.Enum(KIOSK_STATUSES),
    ackedSeq: Type.Integer({ minimum: 0, description: "last seq stored of the calling key's chain (0 for a key that sent nothing)" }),
    ackedHash: Hash("hash of the last stored record of the calling key's chain, or the genesis hash"),
    serverTime: IsoTime('server clock'),
  },
  { additionalProperties: false },
);
export type KioskStateResponse = Static<typeof KioskStateResponseSchema>;

export const ErrorBodySchema = Type.Object(
  {
    status: Type.Literal('error'),
    reason: Type.Enum(ERROR_REASONS),
    message: Type.String(),
  },
  { additionalProperties: true },
);

export type SignedRecordWire = Static<typeof SignedRecordSchema>;

/** The server's word, signed by its previous key, that `serverKeyId` now signs for it (README §2.1). */
export const ServerKeyRotationSchema = Type.Object(
  {
    previousKeyId: Type.String({ minLength: 1 }),
    serverKeyId: Type.String({ minLength: 1 }),
    publicKey: Base64Url("the new key, SPKI DER, base64url"),
    rotatedAt: IsoTime('server clock at the rotation'),
    sig: Base64Url('Ed25519 signature by the previous key over the canonical form of the other members'),
  },
  { additionalProperties: false },
);
export type ServerKeyRotation = Static<typeof ServerKeyRotationSchema>;

export const ServerKeyResponseSchema = Type.Object(
  {
    serverKeyId: Type.String({ minLength: 1 }),
    publicKey: Base64Url("server's Ed25519 public key, SPKI DER, base64url"),
    rotations: Type.Optional(Type.Array(ServerKeyRotationSchema, { maxItems: 1000, description: 'every rotation, oldest first: the chain from a pinned key to the current one' })),
  },
  { additionalProperties: false },
);
export type ServerKeyResponse = Static<typeof ServerKeyResponseSchema>;

/** One master-data change in the commit-ordered version feed (SYNC.md §6.6). */
export const MasterChangeSchema = Type.Object(
  {
    entity: Type.String({ pattern: '^[a-z][a-z-]*$', description: 'materials, lots, equipment, calibrations, recipes, stations, users …' }),
    id: Type.String({ minLength: 1 }),
    version: Type.Integer({ minimum: 1, description: 'the master version of the transaction that made this change' }),
    op: Type.Enum(['put', 'remove']),
    data: Type.Union([Type.Record(Type.String(), Json), Type.Null()]),
  },
  { additionalProperties: false },
);
export type MasterChange = Static<typeof MasterChangeSchema>;

export const PullResponseSchema = Type.Object(
  {
    from: Type.Integer({ minimum: 0, description: 'the cursor asked for' }),
    to: Type.Integer({ minimum: 0, description: 'the cursor to ask for next' }),
    complete: Type.Boolean({ description: 'true when `to` is the current master version: apply the changes only then' }),
    changes: Type.Array(MasterChangeSchema),
    serverTime: IsoTime('server clock'),
    serverKeyId: Type.String(),
    sig: Base64Url("server's Ed25519 signature over the canonical form of the other members"),
  },
  { additionalProperties: false },
);
export type PullResponse = Static<typeof PullResponseSchema>;
