import { compare, cpkInBand, mean, minimumWeight, parseDecimal, percentile, ratio } from '@lineside/domain';
import type { LiveRecord, TypedRecord } from './load.js';
import type { KpiMaster } from './master.js';
import type { KpiUnit } from './scope.js';

/**
 * What one shift of one unit adds to the floor KPIs of FLOOR.md (ours, not ISO 22400), in a form that adds
 * up over shifts and stations exactly: lists and counts, never a ratio or a percentile of a part.
 */
export interface FloorParts {
  /** Each completed dispense: id, right first time, in tolerance, bias % (or null), position in its band (or null). */
  readonly dispenses: readonly (readonly [string, 0 | 1, 0 | 1, number | null, number | null])[];
  readonly weighings: number;
  readonly assessed: number;
  readonly aboveMinimum: number;
  /** Weighings on an overdue, uncalibrated, failed or unknown balance. */
  readonly badBalance: readonly string[];
  readonly placed: readonly (readonly [string, number])[];
  readonly released: readonly (readonly [string, number])[];
  readonly deviations: readonly string[];
  /** By kiosk: arrival − event time of its records, ms, as sorted [value, count] runs. */
  readonly latency: Readonly<Record<string, readonly (readonly [number, number])[]>>;
}

const stepKey = (p: Record<string, unknown>) => `${String(p['orderId'])}/${String(p['stepId'])}`;

/**
 * The floor-KPI contributions of a unit's records (window and step context), each placed by its event time
 * in the span `spanOf` returns (a shift), or dropped when it is in none: the floor KPIs are those of the
 * period's shifts. How a dispense counts depends on its step's other records wherever they fall.
 */
export function floorPartsBySpan(unit: KpiUnit, typedAll: readonly TypedRecord[], live: readonly LiveRecord[], master: KpiMaster, spans: number, spanOf: (at: number) => number): FloorParts[] {
  const kiosks = new Set(unit.kioskIds);
  const typed = typedAll.filter((r) => kiosks.has(r.kioskId) && r.type !== 'equipment.equipment-state-changed');
  const stepBalance = new Map<string, string>();
  const targets = new Map<string, Record<string, unknown>>();
  const reweighed = new Set<string>();
  for (const r of typed) {
    if (r.type === 'order.weighing-recorded') stepBalance.set(stepKey(r.payload), String(r.payload['balanceId']));
    if (r.type === 'order.dispense-target-set') targets.set(stepKey(r.payload), r.payload);
    if (r.type === 'order.weighing-rejected' || r.type === 'order.tolerance-overridden' || r.type === 'deviation.deviation-opened') reweighed.add(r.type === 'deviation.deviation-opened' ? `dev:${String(r.payload['orderId'])}/${String(r.payload['stepId'])}` : stepKey(r.payload));
  }
  const counts = (balanceId: string | undefined) => unit.balanceId === undefined || balanceId === unit.balanceId;
  const parts = Array.from({ length: spans }, () => ({
    dispenses: [] as [string, 0 | 1, 0 | 1, number | null, number | null][],
    weighings: 0,
    assessed: 0,
    aboveMinimum: 0,
    badBalance: [] as string[],
    placed: [] as [string, number][],
    released: [] as [string, number][],
    deviations: [] as string[],
    latency: {} as Record<string, number[]>,
  }));
  for (const r of typed) {
    const k = spanOf(r.at);
    if (k < 0) continue;
    const part = parts[k]!;
    const p = r.payload;
    if (r.type === 'order.dispense-completed' && counts(stepBalance.get(stepKey(p)))) {
      const key = stepKey(p);
      const q = p['quantities'] as { reweighs?: number } | undefined;
      const inTolerance = p['toleranceState'] === 'in';
      const rightFirstTime = (q?.reweighs ?? 0) === 0 && !reweighed.has(key) && !reweighed.has(`dev:${key}`) && inTolerance;
      const t = targets.get(key);
      let bias: number | null = null;
      let band: number | null = null;
      if (t) {
        const [x, target, lower, upper] = [p['dispensed'], t['target'], t['lower'], t['upper']].map((v) => Number(v)) as [number, number, number, number];
        if (target > 0) bias = ((x - target) / target) * 100;
        if (upper > lower) band = (x - lower) / (upper - lower);
      }
      part.dispenses.push([r.recordId, rightFirstTime ? 1 : 0, inTolerance ? 1 : 0, bias, band]);
    }
    if (r.type === 'order.weighing-recorded' && counts(String(p['balanceId']))) {
      part.weighings++;
      const balance = master.balances.get(String(p['balanceId']));
      const net = parseDecimal(String(p['net']));
      if (balance && net.ok) {
        part.assessed++;
        if (compare(net.value, minimumWeight(balance).withSafetyFactor) >= 0) part.aboveMinimum++;
      }
      const cal = p['calibration'] as { status?: string } | undefined;
      if (cal?.status === 'expired' || cal?.status === 'never-calibrated' || r.flagCodes.includes('CAL_INVALID_AT_USE') || r.flagCodes.includes('UNKNOWN_EQUIPMENT')) part.badBalance.push(r.recordId);
    }
    if (r.type === 'hold.hold-placed') part.placed.push([String(p['holdId']), r.at]);
    if (r.type === 'hold.hold-released') part.released.push([String(p['holdId']), r.at]);
    if (r.type === 'deviation.deviation-opened') part.deviations.push(r.recordId);
  }
  for (const r of live) {
    if (!kiosks.has(r.kioskId)) continue;
    const k = spanOf(r.at);
    if (k < 0) continue;
    (parts[k]!.latency[r.kioskId] ??= []).push(Math.max(0, r.receivedAt - r.at));
  }
  return parts.map((part) => ({ ...part, latency: Object.fromEntries(Object.entries(part.latency).map(([kiosk, values]) => [kiosk, runs(values)])) }));
}

