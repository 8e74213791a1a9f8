// Issue 12: GET /api/v1/kpis sums stored per-shift facts; they must give exactly the figures the records give.
// A random plant (the kiosk's record types, kpi-plant.mjs) arrives in batches in any order — the way late
// offline batches do — with KPI reads in between (so facts are stored, then made stale by a later batch), and
// one rejection arrives a shift after the weighing it scraps; then the facts and the records are compared for
// the station, each instrument, a window that starts in the middle, and the plant. Rows are written as a push
// writes them: the records and the invalidation of the facts they can change, in one transaction.
import fc from 'fast-check';
import { afterEach, expect, it } from 'vitest';
import { buildApp, memoryKeyProvider, seedDemoPlant } from '@lineside/sync-server';
import { computeKpisFromFacts } from '../../apps/sync-server/src/kpis/facts.js';
import { invalidateFactsForRows } from '../../apps/sync-server/src/kpis/invalidate.js';
import { loadKpiMaster } from '../../apps/sync-server/src/kpis/master.js';
import { resolveScope } from '../../apps/sync-server/src/kpis/scope.js';
import type { RecordsTable } from '../../apps/sync-server/src/db/schema.js';
import { plantRows, synthesizePlant } from '../bench/server/kpi-plant.mjs';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList } from '../faults/support/sync-fixture.js';
import { expectFactsAgree } from './support/kpi-agreement.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 20);
const DAYS = 3;
// During the late shift of the last day: that shift is computed every time, never stored.
const NOW = new Date(START + (DAYS - 1) * DAY + 19 * 3_600_000);

/** A rejection (scrap) of `weighing`, recorded at `at`: a record of the same order, kiosk and chain. */
function rejectionOf(weighing: RecordsTable, at: number, seq: number): RecordsTable {
  const envelope = JSON.parse(weighing.envelope) as { payload: Record<string, unknown> } & Record<string, unknown>;
  const occurredAt = new Date(at).toISOString().replace('Z', '+00:00');
  const id = `${weighing.record_id}-rejected`;
  const payload = { at: occurredAt, type: 'WeighingRejected', shift: envelope.payload['shift'], orderId: envelope.payload['orderId'], stepId: envelope.payload['stepId'], by: 'olivia.operator', weighingId: envelope.payload['weighingId'], reason: 'found contaminated at the next check', disposition: 'scrap' };
  return { ...weighing, seq, record_id: id, hash: `h${seq}`, prev_hash: `h${seq - 1}`, type: 'order.weighing-rejected', occurred_at: occurredAt, received_at: new Date(at + 3_600_000).toISOString(), envelope: JSON.stringify({ ...envelope, id, seq, type: 'order.weighing-rejected', occurredAt, payload }) };
}

