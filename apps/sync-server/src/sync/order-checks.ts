import type { SignedRecord } from '@lineside/sync-protocol';
import { recordsMentioningOrder } from '../db/records.js';
import type { Db } from '../db/types.js';
import type { RecordFlag } from './business-checks.js';

/** Findings that need other stored records of the same order (any kiosk), keyed `<keyId>/<seq>` (a record's place in its key's chain). */
export interface OrderFindings {
  readonly openDeviations: ReadonlyMap<string, readonly string[]>;
  readonly duplicates: ReadonlyMap<string, string>;
}

const keyOf = (record: SignedRecord) => `${record.keyId}/${record.seq}`;
const DEVIATION_TYPES = ['order.deviation-opened', 'deviation.deviation-opened', 'deviation.deviation-closed'];

async function orderRecords(db: Db, types: readonly string[], orderId: string): Promise<SignedRecord[]> {
  const rows = await recordsMentioningOrder(db, types, orderId);
  return rows.map((row) => JSON.parse(row.envelope) as SignedRecord).filter((r) => r.payload['orderId'] === orderId);
}

/** Deviations on an order still open when it was completed, and weighings counted twice. */
export async function loadOrderFindings(db: Db, records: readonly SignedRecord[]): Promise<OrderFindings> {
  const openDeviations = new Map<string, string[]>();
  const duplicates = new Map<string, string>();
  for (const completed of records.filter((r) => r.type === 'order.order-completed')) {
    const orderId = String(completed.payload['orderId']);
    const completedMs = Date.parse(completed.occurredAt);
    const opened = new Map<string, string>();
    const closed = new Set<string>();
    for (const r of await orderRecords(db, DEVIATION_TYPES, orderId)) {
      if (Date.parse(r.occurredAt) > completedMs) continue;
      const id = String(r.payload['deviationId']);
      if (r.type === 'deviation.deviation-closed') closed.add(id);
      else opened.set(id, `${String(r.payload['severity'])} deviation "${String(r.payload['title'])}"`);
    }
    const open = [...opened].filter(([id]) => !closed.has(id)).map(([, what]) => what);
    if (open.length > 0) openDeviations.set(keyOf(completed), open);
  }
  const weighings = records.filter((r) => r.type === 'order.weighing-recorded');
  for (const orderId of new Set(weighings.map((r) => String(r.payload['orderId'])))) {
    const stored = await orderRecords(db, ['order.weighing-recorded'], orderId);
    for (const record of weighings.filter((r) => r.payload['orderId'] === orderId)) {
      const p = record.payload;
      // The same weighing twice, or the same container of a step counted by another log: one kiosk log
      // never numbers a step's container twice, but a replaced kiosk of the same station (same kiosk id,
      // new key, empty log) or another kiosk running the order does.
      const other = stored.find((o) => o.id !== record.id && (o.payload['weighingId'] === p['weighingId'] || (o.payload['stepId'] === p['stepId'] && o.payload['containerNo'] === p['containerNo'])));
      if (other) {
        duplicates.set(keyOf(record), `Container ${String(p['containerNo'])} of order ${orderId} step ${String(p['stepId'])} is also counted by kiosk ${other.kioskId} (key ${other.keyId}) record seq ${other.seq} (weighing ${String(other.payload['weighingId'])})`);
      }
    }
  }
  return { openDeviations, duplicates };
}

export function orderFlags(record: SignedRecord, findings: OrderFindings): RecordFlag[] {
  const flags: RecordFlag[] = [];
  const open = findings.openDeviations.get(keyOf(record));
  if (open) flags.push({ code: 'DEVIATION_OPEN_AT_COMPLETION', message: `Order ${String(record.payload['orderId'])} was completed with ${open.length} deviation(s) open: ${open.join('; ')}` });
  const duplicate = findings.duplicates.get(keyOf(record));
  if (duplicate) flags.push({ code: 'DUPLICATE_WEIGHING', message: duplicate });
  return flags;
}
