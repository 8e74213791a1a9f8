import { canonicalize } from '@lineside/sync-protocol';
import { sha256 } from '@lineside/sync-protocol/node';
import { marksOfOrder, orderRecordsReceivedAfter, signaturesOfOrder } from '../db/review.js';
import type { ReviewMarksTable, ReviewSignaturesTable } from '../db/schema.js';
import type { Db } from '../db/types.js';
import type { BatchVerifier } from '../sync/verify.js';
import { assembleBatchRecord, type BatchRecord, type BatchRecordException, type BatchRecordView, type OrderReviewStatus, type ReviewMeaning, type ReviewState } from './batch-record.js';

/** What a mark is given on: the exception exactly as it was; a changed exception needs a new mark. */
export function exceptionFingerprint(exception: BatchRecordException): string {
  return sha256(canonicalize(exception));
}

const MEANING_WORDS: Record<ReviewMeaning, string> = { reviewed: 'reviewed', 'approved-for-release': 'approved for release' };
export const meaningWords = (meaning: string) => MEANING_WORDS[meaning as ReviewMeaning] ?? meaning;

function signatureView(row: ReviewSignaturesTable, contentHash: string) {
  return {
    signatureId: row.signature_id,
    meaning: row.meaning as ReviewMeaning,
    signer: { userId: row.signer_id, printedName: row.printed_name },
    signedAt: row.signed_at,
    contentHash: row.content_hash,
    recordCount: Number(row.record_count),
    current: row.content_hash === contentHash,
  };
}

/** Everyone who performed, signed or approved an act of the order on the floor: none of them may review it. */
export function performersOf(record: BatchRecord): Set<string> {
  const people = new Set<string>();
  for (const entry of record.timeline) if (entry.by) people.add(entry.by.userId);
  for (const s of record.signatures) people.add(s.signer.userId);
  for (const o of record.overrides) people.add(o.approvedBy.userId);
  for (const d of record.deviations) if (d.openedBy) people.add(d.openedBy);
  for (const h of record.holds) {
    if (h.placedBy) people.add(h.placedBy);
    if (h.released) people.add(h.released.by);
  }
  for (const w of record.weighings) people.add(w.by.userId);
  return people;
}

/**
 * The review state of a batch record: which marks still apply (given on the exception as it is now), which
 * exceptions are unmarked, the signatures (current while the content hash is unchanged; otherwise kept as
 * history and the review is reopened, saying why), the status, and whether it may be signed now.
 */
export async function reviewStateOf(db: Db, orderId: string, record: BatchRecord, contentHash: string, marks?: readonly ReviewMarksTable[], signatureRows?: readonly ReviewSignaturesTable[]): Promise<ReviewState> {
  const markRows = marks ?? (await marksOfOrder(db, orderId));
  const signed = signatureRows ?? (await signaturesOfOrder(db, orderId));
  const fingerprints = new Map(record.exceptions.map((e) => [e.id, exceptionFingerprint(e)]));
  const markViews = markRows.map((m) => ({
    exceptionId: m.exception_id,
    comment: m.comment,
    markedBy: { userId: m.marked_by, printedName: m.printed_name },
    markedAt: m.marked_at,
    current: fingerprints.get(m.exception_id) === m.exception_fingerprint,
  }));
  const markedNow = new Set(markViews.filter((m) => m.current).map((m) => m.exceptionId));
  const unmarkedExceptions = record.exceptions.filter((e) => !markedNow.has(e.id)).map((e) => e.id);
  const signatures = signed.map((row) => signatureView(row, contentHash));
  const current = signatures.filter((s) => s.current);
  const completed = record.header.status === 'completed';

  let status: OrderReviewStatus = 'in-progress';
  if (completed) status = current.some((s) => s.meaning === 'approved-for-release') ? 'released' : current.some((s) => s.meaning === 'reviewed') ? 'reviewed' : 'awaiting-review';

  let reopened: ReviewState['reopened'] = null;
  const latest = signatures.at(-1);
  if (latest && current.length === 0) {
    const arrived = await orderRecordsReceivedAfter(db, orderId, latest.signedAt);
    const newRecords = arrived.map((r) => ({ kioskId: r.kiosk_id, keyId: r.key_id, seq: Number(r.seq), recordId: r.record_id, type: r.type }));
    const kinds = [...new Set(arrived.map((r) => r.type))].join(', ');
    const reason =
      arrived.length > 0
        ? `${arrived.length} record(s) of the order arrived after ${latest.signer.printedName} signed "${meaningWords(latest.meaning)}" at ${latest.signedAt} (${kinds}): the batch record changed, so the review is open again`
        : `the batch record changed after ${latest.signer.printedName} signed "${meaningWords(latest.meaning)}" at ${latest.signedAt} (its content hash is no longer the one signed): the review is open again`;
    reopened = { reason, since: latest, newRecords };
  }

  const refusals: string[] = [];
  if (!completed) refusals.push(`order ${orderId} is still in progress: it has no completion record`);
  if (!record.completeness.complete) refusals.push(`the batch record is not complete — ${record.completeness.statement}`);
  if (unmarkedExceptions.length > 0) refusals.push(`${unmarkedExceptions.length} exception(s) not marked reviewed: ${unmarkedExceptions.join(', ')}`);
  if (current.some((s) => s.meaning === 'approved-for-release')) refusals.push(`already approved for release by ${current.find((s) => s.meaning === 'approved-for-release')!.signer.printedName}`);
  return { status, reopened, marks: markViews, unmarkedExceptions, signatures, signable: { ok: refusals.length === 0, refusals } };
}

/** GET /api/v1/batch-records/:orderId: the record, its content hash and its review state. */
export async function batchRecordView(db: Db, orderId: string, verify?: BatchVerifier): Promise<BatchRecordView & { recordCount: number }> {
  const { record, contentHash, recordCount } = await assembleBatchRecord(db, orderId, verify);
  return { orderId, contentHash, record, review: await reviewStateOf(db, orderId, record, contentHash), recordCount };
}
