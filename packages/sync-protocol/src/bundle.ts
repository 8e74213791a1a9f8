import { Type, type Static } from 'typebox';
import type { JsonValue } from './canonical-json.js';
import { HASH_PATTERN } from './envelope.js';

/**
 * The batch-record bundle (README §5 "Bundle format"): one order's evidence, exported by the server and
 * verifiable offline with nothing but this package (`lineside-verify`).
 */
export const BUNDLE_FORMAT = 'lineside-batch-record-bundle' as const;
export const BUNDLE_VERSION = 1 as const;

const Hash = Type.String({ pattern: HASH_PATTERN });
const Sig = Type.String({ pattern: '^[A-Za-z0-9_-]+$', maxLength: 4096 });
const Text = Type.String({ maxLength: 2000 });
const Json = Type.Unsafe<JsonValue>({});

/** A server key as the bundle names it: id and public key (base64url SPKI DER). */
export const BundleServerKeySchema = Type.Object({ keyId: Text, publicKey: Sig }, { additionalProperties: false });

export const BundleServerKeyRotationSchema = Type.Object(
  { previousKeyId: Text, serverKeyId: Text, publicKey: Sig, rotatedAt: Text, sig: Sig },
  { additionalProperties: false },
);

/** An enrolled kiosk key: the evidence that it is the station's is in `audit` (kiosk.enrolled, kiosk.approved). */
export const BundleKioskKeySchema = Type.Object(
  { keyId: Text, kioskId: Text, stationId: Text, publicKey: Sig, fingerprint: Type.String({ pattern: '^[0-9a-f]{16}$' }), enrolledAt: Text },
  { additionalProperties: false },
);

/**
 * The server's receipt for a chain segment: like a push receipt (§3.3), plus the key and where the segment
 * starts, signed by the server key over the canonical form of every other member.
 */
export const ChainReceiptSchema = Type.Object(
  {
    kioskId: Text,
    keyId: Text,
    fromSeq: Type.Integer({ minimum: 1 }),
    fromPrevHash: Hash,
    ackedSeq: Type.Integer({ minimum: 1 }),
    ackedHash: Hash,
    serverTime: Text,
    serverKeyId: Text,
    sig: Sig,
  },
  { additionalProperties: false },
);
export type ChainReceipt = Static<typeof ChainReceiptSchema>;

/** One key's contiguous run of records, from the order's first record on that key to its last. */
export const BundleChainSchema = Type.Object(
  {
    keyId: Text,
    kioskId: Text,
    fromSeq: Type.Integer({ minimum: 1 }),
    toSeq: Type.Integer({ minimum: 1 }),
    /** Every record of the key from fromSeq to toSeq, as the kiosk signed it (sign-ins and other orders' records included). */
    records: Type.Array(Type.Record(Type.String(), Json)),
    /** The seqs of the order's own records among them (README §5.1 says which records are the order's). */
    orderSeqs: Type.Array(Type.Integer({ minimum: 1 })),
    receipt: ChainReceiptSchema,
  },
  { additionalProperties: false },
);

export const BundleAuditEntrySchema = Type.Object(
  {
    v: Type.Literal(1),
    seq: Type.Integer({ minimum: 1 }),
    prevHash: Hash,
    at: Text,
    actor: Text,
    action: Text,
    target: Text,
    reason: Type.Union([Type.String(), Type.Null()]),
    details: Json,
    hash: Hash,
    serverKeyId: Type.Union([Text, Type.Null()]),
    sig: Type.Union([Sig, Type.Null()]),
  },
  { additionalProperties: false },
);

/** A review signature (21 CFR 11.50): who, when, what it means, over which batch-record hash; its audit entry is in `audit`. */
export const BundleReviewSignatureSchema = Type.Object(
  {
    userId: Text,
    printedName: Text,
    meaning: Text,
    signedAt: Text,
    batchRecordHash: Hash,
    /** The audit entry the server wrote when it accepted the signature. */
    auditSeq: Type.Integer({ minimum: 1 }),
    /** False for a signature over an earlier content of the record (the review was reopened since): history. */
    current: Type.Boolean(),
  },
  { additionalProperties: false },
);

/**
 * What the server signs for the whole bundle: which chains and audit entries it put in, and the batch
 * record's hash. A chain or an entry taken out of the bundle no longer matches it.
 */
export const BundleManifestSchema = Type.Object(
  {
    orderId: Text,
    exportedAt: Text,
    exportedBy: Text,
    chains: Type.Array(
      Type.Object({ keyId: Text, fromSeq: Type.Integer({ minimum: 1 }), toSeq: Type.Integer({ minimum: 1 }), lastHash: Hash, orderSeqs: Type.Array(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }),
    ),
    auditSeqs: Type.Array(Type.Integer({ minimum: 1 })),
    auditHead: Type.Object({ seq: Type.Integer({ minimum: 0 }), hash: Hash }, { additionalProperties: false }),
    batchRecordHash: Type.Union([Hash, Type.Null()]),
    serverKeyId: Text,
    sig: Sig,
  },
  { additionalProperties: false },
);
export type BundleManifest = Static<typeof BundleManifestSchema>;

export const BundleSchema = Type.Object(
  {
    format: Type.Literal(BUNDLE_FORMAT),
    version: Type.Literal(BUNDLE_VERSION),
    orderId: Text,
    exportedAt: Text,
    exportedBy: Text,
    server: Type.Object({ keys: Type.Array(BundleServerKeySchema, { minItems: 1 }), rotations: Type.Array(BundleServerKeyRotationSchema) }, { additionalProperties: false }),
    kioskKeys: Type.Array(BundleKioskKeySchema),
    chains: Type.Array(BundleChainSchema),
    audit: Type.Array(BundleAuditEntrySchema),
    /** The assembled batch record the reviews signed (its hash: SHA-256 of its canonical form), or null before assembly exists. */
    batchRecord: Type.Union([Json, Type.Null()]),
    reviews: Type.Array(BundleReviewSignatureSchema),
    manifest: BundleManifestSchema,
  },
  { additionalProperties: false },
);
export type Bundle = Static<typeof BundleSchema>;

/**
 * An `order.*` record whose subject names the order: always one of the order's records. (The server
 * counts more as the order's — a deviation opened on it and the signatures that close it, a hold on it —
 * and lists them all in `orderSeqs`; these it can never leave out.)
 */
export function namesOrder(record: { readonly type?: unknown; readonly subject?: unknown }, orderId: string): boolean {
  const subject = record.subject as Record<string, unknown> | undefined;
  return typeof record.type === 'string' && record.type.startsWith('order.') && subject?.['order'] === orderId;
}
