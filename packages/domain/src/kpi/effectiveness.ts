import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/** ISO 22400-2:2014 effectiveness E = Σ(PRI·PQ) / APT; above 100 % is a data error, flagged, not clipped. */
export const effectiveness = (t: KpiTotals): KpiFigure => boundedRatio(t.plannedRun, t.apt, 'Effectiveness');
