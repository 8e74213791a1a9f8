import { Type } from 'typebox';
import { ISO_KPI_NAMES } from '@lineside/domain';
import { GRANULARITIES } from '../../kpis/compute.js';
import { KPI_SCOPES } from '../../kpis/scope.js';

const DateOrInstant = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2}))?$', description });

export const KpiQuery = Type.Object(
  {
    scope: Type.Union(KPI_SCOPES.map((s) => Type.Literal(s)), { description: 'workUnit (one instrument), station, or plant' }),
    id: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'equipment id (workUnit) or station id (station); none for plant' })),
    from: DateOrInstant('first day (plant-local date, YYYY-MM-DD) or instant: shifts that start from here on'),
    to: DateOrInstant('end, exclusive (plant-local date or instant): shifts that start before it'),
    granularity: Type.Optional(Type.Union(GRANULARITIES.map((g) => Type.Literal(g)), { default: 'shift', description: 'bucket by shift, day, ISO week or month (of the day each shift started)' })),
  },
  { additionalProperties: false },
);

const Figure = Type.Object(
  {
    numerator: Type.Number(),
    denominator: Type.Number(),
    value: Type.Union([Type.Number(), Type.Null()], { description: 'numerator / denominator; null when the denominator is 0' }),
    dataError: Type.Optional(Type.String({ description: 'a value valid data cannot give (E above 100 %): kept, not clipped' })),
  },
  { additionalProperties: false },
);

const ms = (description: string) => Type.Number({ description: `${description}, ms` });
const kg = (description: string) => Type.Number({ description: `${description}, kg` });
export const TotalsSchema = Type.Object(
  {
    POT: ms('planned operation time (shift less breaks)'),
    PDOT: ms('planned down time'),
    PBT: ms('planned busy time = POT − PDOT'),
    APT: ms('actual production time (running)'),
    AUST: ms('actual unit setup time (setup, routine tests, cleaning)'),
    ADET: ms('actual unit delay time (down during planned busy time)'),
    ADOT: ms('actual unit down time (idle: available, no order)'),
    unknown: ms('planned busy time without a heartbeat or a state: never counted as running'),
    offPlan: ms('state time outside planned busy time (breaks, planned down)'),
    PQ: kg('produced quantity'),
    GQ: kg('good quantity'),
    SQ: kg('scrap quantity'),
    RQ: kg('rework quantity'),
    plannedRun: ms('Σ PRI·PQ'),
    IP: Type.Number({ description: 'inspected parts (dispenses completed)' }),
    GP: Type.Number({ description: 'good parts at first pass' }),
    FE: Type.Number({ description: 'failure events' }),
    TTR: ms('Σ time to repair'),
  },
  { additionalProperties: false },
);

const Kpis = Type.Object(Object.fromEntries(ISO_KPI_NAMES.map((n) => [n, Figure])), { additionalProperties: false, description: 'ISO 22400-2 KPIs: ratios 0..1, MTBF/MTTR/MTTF in ms, throughput rate in kg/h' });

const Bucket = Type.Object(
  {
    key: Type.String({ description: '`2026-11-25 early`, `2026-11-25`, `2026-W48` or `2026-11`' }),
    from: Type.String({ description: 'start of its first shift' }),
    to: Type.String({ description: 'end of its last shift' }),
    shifts: Type.Integer(),
    totals: TotalsSchema,
    kpis: Kpis,
    downByReason: Type.Array(Type.Object({ reason: Type.String(), ms: Type.Number() }, { additionalProperties: false }), { description: 'down time by reason, largest first (Pareto)' }),
    records: Type.Integer({ description: 'how many records are behind these figures' }),
    recordsHref: Type.String({ description: 'the records behind the figures (drill-down)' }),
  },
  { additionalProperties: false },
);

const RatioWithIds = Type.Object({ numerator: Type.Number(), denominator: Type.Number(), value: Type.Union([Type.Number(), Type.Null()]), recordIds: Type.Array(Type.String()) }, { additionalProperties: false });
const Nullable = (description: string) => Type.Union([Type.Number(), Type.Null()], { description });

export const FloorSchema = Type.Object(
  {
    dispenseRightFirstTime: RatioWithIds,
    inToleranceRate: Type.Object(
      { numerator: Type.Number(), denominator: Type.Number(), value: Nullable('in-tolerance dispenses / dispenses'), biasPercent: Nullable('mean (dispensed − target) / target, %'), cpk: Nullable('Cpk of the dispenses placed in their tolerance bands'), samples: Type.Integer() },
      { additionalProperties: false },
    ),
    minimumWeightCompliance: Figure,
    routineTestCompliance: Type.Object({ numerator: Type.Number(), denominator: Type.Number(), value: Type.Union([Type.Number(), Type.Null()]), violations: Type.Integer({ description: 'weighings on an overdue, uncalibrated or unknown balance: must be 0' }), recordIds: Type.Array(Type.String()) }, { additionalProperties: false }),
    holdReleaseLeadTime: Type.Object({ p50Ms: Nullable('median hold → release'), p90Ms: Nullable('90th percentile'), releases: Type.Integer() }, { additionalProperties: false }),
    deviationsPer1000Dispenses: RatioWithIds,
    sync: Type.Array(
      Type.Object({ kioskId: Type.String(), records: Type.Integer(), latencyP95Ms: Nullable('95th percentile of arrival − event time'), longestOfflineMs: Nullable('longest wait of a record between its event and its arrival') }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false, description: 'floor KPIs of FLOOR.md (defined by Lineside, not ISO 22400) over the whole period' },
);

export const KpiResponse = Type.Object(
  {
    scope: Type.String(),
    id: Type.Union([Type.String(), Type.Null()]),
    from: Type.String(),
    to: Type.String(),
    granularity: Type.String(),
    timeZone: Type.String(),
    total: Bucket,
    buckets: Type.Array(Bucket),
    stations: Type.Array(Type.Object({ stationId: Type.String(), total: Bucket, buckets: Type.Array(Bucket) }, { additionalProperties: false }), { description: 'each station of the scope, with its own buckets' }),
    floor: FloorSchema,
    computedAt: Type.String(),
  },
  { additionalProperties: false },
);

export const KpiRecordsResponse = Type.Object(
  {
    total: Type.Integer(),
    records: Type.Array(
      Type.Object({ id: Type.String(), kioskId: Type.String(), seq: Type.Integer(), type: Type.String(), occurredAt: Type.String(), receivedAt: Type.String() }, { additionalProperties: false }),
    ),
  },
  { additionalProperties: false },
);
