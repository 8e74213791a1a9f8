import type { Db } from '../db/types.js';

/** The record types the KPIs read the payload of; every other record is only a sign of life. */
export const KPI_RECORD_TYPES = [
  'order.order-started',
  'equipment.equipment-state-changed',
  'equipment.routine-test-passed',
  'equipment.routine-test-failed',
  'order.weighing-recorded',
  'order.weighing-rejected',
  'order.dispense-target-set',
  'order.dispense-completed',
  'order.tolerance-overridden',
  'deviation.deviation-opened',
  'hold.hold-placed',
  'hold.hold-released',
] as const;

const STATE_CHANGED = 'equipment.equipment-state-changed';

/**
 * Records that decide how a dispense in the window counts (its balance, target, rejections, overrides,
 * deviations) may lie outside it: a weighing at 21:58 rejected at 22:03, a step started before midnight.
 * They are read by the order of the window's records (records.order_id, indexed), wherever they fall, so a
 * shift's figures do not depend on the window they are asked in.
 */
export const STEP_CONTEXT_TYPES = ['order.order-started', 'order.weighing-recorded', 'order.weighing-rejected', 'order.dispense-target-set', 'order.tolerance-overridden', 'deviation.deviation-opened'] as const;

export interface LiveRecord {
  readonly kioskId: string;
  readonly recordId: string;
  readonly at: number;
  readonly receivedAt: number;
}

export interface TypedRecord extends LiveRecord {
  readonly seq: number;
  readonly type: string;
  readonly payload: Record<string, unknown>;
  readonly flagCodes: readonly string[];
}

export interface LoadedRecords {
  readonly live: LiveRecord[];
  readonly typed: TypedRecord[];
}

const DAY = 86_400_000;
/** occurred_at is the kiosk's text with its own offset: the query window is widened by a day each side, then cut by the parsed instant. */
const text = (ms: number) => new Date(ms).toISOString();
const at = (r: { occurred_at: string }) => Date.parse(r.occurred_at);

/**
 * The records of these kiosks that happened (event time, not arrival) in [from, to), and the last state
 * change of each instrument before `from` (a state holds until the next change), and the step context of the
 * window's orders. Every record's times (signs of life, sync latency), and the payloads of the KPI types only.
 */
export async function loadRecords(db: Db, kioskIds: readonly string[], from: number, to: number): Promise<LoadedRecords> {
  if (kioskIds.length === 0) return { live: [], typed: [] };
  const lo = text(from - DAY);
  const hi = text(to + DAY);
  const liveRows = await db.selectFrom('records').select(['kiosk_id', 'record_id', 'occurred_at', 'received_at']).where('kiosk_id', 'in', kioskIds).where('occurred_at', '>=', lo).where('occurred_at', '<', hi).execute();
  const live: LiveRecord[] = [];
  for (const r of liveRows) {
    const at = Date.parse(r.occurred_at);
    if (at >= from && at < to) live.push({ kioskId: r.kiosk_id, recordId: r.record_id, at, receivedAt: Date.parse(r.received_at) });
  }
  const typedRows = await db
    .selectFrom('records')
    .select(['kiosk_id', 'seq', 'record_id', 'type', 'occurred_at', 'received_at', 'envelope', 'flags', 'order_id'])
    .where('kiosk_id', 'in', kioskIds)
    .where('type', 'in', [...KPI_RECORD_TYPES])
    .where('occurred_at', '>=', lo)
    .where('occurred_at', '<', hi)
    .execute();
  const before = await db
    .selectFrom('records')
    .select(['kiosk_id', 'seq', 'record_id', 'type', 'occurred_at', 'received_at', 'envelope', 'flags'])
    .where('kiosk_id', 'in', kioskIds)
    .where('type', '=', STATE_CHANGED)
    .where('occurred_at', '<', text(from + 15 * 3_600_000))
    .orderBy('occurred_at', 'desc')
    .limit(1000)
    .execute();
  const orders = [...new Set(typedRows.filter((r) => r.order_id !== null && at(r) >= from && at(r) < to).map((r) => r.order_id!))].sort();
  const context: typeof before = [];
  for (let k = 0; k < orders.length; k += 500) {
    const rows = await db
      .selectFrom('records')
      .select(['kiosk_id', 'seq', 'record_id', 'type', 'occurred_at', 'received_at', 'envelope', 'flags'])
      .where('order_id', 'in', orders.slice(k, k + 500))
      .where('kiosk_id', 'in', kioskIds)
      .where('type', 'in', [...STEP_CONTEXT_TYPES])
      .execute();
    context.push(...rows.filter((r) => at(r) < from || at(r) >= to));
  }
  const contextIds = new Set(context.map((r) => r.record_id));
  const typed: TypedRecord[] = [];
  const seen = new Set<string>();
  for (const r of [...typedRows, ...before, ...context]) {
    if (seen.has(r.record_id)) continue;
    const at = Date.parse(r.occurred_at);
    const inWindow = at >= from && at < to;
    if (!inWindow && !(r.type === STATE_CHANGED && at < from) && !contextIds.has(r.record_id)) continue;
    seen.add(r.record_id);
    const envelope = JSON.parse(r.envelope) as { payload: Record<string, unknown> };
    const flagCodes = (JSON.parse(r.flags) as { code: string }[]).map((f) => f.code);
    typed.push({ kioskId: r.kiosk_id, seq: Number(r.seq), recordId: r.record_id, type: r.type, at, receivedAt: Date.parse(r.received_at), payload: envelope.payload, flagCodes });
  }
  // Event order, not arrival order: the figures must not depend on the order the rows come back in.
  typed.sort((a, b) => a.at - b.at || a.kioskId.localeCompare(b.kioskId) || a.seq - b.seq);
  return { live, typed };
}
