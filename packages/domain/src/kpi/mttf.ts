import { ratio, type KpiFigure } from './figure.js';
import { aupt, type KpiTotals } from './totals.js';

/** ISO 22400-2:2014 mean time to failure MTTF = ΣTTF / FE (ms; TTF = operating time AUPT before each failure). */
export const mttf = (t: KpiTotals): KpiFigure => ratio(aupt(t), t.fe);
