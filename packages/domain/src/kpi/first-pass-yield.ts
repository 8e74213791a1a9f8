import { boundedRatio, type KpiFigure } from './figure.js';
import type { KpiTotals } from './totals.js';

/**
 * ISO 22400-2:2014 first pass yield FPY = GP / IP. A part is a completed dispense; it passes first
 * time when no weighing of it was rejected and no tolerance was overridden.
 */
export const firstPassYield = (t: KpiTotals): KpiFigure => boundedRatio(t.gp, t.ip, 'First pass yield');
