import type { KpiFigure } from './figure.js';
import { effectiveness } from './effectiveness.js';
import { qualityRatio } from './quality-ratio.js';
import { aupt, type KpiTotals } from './totals.js';

/** ISO 22400-2:2014 net equipment effectiveness NEE = (AUPT / PBT) · E · QR. */
export function nee(t: KpiTotals): KpiFigure {
  const e = effectiveness(t);
  const qr = qualityRatio(t);
  const processing = aupt(t);
  const value = t.pbt === 0 || e.value === null || qr.value === null ? null : (processing / t.pbt) * e.value * qr.value;
  const numerator = t.apt === 0 || t.pq === 0 ? 0 : (processing * t.plannedRun * t.gq) / (t.apt * t.pq);
  return { numerator, denominator: t.pbt, value, ...(e.dataError ? { dataError: e.dataError } : {}) };
}
