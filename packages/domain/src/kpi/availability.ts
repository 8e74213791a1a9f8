import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 availability A = APT / PBT. */
export const availability = (t: KpiTotals): KpiFigure => boundedRatio(t.apt, t.pbt, 'Availability');
