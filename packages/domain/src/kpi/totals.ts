/**
 * The ISO 22400-2:2014 time model and quantities of one work unit over one period, as sums.
 * Times are milliseconds, quantities kilograms. Every KPI is a function of these totals, so a
 * period made of several shifts (or a station made of several units) adds totals and divides once.
 *
 *   POT  planned operation time  = shift length − breaks
 *   PBT  planned busy time       = POT − PDOT (planned down time: planned maintenance, cleaning)
 *        PBT = AUBT + ADOT + unknown
 *   AUBT actual unit busy time   = AUPT + ADET (delays and failures during an order)
 *   AUPT actual unit processing  = APT (production) + AUST (setup: line clearance, routine tests)
 *   ADOT actual unit down time   = available, no order (idle)
 *   unknown                      = no heartbeat: never counted as running (it lowers availability)
 */
export interface KpiTotals {
  readonly pot: number;
  readonly pdot: number;
  readonly pbt: number;
  readonly apt: number;
  readonly aust: number;
  readonly adet: number;
  readonly adot: number;
  readonly unknown: number;
  /** State time outside planned busy time (overtime, breaks worked): reported, not in any KPI. */
  readonly offPlan: number;
  /** Produced quantity (kg), scrap and rework included. */
  readonly pq: number;
  /** Good quantity (kg) = PQ − SQ − RQ. */
  readonly gq: number;
  readonly sq: number;
  readonly rq: number;
  /** Σ PRI·PQ: the planned run time of what was produced (ms). */
  readonly plannedRun: number;
  /** Inspected parts (dispenses completed) and good parts at first pass (no reweigh, no override). */
  readonly ip: number;
  readonly gp: number;
  /** Failure events (down intervals started as unplanned failures) and their repair time Σ TTR. */
  readonly fe: number;
  readonly ttr: number;
}

export const TOTAL_KEYS = ['pot', 'pdot', 'pbt', 'apt', 'aust', 'adet', 'adot', 'unknown', 'offPlan', 'pq', 'gq', 'sq', 'rq', 'plannedRun', 'ip', 'gp', 'fe', 'ttr'] as const satisfies readonly (keyof KpiTotals)[];

export const emptyTotals = (): KpiTotals => ({ pot: 0, pdot: 0, pbt: 0, apt: 0, aust: 0, adet: 0, adot: 0, unknown: 0, offPlan: 0, pq: 0, gq: 0, sq: 0, rq: 0, plannedRun: 0, ip: 0, gp: 0, fe: 0, ttr: 0 });

export function addTotals(a: KpiTotals, b: KpiTotals): KpiTotals {
  const sum: Record<string, number> = {};
  for (const key of TOTAL_KEYS) sum[key] = a[key] + b[key];
  return sum as unknown as KpiTotals;
}

export function sumTotals(all: Iterable<KpiTotals>): KpiTotals {
  let sum = emptyTotals();
  for (const totals of all) sum = addTotals(sum, totals);
  return sum;
}

/** AUPT = APT + AUST. */
export const aupt = (t: KpiTotals): number => t.apt + t.aust;
/** AUBT = AUPT + ADET. */
export const aubt = (t: KpiTotals): number => aupt(t) + t.adet;
