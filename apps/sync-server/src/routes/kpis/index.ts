import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { addTotals, emptyTotals, isoKpis, localToInstantMs, type KpiTotals } from '@lineside/domain';
import { refuse } from '../../plugins/errors.js';
import { computeKpis, type Bucket, type Granularity } from '../../kpis/compute.js';
import { computeKpisFromFacts } from '../../kpis/facts.js';
import { floorFromParts } from '../../kpis/floor.js';
import { loadKpiMaster } from '../../kpis/master.js';
import { resolveScope, type KpiScope } from '../../kpis/scope.js';
import { errors } from '../common.js';
import { REVIEWER_ROLES } from '../records/index.js';
import { KpiQuery, KpiRecordsResponse, KpiResponse } from './schemas.js';

const MAX_SPAN_MS = 400 * 86_400_000;

function instantOf(text: string, timeZone: string): number {
  return text.length === 10 ? localToInstantMs(timeZone, text, '00:00') : Date.parse(text);
}

const totalsView = (t: KpiTotals) => ({
  POT: t.pot,
  PDOT: t.pdot,
  PBT: t.pbt,
  APT: t.apt,
  AUST: t.aust,
  ADET: t.adet,
  ADOT: t.adot,
  unknown: t.unknown,
  offPlan: t.offPlan,
  PQ: t.pq,
  GQ: t.gq,
  SQ: t.sq,
  RQ: t.rq,
  plannedRun: t.plannedRun,
  IP: t.ip,
  GP: t.gp,
  FE: t.fe,
  TTR: t.ttr,
});

function sumBuckets(key: string, buckets: readonly Bucket[], fallback: { from: number; to: number }): Bucket {
  let totals = emptyTotals();
  const down: Record<string, number> = {};
  const stateIds = new Set<string>();
  let quantityRecords = 0;
  for (const b of buckets) {
    totals = addTotals(totals, b.totals);
    for (const [r, ms] of Object.entries(b.downByReason)) down[r] = (down[r] ?? 0) + ms;
    for (const id of b.stateIds) stateIds.add(id);
    quantityRecords += b.quantityRecords;
  }
  return {
    key,
    from: buckets.length ? Math.min(...buckets.map((b) => b.from)) : fallback.from,
    to: buckets.length ? Math.max(...buckets.map((b) => b.to)) : fallback.to,
    shifts: buckets.reduce((n, b) => n + b.shifts, 0),
    totals,
    kpis: isoKpis(totals),
    downByReason: down,
    stateIds,
    quantityRecords,
    // A quantity record is in one shift of one station only; a state may span shifts: count it once.
    records: quantityRecords + stateIds.size,
  };
}

