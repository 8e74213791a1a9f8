import {
  addTotals,
  convertMass,
  dayNumber,
  emptyTotals,
  fromDayNumber,
  isoKpis,
  parseDecimal,
  parseIsoDate,
  shiftInstancesStarting,
  shiftQuantities,
  shiftTime,
  stateSegments,
  toString as decimalText,
  type IsoKpiName,
  type KpiFigure,
  type KpiTotals,
  type MassUnit,
  type QuantityEvent,
  type ShiftInstance,
  type StateChange,
} from '@lineside/domain';
import type { Db } from '../db/types.js';
import { floorPartsBySpan, type FloorParts } from './floor.js';
import { loadRecords, type LoadedRecords, type TypedRecord } from './load.js';
import type { KpiMaster } from './master.js';
import type { KpiUnit } from './scope.js';

export const GRANULARITIES = ['shift', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** The bucket a shift belongs to, by the plant-local date it started on. */
export function bucketKey(instance: ShiftInstance, granularity: Granularity): string {
  if (granularity === 'shift') return `${instance.date} ${instance.shiftId}`;
  if (granularity === 'day') return instance.date;
  if (granularity === 'month') return instance.date.slice(0, 7);
  return isoWeek(instance.date);
}

/** ISO 8601 week `2026-W48` of a date (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(date: string): string {
  const parsed = parseIsoDate(date);
  if (!parsed.ok) throw new Error(parsed.message);
  const n = dayNumber(parsed.value);
  const weekday = ((n + 3) % 7 + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  const thursday = fromDayNumber(n - weekday + 3);
  const jan1 = dayNumber({ year: thursday.year, month: 1, day: 1 });
  const week = Math.floor((dayNumber(thursday) - jan1) / 7) + 1;
  return `${thursday.year}-W${String(week).padStart(2, '0')}`;
}

/** One unit's figures for one shift instance: what a KPI fact row holds (`quantityIds` only when computed from records now). */
export interface ShiftFact {
  readonly totals: KpiTotals;
  readonly down: Readonly<Record<string, number>>;
  /** The state-change records behind the time figures (few; a state may span several shifts). */
  readonly stateIds: readonly string[];
  /** How many quantity records (weighings, rejections, dispenses) are behind the figures: each is in one shift only. */
  readonly quantityRecords: number;
  readonly quantityIds?: readonly string[];
  readonly floor: FloorParts;
}

export interface Bucket {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  readonly shifts: number;
  readonly totals: KpiTotals;
  readonly kpis: Record<IsoKpiName, KpiFigure>;
  readonly downByReason: Record<string, number>;
  readonly stateIds: ReadonlySet<string>;
  readonly quantityRecords: number;
  /** How many records are behind the figures. */
  readonly records: number;
  /** The records themselves: only from a computation from records (the drill-down). */
  readonly recordIds?: readonly string[];
}

export interface UnitResult {
  readonly stationId: string;
  readonly buckets: Bucket[];
}

export interface KpiComputation {
  readonly instances: ShiftInstance[];
  readonly buckets: Bucket[];
  readonly stations: UnitResult[];
  /** Floor-KPI parts of every unit and shift of the period. */
  readonly floor: readonly FloorParts[];
}

/** A decimal mass as kilograms (KPI arithmetic, not a tolerance decision: a float is fine here). */
const toKg = (text: unknown, unit: unknown): number => {
  const d = parseDecimal(String(text));
  return d.ok ? Number(decimalText(convertMass(d.value, String(unit) as MassUnit, 'kg'))) : 0;
};

const stepKey = (p: Record<string, unknown>) => `${String(p['orderId'])}/${String(p['stepId'])}`;

/** What the unit's records add to the time model and the quantities. */
function unitInputs(unit: KpiUnit, records: LoadedRecords, master: KpiMaster) {
  const kiosks = new Set(unit.kioskIds);
  const equipment = new Set(unit.equipmentIds);
  const typed = records.typed.filter((r) => kiosks.has(r.kioskId));
  const changes: StateChange[] = [];
  const weighings = new Map<string, TypedRecord>();
  const stepBalance = new Map<string, string>();
  const recipeOf = new Map<string, string>();
  for (const r of typed) {
    const p = r.payload;
    if (r.type === 'order.order-started') recipeOf.set(String(p['orderId']), `${String(p['recipeId'])}@${String(p['recipeVersion'])}`);
    if (r.type === 'equipment.equipment-state-changed' && equipment.has(String(p['equipmentId']))) {
      const reason = typeof p['reason'] === 'string' ? p['reason'] : undefined;
      changes.push({ at: r.at, source: String(p['equipmentId']), state: p['to'] as StateChange['state'], recordId: r.recordId, ...(reason ? { reason } : {}), ...(reason && master.plannedDownReasons.has(reason) ? { planned: true } : {}) });
    }
    if (r.type === 'order.weighing-recorded') {
      weighings.set(String(p['weighingId']), r);
      stepBalance.set(stepKey(p), String(p['balanceId']));
    }
  }
  const counts = (balanceId: string | undefined) => unit.balanceId === undefined || balanceId === unit.balanceId;
  const rejectedSteps = new Set<string>();
  const overriddenSteps = new Set(typed.filter((r) => r.type === 'order.tolerance-overridden').map((r) => stepKey(r.payload)));
  // PRI of a weighing: the recipe step's own when it plans one, else the material's (domain plannedRunMinutesPerKg).
  const priOf = (p: Record<string, unknown>) => master.stepPriMsPerKg.get(`${recipeOf.get(String(p['orderId'])) ?? ''}/${String(p['stepId'])}`) ?? master.priMsPerKg.get(String(p['materialId'])) ?? 0;
  const events: QuantityEvent[] = [];
  for (const r of typed) {
    const p = r.payload;
    if (r.type === 'order.weighing-recorded' && counts(String(p['balanceId']))) {
      const kg = toKg(p['net'], p['balanceUnit']);
      events.push({ at: r.at, recordId: r.recordId, produced: kg, plannedRun: kg * priOf(p) });
    }
    if (r.type === 'order.weighing-rejected') {
      rejectedSteps.add(stepKey(p));
      const weighing = weighings.get(String(p['weighingId']));
      if (!weighing || !counts(String(weighing.payload['balanceId']))) continue;
      const kg = toKg(weighing.payload['net'], weighing.payload['balanceUnit']);
      // Counted at the weighing's own time: its shift produced it and its shift scrapped it. A re-weigh's material
      // went back to its lot: the weighing is void, so its PQ and planned run time are taken back (in no SQ or RQ).
      const counted =
        p['disposition'] === 'reweigh' ? { produced: -kg, plannedRun: -kg * priOf(weighing.payload) } : p['disposition'] === 'rework' ? { rework: kg } : { scrap: kg };
      events.push({ at: weighing.at, recordId: r.recordId, ...counted });
    }
  }
  for (const r of typed) {
    if (r.type !== 'order.dispense-completed' || !counts(stepBalance.get(stepKey(r.payload)))) continue;
    const quantities = r.payload['quantities'] as { reweighs?: number } | undefined;
    const key = stepKey(r.payload);
    const firstPass = (quantities?.reweighs ?? 0) === 0 && !rejectedSteps.has(key) && !overriddenSteps.has(key);
    events.push({ at: r.at, recordId: r.recordId, inspected: 1, firstPassGood: firstPass ? 1 : 0 });
  }
  const heartbeats = records.live.filter((r) => kiosks.has(r.kioskId)).map((r) => r.at);
  return { changes, events, heartbeats };
}

/** The index of the instance (sorted by start) holding `at`, or −1. */
function instanceIndexer(instances: readonly ShiftInstance[]): (at: number) => number {
  return (at) => {
    let lo = 0;
    let hi = instances.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (instances[mid]!.start <= at) lo = mid + 1;
      else hi = mid - 1;
    }
    for (let k = hi; k >= 0 && k >= hi - 2; k--) if (at >= instances[k]!.start && at < instances[k]!.end) return k;
    return -1;
  };
}

