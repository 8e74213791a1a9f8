import { canonicalize } from '@lineside/sync-protocol';
import { sha256 } from '@lineside/sync-protocol/node';
import type { Db } from '../db/types.js';
import type { BatchRecord } from '../review/batch-record.js';

/** A review signature as it is printed (21 CFR 11.50): who, when, what it means, over which content. */
export interface PrintedReviewSignature {
  readonly printedName: string;
  readonly userId: string;
  readonly meaning: string;
  readonly signedAt: string;
  readonly contentHash: string;
  /** False: it signed an earlier content of the record (records arrived after it; the review was reopened). */
  readonly current: boolean;
}

/** The mark an exception carries now: only a mark given on the exception exactly as it is now counts. */
export interface PrintedMark {
  readonly printedName: string;
  readonly userId: string;
  readonly markedAt: string;
  readonly comment: string | null;
}

export interface ReviewEvidence {
  readonly signatures: readonly PrintedReviewSignature[];
  readonly marks: ReadonlyMap<string, PrintedMark>;
}

/** The review of one order as stored (review_signatures, review_marks), judged against the record as assembled now. */
export async function loadReviewEvidence(db: Db, orderId: string, record: BatchRecord, contentHash: string): Promise<ReviewEvidence> {
  const signatures = await db.selectFrom('review_signatures').selectAll().where('order_id', '=', orderId).orderBy('signed_at').execute();
  const marks = await db.selectFrom('review_marks').selectAll().where('order_id', '=', orderId).orderBy('marked_at').execute();
  const current = new Map<string, PrintedMark>();
  for (const exception of record.exceptions) {
    const fingerprint = sha256(canonicalize(exception));
    const mark = marks.filter((m) => m.exception_id === exception.id && m.exception_fingerprint === fingerprint).at(-1);
    if (mark) current.set(exception.id, { printedName: mark.printed_name, userId: mark.marked_by, markedAt: mark.marked_at, comment: mark.comment });
  }
  return {
    signatures: signatures.map((s) => ({ printedName: s.printed_name, userId: s.signer_id, meaning: s.meaning, signedAt: s.signed_at, contentHash: s.content_hash, current: s.content_hash === contentHash })),
    marks: current,
  };
}
