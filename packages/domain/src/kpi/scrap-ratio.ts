import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 scrap ratio = SQ / PQ. */
export const scrapRatio = (t: KpiTotals): KpiFigure => boundedRatio(t.sq, t.pq, 'Scrap ratio');