/**
 * One unit's facts for `instances` (sorted, all inside [windowFrom, windowTo)) from its loaded records, by the
 * domain's pure functions: the time model from event time (stateSegments, one millisecond before the window
 * so that a failure running into it is not a new one), split at shift boundaries (shiftTime), the quantities
 * of each shift (shiftQuantities), and the floor-KPI parts.
 */
export function unitFacts(unit: KpiUnit, records: LoadedRecords, master: KpiMaster, instances: readonly ShiftInstance[], windowFrom: number, windowTo: number): ShiftFact[] {
  const inputs = unitInputs(unit, records, master);
  const segments = stateSegments({ changes: inputs.changes, heartbeats: inputs.heartbeats, heartbeatGapMs: master.heartbeatGapMs, from: windowFrom - 1, to: windowTo });
  const indexOf = instanceIndexer(instances);
  const eventsOf: QuantityEvent[][] = instances.map(() => []);
  for (const e of inputs.events) {
    const k = indexOf(e.at);
    if (k >= 0) eventsOf[k]!.push(e);
  }
  const floor = floorPartsBySpan(unit, records.typed, records.live, master, instances.length, indexOf);
  return instances.map((instance, k) => {
    const time = shiftTime(instance, segments.filter((s) => s.end > instance.start - 1 && s.start < instance.end));
    const q = shiftQuantities(instance, eventsOf[k]!);
    const { recordIds: quantityIds, ...quantities } = q;
    return { totals: { ...time.totals, ...quantities }, down: time.downByReason, stateIds: time.stateRecordIds, quantityRecords: quantityIds.length, quantityIds, floor: floor[k]! };
  });
}

