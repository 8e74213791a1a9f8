import { invalidateKpiFacts } from '../db/kpi-facts.js';
import type { RecordsTable } from '../db/schema.js';
import type { Db } from '../db/types.js';
import { STEP_CONTEXT_TYPES } from './load.js';

/** Records that change how earlier records of their order count (a rejection scraps an earlier weighing). */
const BACKWARD: readonly string[] = STEP_CONTEXT_TYPES.filter((t) => t !== 'order.weighing-recorded' && t !== 'order.order-started');

/**
 * In the push's transaction: which stored KPI facts the new rows of one kiosk can change, by event time. A
 * record changes its own shift and, through the time model (a state holds until the next one, a heartbeat
 * counts for the gap after it), any later one; a rejection, override, target or deviation also changes the
 * shifts of the earlier weighings and dispenses of its order. So every fact of that kiosk from the earliest of
 * those instants on is deleted: a late offline batch makes its own days be recomputed, not the month.
 */
export async function invalidateFactsForRows(db: Db, kioskId: string, rows: readonly Pick<RecordsTable, 'type' | 'occurred_at' | 'order_id'>[]): Promise<void> {
  if (rows.length === 0) return;
  let from = Math.min(...rows.map((r) => Date.parse(r.occurred_at)));
  const orders = [...new Set(rows.filter((r) => BACKWARD.includes(r.type) && r.order_id !== null).map((r) => r.order_id!))];
  for (let k = 0; k < orders.length; k += 200) {
    const earlier = await db
      .selectFrom('records')
      .select('occurred_at')
      .where('order_id', 'in', orders.slice(k, k + 200))
      .where('kiosk_id', '=', kioskId)
      .where('type', 'in', ['order.weighing-recorded', 'order.dispense-completed'])
      .execute();
    for (const r of earlier) from = Math.min(from, Date.parse(r.occurred_at));
  }
  if (Number.isFinite(from)) await invalidateKpiFacts(db, kioskId, from);
}