function runs(values: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const v of values.sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && last[0] === v) last[1]++;
    else out.push([v, 1]);
  }
  return out;
}

/** The p-th percentile by the nearest-rank method (domain `percentile`) of values given as sorted [value, count] runs. */
function percentileOfRuns(sortedRuns: readonly (readonly [number, number])[], n: number, p: number): number | null {
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  let seen = 0;
  for (const [value, count] of sortedRuns) {
    seen += count;
    if (seen >= rank) return value;
  }
  return null;
}

const byNumber = (a: number, b: number) => a - b;

/** The floor KPIs of a period from the parts of its shifts (any order: lists are sorted before they are summed). */
export function floorFromParts(all: readonly FloorParts[]) {
  const dispenses = all.flatMap((p) => p.dispenses);
  const notRightFirstTime = dispenses.filter((d) => d[1] === 0).map((d) => d[0]);
  const inTolerance = dispenses.filter((d) => d[2] === 1).length;
  const bias = dispenses.flatMap((d) => (d[3] === null ? [] : [d[3]])).sort(byNumber);
  const band = dispenses.flatMap((d) => (d[4] === null ? [] : [d[4]])).sort(byNumber);
  const weighings = all.reduce((n, p) => n + p.weighings, 0);
  const badBalance = all.flatMap((p) => p.badBalance).sort();
  const placed = new Map(all.flatMap((p) => p.placed).sort((a, b) => a[1] - b[1]));
  const leadTimes = all.flatMap((p) => p.released).filter(([holdId]) => placed.has(holdId)).map(([holdId, at]) => at - placed.get(holdId)!);
  const deviations = all.flatMap((p) => p.deviations).sort();
  const byKiosk = new Map<string, Map<number, number>>();
  for (const part of all) {
    for (const [kiosk, latencies] of Object.entries(part.latency)) {
      const merged = byKiosk.get(kiosk) ?? new Map<number, number>();
      for (const [value, count] of latencies) merged.set(value, (merged.get(value) ?? 0) + count);
      byKiosk.set(kiosk, merged);
    }
  }
  return {
    dispenseRightFirstTime: { ...ratio(dispenses.length - notRightFirstTime.length, dispenses.length), recordIds: notRightFirstTime.sort() },
    inToleranceRate: { ...ratio(inTolerance, dispenses.length), biasPercent: mean(bias), cpk: cpkInBand(band), samples: band.length },
    minimumWeightCompliance: ratio(all.reduce((n, p) => n + p.aboveMinimum, 0), all.reduce((n, p) => n + p.assessed, 0)),
    routineTestCompliance: { ...ratio(weighings - badBalance.length, weighings), violations: badBalance.length, recordIds: badBalance },
    holdReleaseLeadTime: { p50Ms: percentile(leadTimes, 50), p90Ms: percentile(leadTimes, 90), releases: leadTimes.length },
    deviationsPer1000Dispenses: { ...ratio(deviations.length * 1000, dispenses.length), recordIds: deviations },
    sync: [...byKiosk]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kioskId, merged]) => {
        const sorted = [...merged].sort((a, b) => a[0] - b[0]);
        const records = sorted.reduce((n, [, count]) => n + count, 0);
        return { kioskId, records, latencyP95Ms: percentileOfRuns(sorted, records, 95), longestOfflineMs: sorted.length ? sorted[sorted.length - 1]![0] : null };
      }),
  };
}
