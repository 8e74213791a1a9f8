import {
  addTotals,
  convertMass,
  cpkInBand,
  dayNumber,
  emptyTotals,
  fromDayNumber,
  isoKpis,
  mean,
  minimumWeight,
  parseDecimal,
  parseIsoDate,
  percentile,
  ratio,
  shiftInstancesStarting,
  shiftTotals,
  stateSegments,
  compare,
  toString as decimalText,
  type Balance,
  type IsoKpiName,
  type KpiFigure,
  type KpiTotals,
  type MassUnit,
  type QuantityEvent,
  type ShiftCalendar,
  type ShiftDefinition,
  type ShiftInstance,
  type StateChange,
} from '@lineside/domain';
import type { Db } from '../db/types.js';
import { listMasterEntities } from '../db/master-data.js';
import { loadRecords, type LoadedRecords, type TypedRecord } from './load.js';
import type { KpiUnit } from './scope.js';

export const GRANULARITIES = ['shift', 'day', 'week', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** What the KPIs need from master data: the plant's calendar, down reasons, planned run times, balances. */
export interface KpiMaster {
  readonly calendar: ShiftCalendar;
  /** Down-time reasons (master data `downtime-reason`): planned ones are not failures (no FE, no TTR). */
  readonly plannedDownReasons: ReadonlySet<string>;
  /** PRI by material: planned run time per kilogram dispensed, ms. */
  readonly priMsPerKg: ReadonlyMap<string, number>;
  readonly balances: ReadonlyMap<string, Balance>;
  readonly heartbeatGapMs: number;
}

export const DEFAULT_HEARTBEAT_GAP_MINUTES = 30;

export async function loadKpiMaster(db: Db): Promise<KpiMaster> {
  const [site] = (await listMasterEntities(db, 'site')) as { timeZone?: string }[];
  const [settings] = (await listMasterEntities(db, 'settings')) as { kpiHeartbeatGapMinutes?: number }[];
  const downtimeReasons = (await listMasterEntities(db, 'downtime-reason')) as { id: string; category?: string }[];
  const shifts = (await listMasterEntities(db, 'shift')) as unknown as ShiftDefinition[];
  const materials = (await listMasterEntities(db, 'material')) as { id: string; plannedRunMinutesPerKg?: number | string }[];
  const equipment = (await listMasterEntities(db, 'equipment')) as unknown as { kind: string; id: string }[];
  return {
    calendar: { timeZone: site?.timeZone ?? 'UTC', shifts: [...shifts].sort((a, b) => a.start.localeCompare(b.start)) },
    plannedDownReasons: new Set(downtimeReasons.filter((r) => r.category === 'planned').map((r) => r.id)),
    priMsPerKg: new Map(materials.filter((m) => m.plannedRunMinutesPerKg !== undefined).map((m) => [m.id, Number(m.plannedRunMinutesPerKg) * 60_000])),
    balances: new Map(equipment.filter((e): e is Balance => e.kind === 'balance').map((b) => [b.id, b])),
    heartbeatGapMs: (settings?.kpiHeartbeatGapMinutes ?? DEFAULT_HEARTBEAT_GAP_MINUTES) * 60_000,
  };
}

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

export interface Bucket {
  readonly key: string;
  readonly from: number;
  readonly to: number;
  readonly shifts: number;
  readonly totals: KpiTotals;
  readonly kpis: Record<IsoKpiName, KpiFigure>;
  readonly downByReason: Record<string, number>;
  readonly recordIds: readonly string[];
}

export interface UnitResult {
  readonly stationId: string;
  readonly buckets: Bucket[];
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
  for (const r of typed) {
    const p = r.payload;
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
  const events: QuantityEvent[] = [];
  for (const r of typed) {
    const p = r.payload;
    if (r.type === 'order.weighing-recorded' && counts(String(p['balanceId']))) {
      const kg = toKg(p['net'], p['balanceUnit']);
      events.push({ at: r.at, recordId: r.recordId, produced: kg, plannedRun: kg * (master.priMsPerKg.get(String(p['materialId'])) ?? 0) });
    }
    if (r.type === 'order.weighing-rejected') {
      rejectedSteps.add(stepKey(p));
      const weighing = weighings.get(String(p['weighingId']));
      if (!weighing || !counts(String(weighing.payload['balanceId']))) continue;
      const kg = toKg(weighing.payload['net'], weighing.payload['balanceUnit']);
      // Counted at the weighing's own time: its shift produced it and its shift scrapped it.
      events.push({ at: weighing.at, recordId: r.recordId, ...(p['disposition'] === 'rework' ? { rework: kg } : { scrap: kg }) });
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

export interface KpiComputation {
  readonly instances: ShiftInstance[];
  readonly buckets: Bucket[];
  readonly stations: UnitResult[];
  readonly records: LoadedRecords;
}

/**
 * The KPIs of `units` for the shifts that start in [from, to), by `granularity`: each unit's time model
 * is built from event time, split at shift boundaries, and every bucket's figures are the ratio of the
 * summed totals of its shifts and units. Time after `now` is not yet known and is not counted.
 */
export async function computeKpis(db: Db, master: KpiMaster, units: readonly KpiUnit[], from: number, to: number, granularity: Granularity, now: number): Promise<KpiComputation> {
  const instances = shiftInstancesStarting(master.calendar, from, to).filter((i) => i.start < now);
  const windowFrom = instances[0]?.start ?? from;
  // A record stamped this very millisecond counts: the window ends just after now.
  const windowTo = Math.min(now + 1, Math.max(to, ...instances.map((i) => i.end)));
  const records = await loadRecords(db, [...new Set(units.flatMap((u) => u.kioskIds))], windowFrom - master.heartbeatGapMs, windowTo);
  const byBucket = new Map<string, { from: number; to: number; shifts: number; totals: KpiTotals; down: Record<string, number>; ids: Set<string> }>();
  const stations: UnitResult[] = [];
  for (const unit of units) {
    const inputs = unitInputs(unit, records, master);
    const segments = stateSegments({ changes: inputs.changes, heartbeats: inputs.heartbeats, heartbeatGapMs: master.heartbeatGapMs, from: windowFrom, to: windowTo });
    const own = new Map<string, { from: number; to: number; shifts: number; totals: KpiTotals; down: Record<string, number>; ids: Set<string> }>();
    for (const instance of instances) {
      const shift = shiftTotals(instance, segments, inputs.events);
      const key = bucketKey(instance, granularity);
      for (const target of [byBucket, own]) {
        const b = target.get(key) ?? { from: instance.start, to: instance.end, shifts: 0, totals: emptyTotals(), down: {}, ids: new Set<string>() };
        b.from = Math.min(b.from, instance.start);
        b.to = Math.max(b.to, instance.end);
        if (target === own || unit === units[0]) b.shifts += 1;
        b.totals = addTotals(b.totals, shift.totals);
        for (const [reason, ms] of Object.entries(shift.downByReason)) b.down[reason] = (b.down[reason] ?? 0) + ms;
        for (const id of shift.recordIds) b.ids.add(id);
        target.set(key, b);
      }
    }
    stations.push({ stationId: unit.stationId, buckets: [...own].map(([key, b]) => toBucket(key, b)) });
  }
  return { instances, buckets: [...byBucket].map(([key, b]) => toBucket(key, b)), stations, records };
}

function toBucket(key: string, b: { from: number; to: number; shifts: number; totals: KpiTotals; down: Record<string, number>; ids: Set<string> }): Bucket {
  return { key, from: b.from, to: b.to, shifts: b.shifts, totals: b.totals, kpis: isoKpis(b.totals), downByReason: b.down, recordIds: [...b.ids].sort() };
}

/** Floor KPIs of FLOOR.md (ours, not ISO 22400), over the whole period of the computation. */
export function floorKpis(computation: KpiComputation, units: readonly KpiUnit[], master: KpiMaster) {
  const { records } = computation;
  const balanceOnly = units.length === 1 ? units[0]!.balanceId : undefined;
  const kiosks = new Set(units.flatMap((u) => u.kioskIds));
  const typed = records.typed.filter((r) => kiosks.has(r.kioskId) && r.type !== 'equipment.equipment-state-changed');
  const stepBalance = new Map<string, string>();
  const targets = new Map<string, Record<string, unknown>>();
  const reweighed = new Set<string>();
  for (const r of typed) {
    if (r.type === 'order.weighing-recorded') stepBalance.set(stepKey(r.payload), String(r.payload['balanceId']));
    if (r.type === 'order.dispense-target-set') targets.set(stepKey(r.payload), r.payload);
    if (r.type === 'order.weighing-rejected' || r.type === 'order.tolerance-overridden' || r.type === 'deviation.deviation-opened') reweighed.add(r.type === 'deviation.deviation-opened' ? `dev:${String(r.payload['orderId'])}/${String(r.payload['stepId'])}` : stepKey(r.payload));
  }
  const counts = (balanceId: string | undefined) => balanceOnly === undefined || balanceId === balanceOnly;
  const dispenses = typed.filter((r) => r.type === 'order.dispense-completed' && counts(stepBalance.get(stepKey(r.payload))));
  const weighings = typed.filter((r) => r.type === 'order.weighing-recorded' && counts(String(r.payload['balanceId'])));

  const rightFirstTime = dispenses.filter((r) => {
    const key = stepKey(r.payload);
    const q = r.payload['quantities'] as { reweighs?: number } | undefined;
    return (q?.reweighs ?? 0) === 0 && !reweighed.has(key) && !reweighed.has(`dev:${key}`) && r.payload['toleranceState'] === 'in';
  });
  const inTolerance = dispenses.filter((r) => r.payload['toleranceState'] === 'in');
  const bias: number[] = [];
  const band: number[] = [];
  for (const r of dispenses) {
    const t = targets.get(stepKey(r.payload));
    if (!t) continue;
    const [x, target, lower, upper] = [r.payload['dispensed'], t['target'], t['lower'], t['upper']].map((v) => Number(v)) as [number, number, number, number];
    if (target > 0) bias.push(((x - target) / target) * 100);
    if (upper > lower) band.push((x - lower) / (upper - lower));
  }
  let aboveMinimum = 0;
  let assessed = 0;
  for (const w of weighings) {
    const balance = master.balances.get(String(w.payload['balanceId']));
    const net = parseDecimal(String(w.payload['net']));
    if (!balance || !net.ok) continue;
    assessed++;
    if (compare(net.value, minimumWeight(balance).withSafetyFactor) >= 0) aboveMinimum++;
  }
  const onBadBalance = weighings.filter((w) => {
    const cal = w.payload['calibration'] as { status?: string } | undefined;
    return cal?.status === 'expired' || cal?.status === 'never-calibrated' || w.flagCodes.includes('CAL_INVALID_AT_USE') || w.flagCodes.includes('UNKNOWN_EQUIPMENT');
  });
  const placed = new Map(typed.filter((r) => r.type === 'hold.hold-placed').map((r) => [String(r.payload['holdId']), r.at]));
  const leadTimes = typed.filter((r) => r.type === 'hold.hold-released' && placed.has(String(r.payload['holdId']))).map((r) => r.at - placed.get(String(r.payload['holdId']))!);
  const deviations = typed.filter((r) => r.type === 'deviation.deviation-opened');
  const byKiosk = new Map<string, number[]>();
  for (const r of records.live) {
    if (!kiosks.has(r.kioskId)) continue;
    const list = byKiosk.get(r.kioskId) ?? [];
    list.push(Math.max(0, r.receivedAt - r.at));
    byKiosk.set(r.kioskId, list);
  }
  return {
    dispenseRightFirstTime: { ...ratio(rightFirstTime.length, dispenses.length), recordIds: dispenses.filter((d) => !rightFirstTime.includes(d)).map((d) => d.recordId) },
    inToleranceRate: { ...ratio(inTolerance.length, dispenses.length), biasPercent: mean(bias), cpk: cpkInBand(band), samples: band.length },
    minimumWeightCompliance: ratio(aboveMinimum, assessed),
    routineTestCompliance: { ...ratio(weighings.length - onBadBalance.length, weighings.length), violations: onBadBalance.length, recordIds: onBadBalance.map((w) => w.recordId) },
    holdReleaseLeadTime: { p50Ms: percentile(leadTimes, 50), p90Ms: percentile(leadTimes, 90), releases: leadTimes.length },
    deviationsPer1000Dispenses: { ...ratio(deviations.length * 1000, dispenses.length), recordIds: deviations.map((d) => d.recordId) },
    sync: [...byKiosk].sort(([a], [b]) => a.localeCompare(b)).map(([kioskId, latencies]) => ({ kioskId, records: latencies.length, latencyP95Ms: percentile(latencies, 95), longestOfflineMs: latencies.length ? Math.max(...latencies) : null })),
  };
}
