import { ratio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 mean time to repair MTTR = ΣTTR / FE (ms; TTR = length of a failure's down interval). */
export const mttr = (t: KpiTotals): KpiFigure => ratio(t.ttr, t.fe);
