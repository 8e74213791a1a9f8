import { compare, cpkInBand, mean, minimumWeight, parseDecimal, percentile, ratio } from '@lineside/domain';
import type { LiveRecord, TypedRecord } from './load.js';
import type { KpiMaster } from './master.js';
import type { KpiUnit } from './scope.js';

/**
 * What one shift of one unit adds to the floor KPIs of FLOOR.md (ours, not ISO 22400), in a form that adds
 * up over shifts and stations exactly: lists and counts, never a ratio or a percentile of a part.
 */
export interface FloorParts {
  readonly dispensed: number;
  readonly rightFirstTime: number;
  readonly notRightFirstTime: readonly string[];
  readonly inTolerance: number;
  /** (dispensed − target) / target, % — and each dispense's position in its tolerance band (0 lower, 1 upper). */
  readonly bias: readonly number[];
  readonly band: readonly number[];
  readonly weighings: number;
  readonly assessed: number;
  readonly aboveMinimum: number;
  /** Weighings on an overdue, uncalibrated, failed or unknown balance. */
  readonly badBalance: readonly string[];
  readonly placed: readonly (readonly [string, number])[];
  readonly released: readonly (readonly [string, number])[];
  readonly deviations: readonly string[];
  /** By kiosk: arrival − event time of its records, ms. */
  readonly latency: Readonly<Record<string, Latencies>>;
}

/**
 * Latencies kept whole (a percentile of a union needs every value) but cheap to add up: a count per
 * logarithmic bin, and the bins' values as one string (`v,v;v,v,v;…`, bins in the order of `bins`) that is
 * split only for the bin the percentile falls in. A month of a plant is a million values; reading them all
 * as numbers would cost more than everything else a KPI query does.
 */
export interface Latencies {
  readonly n: number;
  readonly max: number;
  readonly bins: readonly number[];
  readonly counts: readonly number[];
  readonly values: string;
}

// Sixteen bins per doubling: the percentile's bin holds a few per cent of the values.
const binOf = (ms: number) => (ms < 1 ? 0 : Math.floor(Math.log2(ms) * 16) + 1);

export function latencies(values: readonly number[]): Latencies {
  const byBin = new Map<number, number[]>();
  let max = 0;
  for (const v of values) {
    const bin = binOf(v);
    const list = byBin.get(bin) ?? [];
    list.push(v);
    byBin.set(bin, list);
    if (v > max) max = v;
  }
  const bins = [...byBin.keys()].sort((a, b) => a - b);
  return { n: values.length, max, bins, counts: bins.map((b) => byBin.get(b)!.length), values: bins.map((b) => byBin.get(b)!.join(',')).join(';') };
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
    dispensed: 0,
    rightFirstTime: 0,
    notRightFirstTime: [] as string[],
    inTolerance: 0,
    bias: [] as number[],
    band: [] as number[],
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
      if (t) {
        const [x, target, lower, upper] = [p['dispensed'], t['target'], t['lower'], t['upper']].map((v) => Number(v)) as [number, number, number, number];
        if (target > 0) part.bias.push(((x - target) / target) * 100);
        if (upper > lower) part.band.push((x - lower) / (upper - lower));
      }
      part.dispensed++;
      if (rightFirstTime) part.rightFirstTime++;
      else part.notRightFirstTime.push(r.recordId);
      if (inTolerance) part.inTolerance++;
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
  return parts.map((part) => ({ ...part, latency: Object.fromEntries(Object.entries(part.latency).map(([kiosk, values]) => [kiosk, latencies(values)])) }));
}

/** The p-th percentile by the nearest-rank method (domain `percentile`) of one kiosk's latencies over several parts. */
function percentileOf(parts: readonly Latencies[], p: number): number | null {
  const n = parts.reduce((sum, l) => sum + l.n, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  const counts = new Map<number, number>();
  for (const l of parts) l.bins.forEach((bin, k) => counts.set(bin, (counts.get(bin) ?? 0) + l.counts[k]!));
  let below = 0;
  for (const bin of [...counts.keys()].sort((a, b) => a - b)) {
    const count = counts.get(bin)!;
    if (below + count >= rank) {
      const values: number[] = [];
      for (const l of parts) {
        const k = l.bins.indexOf(bin);
        if (k < 0) continue;
        // The k-th segment of `values`, found without splitting the others.
        let start = 0;
        for (let skip = 0; skip < k; skip++) start = l.values.indexOf(';', start) + 1;
        const end = l.values.indexOf(';', start);
        for (const v of l.values.slice(start, end < 0 ? undefined : end).split(',')) values.push(Number(v));
      }
      return values.sort((a, b) => a - b)[rank - below - 1]!;
    }
    below += count;
  }
  return null;
}

/** The floor KPIs of a period from the parts of its shifts, added up in the order given. */
export function floorFromParts(all: readonly FloorParts[]) {
  let dispensed = 0;
  let rightFirstTime = 0;
  let weighings = 0;
  const bias: number[] = [];
  const band: number[] = [];
  for (const p of all) {
    dispensed += p.dispensed;
    rightFirstTime += p.rightFirstTime;
    weighings += p.weighings;
    for (const v of p.bias) bias.push(v);
    for (const v of p.band) band.push(v);
  }
  const badBalance = all.flatMap((p) => p.badBalance).sort();
  const placed = new Map(all.flatMap((p) => p.placed).sort((a, b) => a[1] - b[1]));
  const leadTimes = all.flatMap((p) => p.released).filter(([holdId]) => placed.has(holdId)).map(([holdId, at]) => at - placed.get(holdId)!);
  const deviations = all.flatMap((p) => p.deviations).sort();
  const byKiosk = new Map<string, Latencies[]>();
  for (const part of all) {
    for (const [kiosk, l] of Object.entries(part.latency)) {
      const list = byKiosk.get(kiosk) ?? [];
      list.push(l);
      byKiosk.set(kiosk, list);
    }
  }
  return {
    dispenseRightFirstTime: { ...ratio(rightFirstTime, dispensed), recordIds: all.flatMap((p) => p.notRightFirstTime).sort() },
    inToleranceRate: { ...ratio(all.reduce((n, p) => n + p.inTolerance, 0), dispensed), biasPercent: mean(bias), cpk: cpkInBand(band), samples: band.length },
    minimumWeightCompliance: ratio(all.reduce((n, p) => n + p.aboveMinimum, 0), all.reduce((n, p) => n + p.assessed, 0)),
    routineTestCompliance: { ...ratio(weighings - badBalance.length, weighings), violations: badBalance.length, recordIds: badBalance },
    holdReleaseLeadTime: { p50Ms: percentile(leadTimes, 50), p90Ms: percentile(leadTimes, 90), releases: leadTimes.length },
    deviationsPer1000Dispenses: { ...ratio(deviations.length * 1000, dispensed), recordIds: deviations },
    sync: [...byKiosk]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([kioskId, parts]) => {
        const records = parts.reduce((n, l) => n + l.n, 0);
        return { kioskId, records, latencyP95Ms: percentileOf(parts, 95), longestOfflineMs: records ? Math.max(...parts.map((l) => l.max)) : null };
      }),
  };
}
