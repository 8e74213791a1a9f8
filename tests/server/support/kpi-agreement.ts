// Issue 12: the stored KPI facts are a faster way to the same figures, never other figures. Both ways are
// run in the server's process on its database: the facts (what GET /api/v1/kpis answers) and the
// computation from the records (the reference and the drill-down), and everything the API answers compared.
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { computeKpis, type Granularity, type KpiComputation } from '../../../apps/sync-server/src/kpis/compute.js';
import { computeKpisFromFacts, type FactUse } from '../../../apps/sync-server/src/kpis/facts.js';
import { floorFromParts } from '../../../apps/sync-server/src/kpis/floor.js';
import { loadKpiMaster } from '../../../apps/sync-server/src/kpis/master.js';
import { resolveScope, type KpiScope } from '../../../apps/sync-server/src/kpis/scope.js';

/** Everything of a computation that the API answers. */
export function kpiFigures(c: KpiComputation) {
  const bucket = (b: KpiComputation['buckets'][number]) => ({ key: b.key, from: b.from, to: b.to, shifts: b.shifts, totals: b.totals, kpis: b.kpis, down: b.downByReason, records: b.records });
  return { buckets: c.buckets.map(bucket), stations: c.stations.map((s) => ({ id: s.stationId, buckets: s.buckets.map(bucket) })), floor: floorFromParts(c.floor) };
}

/** The figures both ways for one query; fails naming the query when they differ. Returns how the facts were used. */
export async function expectFactsAgree(app: FastifyInstance, query: { scope: KpiScope; id?: string; from: number; to: number; granularity: Granularity }): Promise<FactUse> {
  const master = await loadKpiMaster(app.db);
  const scope = await resolveScope(app.db, query.scope, query.id);
  if (!scope.ok) throw new Error(scope.message);
  const now = app.now().getTime();
  const use: FactUse = { stored: 0, computed: 0 };
  const fast = await computeKpisFromFacts(app.db, app.engine, master, scope.units, query.from, query.to, query.granularity, now, use);
  const slow = await computeKpis(app.db, master, scope.units, query.from, query.to, query.granularity, now);
  const name = `${query.scope} ${query.id ?? ''} ${new Date(query.from).toISOString()}..${new Date(query.to).toISOString()} by ${query.granularity}`;
  expect(kpiFigures(fast), name).toEqual(kpiFigures(slow));
  // The drill-down's list and the facts' count name the same number of records.
  expect(fast.buckets.map((b) => b.records), name).toEqual(slow.buckets.map((b) => b.recordIds!.length));
  return use;
}
