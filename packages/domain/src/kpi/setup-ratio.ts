import { boundedRatio, type KpiFigure } from './figure.js';
import { aupt, type KpiTotals } from './totals.js';

/** ISO 22400-2:2014 setup rate SeR = AUST / AUPT. */
export const setupRatio = (t: KpiTotals): KpiFigure => boundedRatio(t.aust, aupt(t), 'Setup ratio');
