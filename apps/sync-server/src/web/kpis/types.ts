/** GET /api/v1/kpis as the page reads it (routes/kpis/schemas.ts is the contract). */
export interface Figure {
  readonly numerator: number;
  readonly denominator: number;
  readonly value: number | null;
  readonly dataError?: string;
}
export interface BucketView {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly shifts: number;
  readonly totals: Readonly<Record<'POT' | 'PDOT' | 'PBT' | 'APT' | 'AUST' | 'ADET' | 'ADOT' | 'unknown' | 'offPlan' | 'PQ' | 'GQ' | 'SQ' | 'RQ' | 'plannedRun' | 'IP' | 'GP' | 'FE' | 'TTR', number>>;
  readonly kpis: Readonly<Record<string, Figure>>;
  readonly downByReason: readonly { readonly reason: string; readonly ms: number }[];
  readonly records: number;
  readonly recordsHref: string;
}
export interface FloorView {
  readonly dispenseRightFirstTime: Figure;
  readonly inToleranceRate: Figure & { readonly biasPercent: number | null; readonly cpk: number | null; readonly samples: number };
  readonly minimumWeightCompliance: Figure;
  readonly routineTestCompliance: Figure & { readonly violations: number };
  readonly holdReleaseLeadTime: { readonly p50Ms: number | null; readonly p90Ms: number | null; readonly releases: number };
  readonly deviationsPer1000Dispenses: Figure;
  readonly sync: readonly { readonly kioskId: string; readonly records: number; readonly latencyP95Ms: number | null; readonly longestOfflineMs: number | null }[];
}
export interface KpiView {
  readonly scope: string;
  readonly id: string | null;
  readonly from: string;
  readonly to: string;
  readonly granularity: string;
  readonly timeZone: string;
  readonly total: BucketView;
  readonly buckets: readonly BucketView[];
  readonly stations: readonly { readonly stationId: string; readonly total: BucketView; readonly buckets: readonly BucketView[] }[];
  readonly floor: FloorView;
  readonly computedAt: string;
}
export interface DrillView {
  readonly total: number;
  readonly records: readonly { readonly id: string; readonly kioskId: string; readonly seq: number; readonly type: string; readonly occurredAt: string }[];
}