type BucketDraft = { from: number; to: number; shifts: number; totals: KpiTotals; down: Record<string, number>; stateIds: Set<string>; quantityRecords: number; quantityIds: string[] | undefined };

/** Buckets from the units' facts: every bucket's figures are the ratio of the summed totals of its shifts and units. */
export function assemble(units: readonly KpiUnit[], facts: readonly (readonly ShiftFact[])[], instances: ShiftInstance[], granularity: Granularity): KpiComputation {
  const byBucket = new Map<string, BucketDraft>();
  const stations: UnitResult[] = [];
  units.forEach((unit, u) => {
    const own = new Map<string, BucketDraft>();
    instances.forEach((instance, k) => {
      const shift = facts[u]![k]!;
      const key = bucketKey(instance, granularity);
      for (const target of [byBucket, own]) {
        const b = target.get(key) ?? { from: instance.start, to: instance.end, shifts: 0, totals: emptyTotals(), down: {}, stateIds: new Set<string>(), quantityRecords: 0, quantityIds: [] };
        b.from = Math.min(b.from, instance.start);
        b.to = Math.max(b.to, instance.end);
        if (target === own || u === 0) b.shifts += 1;
        b.totals = addTotals(b.totals, shift.totals);
        for (const [reason, ms] of Object.entries(shift.down)) b.down[reason] = (b.down[reason] ?? 0) + ms;
        for (const id of shift.stateIds) b.stateIds.add(id);
        b.quantityRecords += shift.quantityRecords;
        b.quantityIds = shift.quantityIds && b.quantityIds ? [...b.quantityIds, ...shift.quantityIds] : undefined;
        target.set(key, b);
      }
    });
    stations.push({ stationId: unit.stationId, buckets: [...own].map(([key, b]) => toBucket(key, b)) });
  });
  return { instances, buckets: [...byBucket].map(([key, b]) => toBucket(key, b)), stations, floor: facts.flat().map((f) => f.floor) };
}

function toBucket(key: string, b: BucketDraft): Bucket {
  return {
    key,
    from: b.from,
    to: b.to,
    shifts: b.shifts,
    totals: b.totals,
    kpis: isoKpis(b.totals),
    downByReason: b.down,
    stateIds: b.stateIds,
    quantityRecords: b.quantityRecords,
    records: b.quantityRecords + b.stateIds.size,
    ...(b.quantityIds ? { recordIds: [...new Set([...b.stateIds, ...b.quantityIds])].sort() } : {}),
  };
}

/** The shifts of [from, to) that have started by `now`, and the end of the time they cover (not past now). */
export function periodOf(master: KpiMaster, from: number, to: number, now: number): { instances: ShiftInstance[]; windowFrom: number; windowTo: number } {
  const instances = shiftInstancesStarting(master.calendar, from, to).filter((i) => i.start < now);
  // A record stamped this very millisecond counts: the window ends just after now.
  return { instances, windowFrom: instances[0]?.start ?? from, windowTo: Math.min(now + 1, Math.max(from, ...instances.map((i) => i.end))) };
}

/**
 * The KPIs of `units` for the shifts that start in [from, to), by `granularity`, computed from the records
 * now: the reference the stored facts are checked against, and the drill-down's list of records.
 */
export async function computeKpis(db: Db, master: KpiMaster, units: readonly KpiUnit[], from: number, to: number, granularity: Granularity, now: number): Promise<KpiComputation> {
  const { instances, windowFrom, windowTo } = periodOf(master, from, to, now);
  const records = await loadRecords(db, [...new Set(units.flatMap((u) => u.kioskIds))], windowFrom - master.heartbeatGapMs - 1, windowTo);
  return assemble(units, units.map((unit) => unitFacts(unit, records, master, instances, windowFrom, windowTo)), instances, granularity);
}
