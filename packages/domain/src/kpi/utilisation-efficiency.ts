import { boundedRatio, type KpiFigure } from './figure.js';
import { aubt, type KpiTotals } from './totals.js';

/** ISO 22400-2:2014 utilization efficiency UE = APT / AUBT. */
export const utilisationEfficiency = (t: KpiTotals): KpiFigure => boundedRatio(t.apt, aubt(t), 'Utilisation efficiency');
