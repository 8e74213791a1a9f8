import { boundedRatio, type KpiFigure } from './figure.js';
import { aubt, type KpiTotals } from './totals.js';

/**
 * ISO 22400-2:2014 allocation efficiency AE = AUBT / AT. Our available time AT is the planned
 * busy time PBT (the calendar's planned operation time less planned down time).
 */
export const allocationEfficiency = (t: KpiTotals): KpiFigure => boundedRatio(aubt(t), t.pbt, 'Allocation efficiency');
