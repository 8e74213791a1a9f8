import { MAX_BATCH_BYTES, MAX_BATCH_RECORDS } from '@lineside/sync-protocol';
import type { StoredRecord } from '../store/records.js';

export interface PushBatch {
  readonly kioskId: string;
  readonly keyId: string;
  readonly fromSeq: number;
  readonly toSeq: number;
  readonly count: number;
  /** The exact request body; a retry sends these bytes again. */
  readonly body: string;
}

/**
 * Builds the next push body from stored canonical record texts, so the bytes sent are the bytes
 * signed. Stops at MAX_BATCH_RECORDS, at MAX_BATCH_BYTES, and where the signing key changes.
 */
export function buildBatch(
  kioskId: string,
  candidates: readonly StoredRecord[],
  keyIdOf: (record: StoredRecord) => string,
  limits: { maxRecords: number; maxBytes: number } = { maxRecords: MAX_BATCH_RECORDS, maxBytes: MAX_BATCH_BYTES },
): PushBatch | { error: string } | null {
  const first = candidates[0];
  if (!first) return null;
  const keyId = keyIdOf(first);
  const head = `{"kioskId":${JSON.stringify(kioskId)},"keyId":${JSON.stringify(keyId)},"records":[`;
  const tail = ']}';
  let bytes = Buffer.byteLength(head) + Buffer.byteLength(tail);
  const parts: string[] = [];
  let toSeq = first.seq;
  for (const record of candidates) {
    if (parts.length >= limits.maxRecords || keyIdOf(record) !== keyId) break;
    const size = Buffer.byteLength(record.body) + (parts.length > 0 ? 1 : 0);
    if (bytes + size > limits.maxBytes) break;
    parts.push(record.body);
    bytes += size;
    toSeq = record.seq;
  }
  if (parts.length === 0) return { error: `record seq ${first.seq} alone is larger than the ${limits.maxBytes}-byte push limit` };
  return { kioskId, keyId, fromSeq: first.seq, toSeq, count: parts.length, body: head + parts.join(',') + tail };
}
