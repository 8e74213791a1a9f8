import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 rework ratio = RQ / PQ. */
export const reworkRatio = (t: KpiTotals): KpiFigure => boundedRatio(t.rq, t.pq, 'Rework ratio');
