// @ts-check
// Issue 12: the KPIs of a plant of 20 stations × 30 days × 3 shifts (about a million records) by shift for
// the month, GET /api/v1/kpis ≤ 500 ms, on SQLite and on PostgreSQL, printed beside a raw scan of the same
// rows; and the cost of one late offline batch (a shift a station kept offline, arriving two days later).
//
// The records are the kiosk's record types (kpi-plant.mjs) written straight into the records table, unsigned:
// the KPIs never verify signatures (ingest does, once, and has its own benchmark), and pushing a million
// signed records through ingest would take most of an hour on this machine. The late batch goes in the way a
// push writes it: its rows and the invalidation of the facts it can change, in one transaction
// (kpis/invalidate.ts is what ingestBatch calls).
//
// Times are wall clock beside the CPU time this process used (the server runs in-process: on SQLite that is
// all the work; PostgreSQL's own CPU is in its processes and not counted), with the load average when each
// part started: on a shared 2-core VM wall time mostly measures the wait for a core.
import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, memoryKeyProvider, seedDemoPlant } from '../../../apps/sync-server/dist/index.js';
import { computeKpis } from '../../../apps/sync-server/dist/kpis/compute.js';
import { computeKpisFromFacts } from '../../../apps/sync-server/dist/kpis/facts.js';
import { floorFromParts } from '../../../apps/sync-server/dist/kpis/floor.js';
import { invalidateFactsForRows } from '../../../apps/sync-server/dist/kpis/invalidate.js';
import { loadKpiMaster } from '../../../apps/sync-server/dist/kpis/master.js';
import { resolveScope } from '../../../apps/sync-server/dist/kpis/scope.js';
import { plantRows, synthesizePlant } from './kpi-plant.mjs';
import { PG_URL, quantile, ratio, withPg } from './support.mjs';

const LIMIT_MS = 500;
const RUNS = 7;
// LINESIDE_KPI_BENCH_STATIONS / _ENGINES shrink the run for a quick try; the figures are the full one's.
const STATIONS = Array.from({ length: Number(process.env['LINESIDE_KPI_BENCH_STATIONS'] ?? 20) }, (_, i) => ({ id: `S-${String(i + 1).padStart(2, '0')}`, equipmentIds: ['BAL-01', 'BAL-02'] }));
const SHIFTS = [{ id: 'early', startHour: 6 }, { id: 'late', startHour: 14 }, { id: 'night', startHour: 22 }];
const START = Date.UTC(2026, 10, 1);
const DAYS = 30;
const NOW = new Date(Date.UTC(2026, 11, 1, 8, 0));
const QUERY = '/api/v1/kpis?scope=plant&from=2026-11-01&to=2026-12-01&granularity=shift';
// The late batch: station S-07 was offline for the late shift of 29 November; its records arrive on 1 December.
const LATE_STATION = STATIONS[Math.min(6, STATIONS.length - 1)];
const LATE_FROM = Date.UTC(2026, 10, 29, 14);
const LATE_TO = Date.UTC(2026, 10, 29, 22);

const load = () => os.loadavg()[0].toFixed(1);
/** Wall and CPU (user + system of this process) ms of `run`. @template T @param {() => Promise<T>} run */
async function timed(run) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { value, wall, cpu: (used.user + used.system) / 1000 };
}
const ms = (/** @type {number} */ n) => `${Math.round(n).toLocaleString('en')} ms`;

/** The figures of a computation that must be the same both ways (everything the API answers). */
function figures(/** @type {any} */ c) {
  const bucket = (/** @type {any} */ b) => ({ key: b.key, shifts: b.shifts, totals: b.totals, kpis: b.kpis, down: b.downByReason, records: b.records });
  return JSON.stringify({ buckets: c.buckets.map(bucket), stations: c.stations.map((/** @type {any} */ s) => ({ id: s.stationId, buckets: s.buckets.map(bucket) })), floor: floorFromParts(c.floor) });
}

