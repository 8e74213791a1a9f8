import type { KpiFigure } from './figure.js';
import { availability } from './availability.js';
import { effectiveness } from './effectiveness.js';
import { qualityRatio } from './quality-ratio.js';
import type { KpiTotals } from './totals.js';

/**
 * ISO 22400-2:2014 OEE index = A · E · QR = (APT/PBT)·(ΣPRI·PQ/APT)·(GQ/PQ).
 * As one fraction: numerator = ΣPRI·PQ · GQ/PQ (the planned run time of the good quantity),
 * denominator = PBT. The value is the product of the three factors (null if any is).
 */
export function oee(t: KpiTotals): KpiFigure {
  const a = availability(t);
  const e = effectiveness(t);
  const qr = qualityRatio(t);
  const value = a.value === null || e.value === null || qr.value === null ? null : a.value * e.value * qr.value;
  const numerator = t.pq === 0 ? 0 : (t.plannedRun * t.gq) / t.pq;
  const dataError = e.dataError ?? a.dataError ?? qr.dataError;
  return { numerator, denominator: t.pbt, value, ...(dataError ? { dataError } : {}) };
}
