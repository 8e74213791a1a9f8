import type { ShiftInstance } from '@lineside/domain';
import type { Engine } from '../db/engine.js';
import { kpiEpochs, kpiFactsOf, storeKpiFacts } from '../db/kpi-facts.js';
import type { Db } from '../db/types.js';
import { assemble, periodOf, unitFacts, type Granularity, type KpiComputation, type ShiftFact } from './compute.js';
import { loadRecords } from './load.js';
import { digest, type KpiMaster } from './master.js';
import type { KpiUnit } from './scope.js';

/** Recomputing missing facts reads at most this much time of records at once (memory stays bounded). */
const CHUNK_MS = 3 * 86_400_000;

/** A stored fact, without the record ids (only counts are kept: the drill-down reads them from the records). */
function serialise(fact: ShiftFact): string {
  const { quantityIds: _ids, ...kept } = fact;
  return JSON.stringify(kept);
}

/**
 * Facts of one unit for `instances` computed from its records in runs of consecutive instances (a run at most
 * CHUNK_MS long); the same functions as computeKpis over a wider window, so the same figures.
 */
async function computeRuns(db: Db, master: KpiMaster, unit: KpiUnit, instances: readonly ShiftInstance[], now: number): Promise<ShiftFact[]> {
  const out: ShiftFact[] = [];
  for (let k = 0; k < instances.length; ) {
    let n = 1;
    while (k + n < instances.length && instances[k + n]!.start - instances[k]!.start < CHUNK_MS) n++;
    const run = instances.slice(k, k + n);
    const windowFrom = run[0]!.start;
    const windowTo = Math.min(now + 1, Math.max(...run.map((i) => i.end)));
    const records = await loadRecords(db, unit.kioskIds, windowFrom - master.heartbeatGapMs - 1, windowTo);
    out.push(...unitFacts(unit, records, master, run, windowFrom, windowTo));
    k += n;
  }
  return out;
}

export interface FactUse {
  /** Facts read from the table. */
  stored: number;
  /** Facts computed from records now (missing, made under other master data, or of a shift not yet over). */
  computed: number;
}

/**
 * One unit's facts for `instances`: read from kpi_shift_facts, and the missing ones computed from the records
 * and stored (a shift that has not ended yet is computed every time and never stored). A fact is stored only
 * if no push to the unit's kiosks committed while it was computed (their epochs did not move).
 */
export async function unitFactsStored(db: Db, engine: Engine, master: KpiMaster, unit: KpiUnit, instances: readonly ShiftInstance[], now: number, use?: FactUse): Promise<ShiftFact[]> {
  if (instances.length === 0) return [];
  const unitKey = digest(unit);
  const stored = new Map<number, ShiftFact>();
  for (const row of await kpiFactsOf(db, unitKey, instances[0]!.start, instances[instances.length - 1]!.start + 1)) {
    if (row.masterKey === master.key) stored.set(row.shiftStart, JSON.parse(row.fact) as ShiftFact);
  }
  const missing = instances.filter((i) => !stored.has(i.start) || i.end > now);
  if (use) {
    use.stored += instances.length - missing.length;
    use.computed += missing.length;
  }
  if (missing.length > 0) {
    const seen = await kpiEpochs(db, unit.kioskIds);
    const computed = await computeRuns(db, master, unit, missing, now);
    const finished = missing.flatMap((instance, k) => (instance.end <= now ? [{ shiftStart: instance.start, shiftEnd: instance.end, fact: serialise(computed[k]!) }] : []));
    await storeKpiFacts(db, engine, { unitKey, masterKey: master.key, kioskIds: unit.kioskIds }, seen, finished);
    missing.forEach((instance, k) => stored.set(instance.start, JSON.parse(serialise(computed[k]!)) as ShiftFact));
  }
  return instances.map((i) => stored.get(i.start)!);
}

/** The KPIs of `units` for the shifts starting in [from, to), summed from the stored facts (the fast path of GET /api/v1/kpis). */
export async function computeKpisFromFacts(db: Db, engine: Engine, master: KpiMaster, units: readonly KpiUnit[], from: number, to: number, granularity: Granularity, now: number, use?: FactUse): Promise<KpiComputation> {
  const { instances } = periodOf(master, from, to, now);
  const facts: ShiftFact[][] = [];
  for (const unit of units) facts.push(await unitFactsStored(db, engine, master, unit, instances, now, use));
  return assemble(units, facts, instances, granularity);
}
