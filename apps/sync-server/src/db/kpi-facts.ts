import type { Engine } from './engine.js';
import type { Db } from './types.js';

/** A stored KPI fact: one work unit, one shift instance. */
export interface StoredKpiFact {
  readonly shiftStart: number;
  readonly masterKey: string;
  readonly fact: string;
}

const kioskList = (kioskIds: readonly string[]) => `,${kioskIds.join(',')},`;

/** The facts of one unit for the shifts starting in [from, to). */
export async function kpiFactsOf(db: Db, unitKey: string, from: number, to: number): Promise<StoredKpiFact[]> {
  const rows = await db.selectFrom('kpi_shift_facts').select(['shift_start', 'master_key', 'fact']).where('unit_key', '=', unitKey).where('shift_start', '>=', from).where('shift_start', '<', to).execute();
  return rows.map((r) => ({ shiftStart: Number(r.shift_start), masterKey: r.master_key, fact: r.fact }));
}

/** The current epochs of these kiosks; a kiosk without one gets its row (epoch 0), so that it can be locked. */
export async function kpiEpochs(db: Db, kioskIds: readonly string[]): Promise<Map<string, number>> {
  if (kioskIds.length === 0) return new Map();
  const read = () => db.selectFrom('kpi_epochs').select(['kiosk_id', 'epoch']).where('kiosk_id', 'in', [...kioskIds]).execute();
  let rows = await read();
  const missing = kioskIds.filter((k) => !rows.some((r) => r.kiosk_id === k));
  if (missing.length > 0) {
    await db
      .insertInto('kpi_epochs')
      .values(missing.map((kiosk_id) => ({ kiosk_id, epoch: 0 })))
      .onConflict((oc) => oc.column('kiosk_id').doNothing())
      .execute();
    rows = await read();
  }
  return new Map(rows.map((r) => [r.kiosk_id, Number(r.epoch)]));
}

/**
 * Facts may be older than what they were computed from: on a change to these kiosks' records from `from`
 * (event time) on, every fact of a shift ending after it is deleted and the kiosks' epochs move. Runs in the
 * transaction that changes the records, so no reader ever sums a fact that misses a committed record.
 */
export async function invalidateKpiFacts(db: Db, kioskId: string, from: number): Promise<void> {
  // The epoch first: on PostgreSQL its row lock makes a concurrent storeKpiFacts wait for this commit.
  await db
    .insertInto('kpi_epochs')
    .values({ kiosk_id: kioskId, epoch: 1 })
    .onConflict((oc) => oc.column('kiosk_id').doUpdateSet((eb) => ({ epoch: eb('kpi_epochs.epoch', '+', 1) })))
    .execute();
  await db.deleteFrom('kpi_shift_facts').where('shift_end', '>', from).where('kiosk_ids', 'like', `%,${kioskId},%`).execute();
}

/**
 * Stores freshly computed facts of one unit, unless a kiosk's epoch moved since `seen` was read (a push
 * committed records the computation may not have seen): then nothing is stored and the next read computes
 * again. On PostgreSQL the epoch rows are locked, so a push waits for this write or this write sees its epoch.
 */
export async function storeKpiFacts(
  db: Db,
  engine: Engine,
  unit: { unitKey: string; masterKey: string; kioskIds: readonly string[] },
  seen: ReadonlyMap<string, number>,
  facts: readonly { shiftStart: number; shiftEnd: number; fact: string }[],
): Promise<boolean> {
  if (facts.length === 0) return true;
  return db.transaction().execute(async (trx) => {
    let epochs = trx.selectFrom('kpi_epochs').select(['kiosk_id', 'epoch']).where('kiosk_id', 'in', unit.kioskIds.length ? [...unit.kioskIds] : ['']);
    if (engine === 'postgres') epochs = epochs.forUpdate();
    const now = await epochs.execute();
    for (const k of unit.kioskIds) if (Number(now.find((r) => r.kiosk_id === k)?.epoch ?? 0) !== (seen.get(k) ?? 0)) return false;
    const rows = facts.map((f) => ({ unit_key: unit.unitKey, shift_start: f.shiftStart, shift_end: f.shiftEnd, master_key: unit.masterKey, kiosk_ids: kioskList(unit.kioskIds), fact: f.fact }));
    for (let k = 0; k < rows.length; k += 100) {
      await trx
        .insertInto('kpi_shift_facts')
        .values(rows.slice(k, k + 100))
        .onConflict((oc) => oc.columns(['unit_key', 'shift_start']).doUpdateSet((eb) => ({ shift_end: eb.ref('excluded.shift_end'), master_key: eb.ref('excluded.master_key'), kiosk_ids: eb.ref('excluded.kiosk_ids'), fact: eb.ref('excluded.fact') })))
        .execute();
    }
    return true;
  });
}