/** From the records, station by station (the whole plant at once would hold a million parsed records). */
async function fromRecordsAgree(/** @type {any} */ app, /** @type {any} */ master, /** @type {any[]} */ units, /** @type {string[]} */ which) {
  let same = 0;
  for (const unit of units.filter((u) => which.includes(u.stationId))) {
    const slow = await computeKpis(app.db, master, [unit], START, START + DAYS * 86_400_000, 'shift', NOW.getTime());
    const fast = await computeKpisFromFacts(app.db, app.engine, master, [unit], START, START + DAYS * 86_400_000, 'shift', NOW.getTime());
    if (figures(slow) === figures(fast)) same++;
    else console.log(`  !! ${unit.stationId}: the facts and the records disagree`);
  }
  return same;
}

async function measure(/** @type {'sqlite' | 'postgres'} */ engine) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kpi-bench-'));
  const schema = `lb_kpi_${randomBytes(5).toString('hex')}`;
  const database = engine === 'sqlite' ? { engine, file: path.join(dir, 'server.sqlite') } : { engine, url: PG_URL, schema };
  const app = await buildApp({ database, now: () => NOW, serverKeys: memoryKeyProvider(), checksSweepMs: 0 });
  try {
    const password = (await seedDemoPlant(app.db, app.engine, NOW))?.['ada.admin']?.password;
    await app.db.insertInto('master_data').values({ entity: 'shift', entity_id: 'night', data: JSON.stringify({ id: 'night', start: '22:00', end: '06:00' }), version: 0, removed: 0 }).execute();
    const insert = await timed(async () => {
      let n = 0;
      for (const station of STATIONS) {
        if (station === LATE_STATION) continue;
        n += await synthesizePlant(app.db, { stations: [station], days: DAYS, start: START, shifts: SHIFTS, minutesPerWeighing: 1.2 });
      }
      return n;
    });
    // The late station's kiosk was offline for one shift: those rows are held back and arrive later.
    const lateRows = plantRows(LATE_STATION, { days: DAYS, start: START, shifts: SHIFTS, minutesPerWeighing: 1.2 });
    const held = lateRows.filter((r) => Date.parse(String(r['occurred_at'])) >= LATE_FROM && Date.parse(String(r['occurred_at'])) < LATE_TO);
    await synthesizePlant(app.db, { stations: [LATE_STATION], days: 0, start: START });
    const early = lateRows.filter((r) => !held.includes(r));
    await app.db.transaction().execute(async (/** @type {any} */ trx) => {
      for (let k = 0; k < early.length; k += 500) await trx.insertInto('records').values(early.slice(k, k + 500)).execute();
    });
    const total = insert.value + early.length;
    console.log(`${engine}: ${total.toLocaleString('en')} records of ${STATIONS.length} stations × ${DAYS} days × ${SHIFTS.length} shifts written in ${(insert.wall / 1000).toFixed(0)} s (load average ${load()})`);

    // The raw scan: every row of the month the computation from records reads, and nothing done with them.
    const lo = new Date(START - 86_400_000).toISOString();
    const hi = new Date(START + (DAYS + 1) * 86_400_000).toISOString();
    const loadScan = load();
    const scan = await timed(() => app.db.selectFrom('records').select(['kiosk_id', 'record_id', 'type', 'occurred_at', 'received_at', 'envelope', 'flags']).where('occurred_at', '>=', lo).where('occurred_at', '<', hi).execute());
    const scanned = scan.value.length;
    scan.value = [];

    const get = () => app.inject({ method: 'GET', url: QUERY, headers: { authorization: `Bearer ${token}` } });
    const session = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'ada.admin', password } });
    const token = session.json().token;
    const loadCold = load();
    const cold = await timed(get);
    if (cold.value.statusCode !== 200) throw new Error(`GET answered ${cold.value.statusCode}: ${cold.value.body.slice(0, 300)}`);
    const buckets = cold.value.json().buckets.length;
    const loadWarm = load();
    const walls = [];
    const cpus = [];
    let bytes = 0;
    for (let k = 0; k < RUNS; k++) {
      const one = await timed(get);
      walls.push(one.wall);
      cpus.push(one.cpu);
      bytes = one.value.body.length;
    }
    const warm = { wall: quantile(walls, 0.5), cpu: quantile(cpus, 0.5) };

    // One late offline batch: its rows and the invalidation, in one transaction as a push writes them; then the GET.
    const loadLate = load();
    const ingest = await timed(() =>
      app.db.transaction().execute(async (/** @type {any} */ trx) => {
        for (let k = 0; k < held.length; k += 500) await trx.insertInto('records').values(held.slice(k, k + 500)).execute();
        await invalidateFactsForRows(trx, `K-${LATE_STATION.id}`, held);
      }),
    );
    const after = await timed(get);
    const changed = after.value.json().buckets.find((/** @type {any} */ b) => b.key === '2026-11-29 late');
    const again = await timed(get);

    // The same figures from the records: the facts are a faster way to the same numbers, not other numbers.
    const master = await loadKpiMaster(app.db);
    const scope = await resolveScope(app.db, 'plant', undefined);
    if (!scope.ok) throw new Error(scope.message);
    const loadSlow = load();
    const slow = await timed(() => computeKpis(app.db, master, scope.units.filter((/** @type {any} */ u) => u.stationId === LATE_STATION.id), START, START + DAYS * 86_400_000, 'shift', NOW.getTime()));
    const agree = await fromRecordsAgree(app, master, scope.units, [LATE_STATION.id, STATIONS[0].id, STATIONS[STATIONS.length - 1].id]);

    const r = (/** @type {number} */ n) => ratio(n, LIMIT_MS);
    console.log(`  KPIs of the plant by shift for the month (${buckets} buckets, ${(bytes / 1e6).toFixed(1)} MB JSON), GET from the facts: median ${ms(warm.wall)} wall, ${ms(warm.cpu)} CPU of ${RUNS}  vs  limit ${LIMIT_MS} ms  = ${r(warm.wall)} (CPU ${r(warm.cpu)}); load average ${loadWarm}`);
    console.log(`  raw scan of the same rows (${scanned.toLocaleString('en')} rows, SELECT only): ${ms(scan.wall)} wall, ${ms(scan.cpu)} CPU  vs  limit ${LIMIT_MS} ms  = ${r(scan.wall)}; the GET is ${(warm.wall / scan.wall).toFixed(3)} of the scan; load average ${loadScan}`);
    console.log(`  first GET, no facts yet (all ${STATIONS.length * DAYS * SHIFTS.length} station-shifts computed from the records and stored): ${ms(cold.wall)} wall, ${ms(cold.cpu)} CPU; load average ${loadCold}`);
    console.log(`  one station's month from the records (the computation without facts): ${ms(slow.wall)} wall, ${ms(slow.cpu)} CPU; × ${STATIONS.length} stations ≈ ${ms(slow.wall * STATIONS.length)}; load average ${loadSlow}`);
    console.log(`  late offline batch (${held.length} records of ${LATE_STATION.id}'s late shift on 29 Nov, 2 days late): insert + invalidation in one transaction ${ms(ingest.wall)} wall, ${ms(ingest.cpu)} CPU; the next GET, recomputing that station from 29 Nov 14:00 on: ${ms(after.wall)} wall, ${ms(after.cpu)} CPU (recompute ≈ ${ms(after.wall - warm.wall)} over a warm GET), then ${ms(again.wall)}; load average ${loadLate}`);
    console.log(`  the late shift of 29 Nov now holds PQ ${changed.totals.PQ.toFixed(1)} kg; facts and records agree on ${agree} of 3 stations checked (incl. the late one)`);
    return { warm, scan };
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgres') await withPg((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
  }
}

console.log(`KPI benchmark on ${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
const engines = /** @type {('sqlite' | 'postgres')[]} */ ((process.env['LINESIDE_KPI_BENCH_ENGINES'] ?? 'sqlite,postgres').split(','));
for (const engine of engines) await measure(engine);
