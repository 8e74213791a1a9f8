import { allocationEfficiency } from './allocation-efficiency.js';
import { availability } from './availability.js';
import { effectiveness } from './effectiveness.js';
import type { KpiFigure } from './figure.js';
import { firstPassYield } from './first-pass-yield.js';
import { mtbf } from './mtbf.js';
import { mttf } from './mttf.js';
import { mttr } from './mttr.js';
import { nee } from './nee.js';
import { oee } from './oee.js';
import { qualityRatio } from './quality-ratio.js';
import { reworkRatio } from './rework-ratio.js';
import { scrapRatio } from './scrap-ratio.js';
import { setupRatio } from './setup-ratio.js';
import { technicalEfficiency } from './technical-efficiency.js';
import { throughputRate } from './throughput-rate.js';
import type { KpiTotals } from './totals.js';
import { utilisationEfficiency } from './utilisation-efficiency.js';

/** The ISO 22400-2 KPIs this system computes, by name; ratios are 0..1, MTxx in ms, throughput in kg/h. */
export const ISO_KPIS = {
  availability,
  effectiveness,
  qualityRatio,
  oee,
  nee,
  allocationEfficiency,
  utilisationEfficiency,
  technicalEfficiency,
  setupRatio,
  scrapRatio,
  reworkRatio,
  firstPassYield,
  mtbf,
  mttr,
  mttf,
  throughputRate,
} as const satisfies Record<string, (t: KpiTotals) => KpiFigure>;

export const ISO_KPI_NAMES = Object.keys(ISO_KPIS) as (keyof typeof ISO_KPIS)[];
export type IsoKpiName = keyof typeof ISO_KPIS;

export function isoKpis(t: KpiTotals): Record<IsoKpiName, KpiFigure> {
  const out = {} as Record<IsoKpiName, KpiFigure>;
  for (const name of ISO_KPI_NAMES) out[name] = ISO_KPIS[name](t);
  return out;
}