export const kpisRoutes: FastifyPluginAsyncTypebox = async (app) => {
  /** Shared by the figures and their drill-down: the scope, the window, the computation. */
  /** `facts`: sum the stored KPI facts (the figures); otherwise compute from the records (the drill-down's list). */
  async function run(query: { scope: KpiScope; id?: string | undefined; from: string; to: string; granularity?: Granularity | undefined }, facts: boolean) {
    const master = await loadKpiMaster(app.db);
    const from = instantOf(query.from, master.calendar.timeZone);
    const to = instantOf(query.to, master.calendar.timeZone);
    if (!(to > from)) return { error: `to (${query.to}) must be after from (${query.from})`, notFound: false } as const;
    if (to - from > MAX_SPAN_MS) return { error: `from ${query.from} to ${query.to} is longer than 400 days: ask for a shorter period`, notFound: false } as const;
    const scope = await resolveScope(app.db, query.scope, query.id);
    if (!scope.ok) return { error: scope.message, notFound: query.id !== undefined } as const;
    const granularity = query.granularity ?? 'shift';
    const now = app.now().getTime();
    const computation = facts ? await computeKpisFromFacts(app.db, app.engine, master, scope.units, from, to, granularity, now) : await computeKpis(app.db, master, scope.units, from, to, granularity, now);
    return { master, from, to, granularity, computation } as const;
  }

  app.get(
    '/',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: 'ISO 22400-2 KPIs and floor KPIs of a work unit, a station or the plant, computed from the stored records by event time',
        description:
          'Each KPI comes with its numerator and denominator, each bucket with its time-model totals (PBT, APT, AUST, ADET, ADOT, PQ, GQ, SQ, RQ …). Buckets aggregate as the ratio of sums of their shifts. Summed from KPI facts kept per unit and shift: a pushed batch deletes the facts of the shifts it can change (by event time) in its own transaction and they are recomputed from the records, so late offline records change the figures of the shifts they happened in.',
        tags: ['kpis'],
        security: [{ bearer: [] }],
        querystring: KpiQuery,
        response: { 200: KpiResponse, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await run(q, true);
      if ('error' in result) return refuse(reply, result.notFound ? 404 : 400, result.notFound ? 'not-found' : 'invalid-body', String(result.error));
      const { computation, master, from, to, granularity } = result;
      const href = (b: Bucket) => `/api/v1/kpis/records?${new URLSearchParams({ scope: q.scope, ...(q.id ? { id: q.id } : {}), from: new Date(b.from).toISOString(), to: new Date(b.to).toISOString() }).toString()}`;
      const view = (b: Bucket) => ({
        key: b.key,
        from: new Date(b.from).toISOString(),
        to: new Date(b.to).toISOString(),
        shifts: b.shifts,
        totals: totalsView(b.totals),
        kpis: b.kpis,
        downByReason: Object.entries(b.downByReason)
          .map(([reason, ms]) => ({ reason, ms }))
          .sort((a, c) => c.ms - a.ms || a.reason.localeCompare(c.reason)),
        records: b.records,
        recordsHref: href(b),
      });
      const window = { from, to };
      return {
        scope: q.scope,
        id: q.id ?? null,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        granularity,
        timeZone: master.calendar.timeZone,
        total: view(sumBuckets('total', computation.buckets, window)),
        buckets: computation.buckets.map(view),
        stations: computation.stations.map((s) => ({ stationId: s.stationId, total: view(sumBuckets('total', s.buckets, window)), buckets: s.buckets.map(view) })),
        floor: floorFromParts(computation.floor),
        computedAt: app.now().toISOString(),
      };
    },
  );

  app.get(
    '/records',
    {
      preHandler: app.requireUser(REVIEWER_ROLES),
      schema: {
        summary: 'The records behind the KPI figures of the shifts starting in [from, to): state changes and quantity records (drill-down)',
        tags: ['kpis'],
        security: [{ bearer: [] }],
        querystring: KpiQuery,
        response: { 200: KpiRecordsResponse, ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const result = await run(request.query, false);
      if ('error' in result) return refuse(reply, result.notFound ? 404 : 400, result.notFound ? 'not-found' : 'invalid-body', String(result.error));
      const ids = [...new Set(result.computation.buckets.flatMap((b) => b.recordIds ?? []))];
      const rows = [];
      for (let k = 0; k < ids.length && rows.length < 5000; k += 500) {
        rows.push(...(await app.db.selectFrom('records').select(['record_id', 'kiosk_id', 'seq', 'type', 'occurred_at', 'received_at']).where('record_id', 'in', ids.slice(k, k + 500)).execute()));
      }
      rows.sort((a, b) => Date.parse(a.occurred_at) - Date.parse(b.occurred_at) || a.kiosk_id.localeCompare(b.kiosk_id) || Number(a.seq) - Number(b.seq));
      return { total: ids.length, records: rows.slice(0, 5000).map((r) => ({ id: r.record_id, kioskId: r.kiosk_id, seq: Number(r.seq), type: r.type, occurredAt: r.occurred_at, receivedAt: r.received_at })) };
    },
  );
};