onEachEngine('KPI facts give the figures the records give (issue 12)', (fresh) => {
  it('on random plants whose batches arrive late and in any order, read between batches', async () => {
    const app = await buildApp({ database: await fresh(), now: () => NOW, serverKeys: memoryKeyProvider(), checksSweepMs: 0 });
    cleanups.add(() => app.close());
    await seedDemoPlant(app.db, app.engine, NOW);
    let run = 0;
    let restored = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 1_000_000 }),
          minutesPerWeighing: fc.integer({ min: 2, max: 6 }),
          instruments: fc.constantFrom(['A'], ['A', 'B']),
          arrival: fc.uniqueArray(fc.nat({ max: 1000 }), { minLength: 2, maxLength: 6 }),
          readAfter: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
          lateRejection: fc.boolean(),
        }),
        async (p) => {
          run++;
          // Instruments of their own: a work unit is found by the station that holds it.
          const station = { id: `P-${run}`, equipmentIds: p.instruments.map((i) => `P${run}-BAL-${i}`) };
          await synthesizePlant(app.db, { stations: [station], days: 0, start: START });
          const rows = plantRows(station, { days: DAYS, start: START, minutesPerWeighing: p.minutesPerWeighing, seed: p.seed, ordersPrefix: `P${run}` }) as unknown as RecordsTable[];
          // Consecutive pieces of the kiosk's log, arriving in the order `arrival` sorts them into.
          const size = Math.ceil(rows.length / p.arrival.length);
          const batches = p.arrival.map((key, k) => ({ key, rows: rows.slice(k * size, (k + 1) * size) })).sort((a, b) => a.key - b.key);
          if (p.lateRejection) {
            // A weighing of the first morning, scrapped by a record of the afternoon that arrives last.
            const weighing = rows.find((r) => r.type === 'order.weighing-recorded' && Date.parse(r.occurred_at) > START + 7 * 3_600_000)!;
            batches.push({ key: 1001, rows: [rejectionOf(weighing, Date.parse(weighing.occurred_at) + 8 * 3_600_000, rows.length + 1)] });
          }
          const master = await loadKpiMaster(app.db);
          const scope = await resolveScope(app.db, 'station', station.id);
          if (!scope.ok) throw new Error(scope.message);
          for (const [k, batch] of batches.entries()) {
            await app.db.transaction().execute(async (trx) => {
              for (let i = 0; i < batch.rows.length; i += 500) await trx.insertInto('records').values(batch.rows.slice(i, i + 500)).execute();
              await invalidateFactsForRows(trx, `K-${station.id}`, batch.rows);
            });
            if (p.readAfter[k] ?? true) await computeKpisFromFacts(app.db, app.engine, master, scope.units, START, START + DAYS * DAY, 'shift', NOW.getTime());
          }
          const period = { from: START, to: START + DAYS * DAY };
          const use = await expectFactsAgree(app, { scope: 'station', id: station.id, ...period, granularity: 'shift' });
          restored += use.stored;
          await expectFactsAgree(app, { scope: 'station', id: station.id, ...period, granularity: 'day' });
          // A window that starts in the middle of the plant's life: the state, heartbeats and steps before it count.
          await expectFactsAgree(app, { scope: 'station', id: station.id, from: START + DAY, to: START + DAYS * DAY, granularity: 'week' });
          for (const instrument of station.equipmentIds) await expectFactsAgree(app, { scope: 'workUnit', id: instrument, ...period, granularity: 'shift' });
        },
      ),
      { numRuns: 5 },
    );
    await expectFactsAgree(app, { scope: 'plant', from: START, to: START + DAYS * DAY, granularity: 'day' });
    // The comparison read stored facts, not only fresh ones: the stored path was exercised.
    expect(restored).toBeGreaterThan(0);
  }, 600_000);

  it('uses a recipe step’s own PRI over its material’s, and recomputes the stored facts when it is set', async () => {
    const app = await buildApp({ database: await fresh(), now: () => NOW, serverKeys: memoryKeyProvider(), checksSweepMs: 0 });
    cleanups.add(() => app.close());
    await seedDemoPlant(app.db, app.engine, NOW);
    const station = { id: 'PRI-1', equipmentIds: ['PRI-BAL'] };
    await synthesizePlant(app.db, { stations: [station], days: 1, start: START });
    const query = { scope: 'station' as const, id: station.id, from: START, to: START + DAY, granularity: 'day' as const };
    await expectFactsAgree(app, query);
    const plannedRun = async () => {
      const master = await loadKpiMaster(app.db);
      const scope = await resolveScope(app.db, 'station', station.id);
      if (!scope.ok) throw new Error(scope.message);
      return (await computeKpisFromFacts(app.db, app.engine, master, scope.units, START, START + DAY, 'day', NOW.getTime())).buckets[0]!.totals.plannedRun;
    };
    const byMaterial = await plannedRun();
    // Step 3 of PCM-500-GRAN v3 dispenses paracetamol (PRI 0.2 min/kg on the material); the step now plans 1.0 min/kg.
    const stored = await app.db.selectFrom('master_data').select('data').where('entity', '=', 'recipe').where('entity_id', '=', 'PCM-500-GRAN@3').executeTakeFirstOrThrow();
    const recipe = JSON.parse(stored.data!) as { steps: { id: string; kind: string; plannedRunMinutesPerKg?: number }[] };
    recipe.steps.find((s) => s.id === '3')!.plannedRunMinutesPerKg = 1.0;
    await app.db.updateTable('master_data').set({ data: JSON.stringify(recipe) }).where('entity', '=', 'recipe').where('entity_id', '=', 'PCM-500-GRAN@3').execute();
    // Hand computation: every kilogram weighed in step 3 (PCM) now plans 1.0 − 0.2 = 0.8 min more.
    const rows = plantRows(station, { days: 1, start: START });
    const step3Kg = rows
      .map((r) => JSON.parse(String(r['envelope'])) as { type: string; payload: Record<string, string> })
      .filter((e) => e.type === 'order.weighing-recorded' && e.payload['stepId'] === '3')
      .reduce((kg, e) => kg + Number(e.payload['net']), 0);
    expect(step3Kg).toBeGreaterThan(0);
    expect((await plannedRun()) - byMaterial).toBeCloseTo(step3Kg * 0.8 * 60_000, 3);
    // byMaterial was read from facts stored under the old recipe: they were not used once it changed.
    await expectFactsAgree(app, query);
  }, 120_000);
});
