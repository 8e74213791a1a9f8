import { ratio, type KpiFigure } from './figure.js';
import { aubt, type KpiTotals } from './totals.js';

/**
 * ISO 22400-2:2014 throughput rate TR = PQ / AOET, in kg per hour. The actual order execution time
 * AOET of a work unit is its busy time with an order, AUBT.
 */
export const throughputRate = (t: KpiTotals): KpiFigure => ratio(t.pq, aubt(t) / 3_600_000);
