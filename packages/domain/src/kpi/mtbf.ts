import { ratio, type KpiFigure } from './figure.js';
import { aupt, type KpiTotals } from './totals.js';

/**
 * ISO 22400-2:2014 mean operating time between failures MTBF = ΣTBF / FE (ms). A time between
 * failures is the operating time up to the failure plus its repair: ΣTBF = ΣTTF + ΣTTR, so
 * MTBF = MTTF + MTTR, and it sums over periods like every other total.
 */
export const mtbf = (t: KpiTotals): KpiFigure => ratio(aupt(t) + t.ttr, t.fe);
