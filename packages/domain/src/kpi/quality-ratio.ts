import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 quality ratio QR = GQ / PQ. */
export const qualityRatio = (t: KpiTotals): KpiFigure => boundedRatio(t.gq, t.pq, 'Quality ratio');
