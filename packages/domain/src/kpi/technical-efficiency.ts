import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 technical efficiency TE = APT / (APT + ADET). */
export const technicalEfficiency = (t: KpiTotals): KpiFigure => boundedRatio(t.apt, t.apt + t.adet, 'Technical efficiency');
