
import type { RecordsTable } from '../db/schema.js';
import type { Db } from '../db/types.js';

export interface OrderChain {
  readonly keyId: string;
  readonly kioskId: string;
  /** Every record of the key from the order's first record on it to its last, in seq order. */
  readonly rows: readonly RecordsTable[];
  /** Which of them are the order's own. */
  readonly orderSeqs: readonly number[];
}

/** Stop-gap rule: an envelope whose subject or payload names the order. */
function namesTheOrder(envelope: string, orderId: string): boolean {
  const e = JSON.parse(envelope) as { subject?: Record<string, unknown>; payload?: Record<string, unknown> };
  return e.subject?.['order'] === orderId || e.payload?.['orderId'] === orderId;
}

/**
 * The contiguous chain segment of every kiosk key that holds records of the order. A stop-gap until
 * review/order-records.ts (issue 10, the records' order_id column) is on main: canonical JSON has no
 * white space, so `"order":"<id>"` or `"orderId":"<id>"` in the stored envelope narrows the scan, and
 * the envelope itself decides.
 */
export async function orderChains(db: Db, orderId: string): Promise<OrderChain[]> {
  const quoted = JSON.stringify(orderId);
  const candidates = await db
    .selectFrom('records')
    .select(['key_id', 'kiosk_id', 'seq', 'envelope'])
    // LIKE only narrows (its wildcards and SQLite's case folding can only let more through).
    .where((eb) => eb.or([eb('envelope', 'like', `%"order":${quoted}%`), eb('envelope', 'like', `%"orderId":${quoted}%`)]))
    .execute();
  const spans = new Map<string, { kioskId: string; from: number; to: number; seqs: number[] }>();
  for (const row of candidates) {
    if (!namesTheOrder(row.envelope, orderId)) continue;
    const seq = Number(row.seq);
    const span = spans.get(row.key_id);
    if (!span) spans.set(row.key_id, { kioskId: row.kiosk_id, from: seq, to: seq, seqs: [seq] });
    else {
      span.from = Math.min(span.from, seq);
      span.to = Math.max(span.to, seq);
      span.seqs.push(seq);
    }
  }
  const chains: OrderChain[] = [];
  for (const [keyId, span] of [...spans].sort(([a], [b]) => a.length - b.length || a.localeCompare(b))) {
    const rows = await db.selectFrom('records').selectAll().where('key_id', '=', keyId).where('seq', '>=', span.from).where('seq', '<=', span.to).orderBy('seq').execute();
    chains.push({ keyId, kioskId: span.kioskId, rows, orderSeqs: span.seqs.sort((a, b) => a - b) });
  }
  return chains;
}
