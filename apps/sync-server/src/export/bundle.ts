import { BUNDLE_FORMAT, BUNDLE_VERSION, type Bundle, type ChainReceipt, type JsonValue, type SignedAuditEntry } from '@lineside/sync-protocol';
import { sha256, signObject } from '@lineside/sync-protocol/node';
import { canonicalize } from '@lineside/sync-protocol';
import { auditEntriesFor, auditHead } from '../db/audit.js';
import { listServerKeyRotations } from '../db/server-key-rotations.js';
import type { Db } from '../db/types.js';
import type { ServerKey } from '../plugins/database.js';
import { loadOrderRecords } from '../review/order-records.js';

/** The hash a review signs: SHA-256 over the canonical form of the assembled batch record. */
export function batchRecordHash(batchRecord: JsonValue): string {
  return sha256(canonicalize(batchRecord));
}

export interface BundleInput {
  readonly orderId: string;
  readonly exportedBy: string;
  readonly exportedAt: string;
  /** The assembled batch record, when assembly is available; the reviews sign its hash. */
  readonly batchRecord?: JsonValue;
  readonly reviews?: Bundle['reviews'];
  /** Audit targets about the order besides `order/<id>` (review signatures name theirs). */
  readonly extraAuditTargets?: readonly string[];
}

/**
 * One order's evidence (sync-protocol README §5): the chain segments of every kiosk key that holds its
 * records, those keys with their enrollment and approval, the server's receipts and keys, the audit entries
 * about the kiosks and the order, the batch record and its review signatures, and the server's signed
 * manifest of all of it. Undefined when the server holds no record of the order.
 */
export async function buildBundle(db: Db, serverKey: ServerKey, input: BundleInput): Promise<Bundle | undefined> {
  const chains = (await loadOrderRecords(db, input.orderId)).segments.map((segment) => ({
    ...segment,
    orderSeqs: segment.rows.filter((r) => r.order_id === input.orderId).map((r) => Number(r.seq)),
  }));
  if (chains.length === 0) return undefined;

  const keyIds = chains.map((c) => c.keyId);
  const keyRows = await db
    .selectFrom('kiosk_keys')
    .innerJoin('kiosks', 'kiosks.kiosk_id', 'kiosk_keys.kiosk_id')
    .select(['kiosk_keys.key_id', 'kiosk_keys.kiosk_id', 'kiosks.station_id', 'kiosk_keys.public_key', 'kiosk_keys.fingerprint', 'kiosk_keys.created_at'])
    .where('kiosk_keys.key_id', 'in', keyIds)
    .execute();
  const kioskKeys = keyIds.map((keyId) => {
    const row = keyRows.find((r) => r.key_id === keyId);
    if (!row) throw new Error(`records of order ${input.orderId} are signed by key ${keyId}, which is not in kiosk_keys`);
    return { keyId, kioskId: row.kiosk_id, stationId: row.station_id, publicKey: row.public_key, fingerprint: row.fingerprint, enrolledAt: row.created_at };
  });

  const serverKeys = (await db.selectFrom('server_keys').select(['key_id', 'public_key', 'created_at']).orderBy('created_at').orderBy('key_id').execute()).map((k) => ({ keyId: k.key_id, publicKey: k.public_key }));
  const rotations = await listServerKeyRotations(db);

  const kioskIds = [...new Set(chains.map((c) => c.kioskId))];
  const audit: SignedAuditEntry[] = await auditEntriesFor(db, [...kioskIds, `order/${input.orderId}`, ...(input.extraAuditTargets ?? [])]);
  const head = await auditHead(db);

  const bundleChains = chains.map((chain) => {
    const first = chain.rows[0]!;
    const last = chain.rows.at(-1)!;
    const receipt: ChainReceipt = signObject(
      { kioskId: chain.kioskId, keyId: chain.keyId, fromSeq: Number(first.seq), fromPrevHash: first.prev_hash, ackedSeq: Number(last.seq), ackedHash: last.hash, serverTime: input.exportedAt, serverKeyId: serverKey.keyId },
      serverKey.privateKey,
    );
    return { keyId: chain.keyId, kioskId: chain.kioskId, fromSeq: Number(first.seq), toSeq: Number(last.seq), records: chain.rows.map((r) => JSON.parse(r.envelope) as Record<string, JsonValue>), orderSeqs: [...chain.orderSeqs], receipt };
  });

  const hash = input.batchRecord === undefined ? null : batchRecordHash(input.batchRecord);
  const manifest = signObject(
    {
      orderId: input.orderId,
      exportedAt: input.exportedAt,
      exportedBy: input.exportedBy,
      chains: bundleChains.map((c) => ({ keyId: c.keyId, fromSeq: c.fromSeq, toSeq: c.toSeq, lastHash: c.receipt.ackedHash, orderSeqs: c.orderSeqs })),
      auditSeqs: audit.map((e) => e.seq),
      auditHead: { seq: head.seq, hash: head.hash },
      batchRecordHash: hash,
      serverKeyId: serverKey.keyId,
    },
    serverKey.privateKey,
  );

  return {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    orderId: input.orderId,
    exportedAt: input.exportedAt,
    exportedBy: input.exportedBy,
    server: { keys: serverKeys, rotations },
    kioskKeys,
    chains: bundleChains,
    audit,
    batchRecord: input.batchRecord ?? null,
    reviews: input.reviews ?? [],
    manifest,
  };
}

/**
 * The order's review signatures (review_signatures, issue 10) with the audit entry the server wrote for each:
 * the one about the order by the signer that carries the signature's content hash. A signature without such
 * an entry cannot be verified offline, so it is left out (and the verifier reports the record unreviewed).
 */
export async function reviewSignaturesOf(db: Db, orderId: string, currentHash: string): Promise<Bundle['reviews']> {
  const rows = await db.selectFrom('review_signatures').selectAll().where('order_id', '=', orderId).orderBy('signed_at').execute();
  if (rows.length === 0) return [];
  const entries = await auditEntriesFor(db, [`order/${orderId}`]);
  const reviews: Bundle['reviews'][number][] = [];
  for (const row of rows) {
    const entry = entries.find((e) => {
      const d = (typeof e.details === 'object' && e.details !== null && !Array.isArray(e.details) ? e.details : {}) as Record<string, unknown>;
      return e.action === 'batch-record.review-signed' && e.actor === row.signer_id && d['signatureId'] === row.signature_id;
    });
    if (!entry) continue;
    reviews.push({ userId: row.signer_id, printedName: row.printed_name, meaning: row.meaning, signedAt: row.signed_at, batchRecordHash: row.content_hash, auditSeq: entry.seq, current: row.content_hash === currentHash });
  }
  return reviews;
}
