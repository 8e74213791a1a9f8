import type { SignedRecord } from '@lineside/sync-protocol';
import { orderSpans, recordsInRange, type StoredRecord } from '../db/records.js';
import type { Db } from '../db/types.js';

/** The stored rows of one kiosk key's chain from the order's first record on that key to its last, every record between included. */
export interface ChainSegment {
  readonly kioskId: string;
  readonly keyId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  /** Every stored record of the key in [fromSeq, toSeq], by seq: logins, clock anomalies and other orders' records too. */
  readonly rows: readonly StoredRecord[];
}

export interface OrderRecords {
  readonly orderId: string;
  /** The order's own records (order_id = orderId), by kiosk, key and seq. */
  readonly rows: readonly StoredRecord[];
  readonly segments: readonly ChainSegment[];
}

/**
 * An order's records and, per kiosk key that holds any, the contiguous segment of that key's chain from
 * the order's first record to its last. The segment is what proves nothing of the order is missing
 * between its first and last act on that kiosk (review/completeness.ts), and holds what happened around
 * it there (sign-ins, clock anomalies, signature failures). One query per key.
 */
export async function loadOrderRecords(db: Db, orderId: string): Promise<OrderRecords> {
  const spans = await orderSpans(db, orderId);
  const segments: ChainSegment[] = [];
  for (const span of spans) {
    const rows = await recordsInRange(db, span.keyId, span.fromSeq, span.toSeq);
    segments.push({ kioskId: span.kioskId, keyId: span.keyId, fromSeq: span.fromSeq, toSeq: span.toSeq, rows });
  }
  return { orderId, rows: segments.flatMap((s) => s.rows.filter((r) => r.order_id === orderId)), segments };
}

/** A stored row's envelope, parsed. */
export function envelopeOf(row: Pick<StoredRecord, 'envelope'>): SignedRecord {
  return JSON.parse(row.envelope) as SignedRecord;
}
