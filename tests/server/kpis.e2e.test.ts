// Issue 12: the KPI API on the records the real kiosk emits. A real kiosk core of DISP-1 runs the demo
// order at a real server (on each engine); the figures are read back through GET /api/v1/kpis as a
// supervisor reads them, and a batch the kiosk kept offline yesterday changes yesterday's figures.
import { afterEach, expect, it } from 'vitest';
import { onEachEngine } from '../faults/support/engines.js';
import { adminClient, cleanupList, serverRecords, simulatedClock } from '../faults/support/sync-fixture.js';
import { label, plant, station, step } from './support/kiosk-station.js';
import { expectFactsAgree } from './support/kpi-agreement.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

interface Figure {
  numerator: number;
  denominator: number;
  value: number | null;
  dataError?: string;
}
interface BucketView {
  key: string;
  totals: Record<string, number>;
  kpis: Record<string, Figure>;
  records: number;
  recordsHref: string;
  downByReason: { reason: string; ms: number }[];
}
interface KpiView {
  total: BucketView;
  buckets: BucketView[];
  floor: Record<string, Record<string, unknown>> & { sync: { kioskId: string; records: number; latencyP95Ms: number | null; longestOfflineMs: number | null }[] };
}

onEachEngine('ISO 22400 KPIs from the real kiosk records (issue 12)', (fresh) => {
  it('computes the early shift from its records by event time, drills down to them, and recomputes when yesterday’s offline batch arrives', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const { link, ok, send, login, weigh, dispense, morningChecks, throughStep2, synced } = await station(cleanups, server, clock, pin);

    await morningChecks();
    await throughStep2();
    // Step 3: 2 × 25.050 kg of paracetamol on BAL-04; step 4: 2 × 3600 g of MCC on BAL-02.
    await ok('startStep', step('3'));
    await ok('scanLot', { ...step('3'), scan: label('PCM-2402', '270930'), fefoOverride: { userId: 'sam.supervisor', pin: pin('sam.supervisor'), reason: 'PCM-2401 drums sealed for a stability pull' } });
    await ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    await weigh('3', 'BAL-04', '1.500', ['25.050', '25.050'], '-1.500');
    await ok('completeDispense', step('3'));
    // Step 4 on BAL-02: the second container is wrong (1000 g) and Olivia rejects it as scrap with a reason.
    await ok('startStep', step('4'));
    await ok('scanLot', { ...step('4'), scan: label('MCC-118', '280131') });
    await ok('selectBalance', { ...step('4'), balanceId: 'BAL-02' });
    await weigh('4', 'BAL-02', '300.00', ['3600.00', '1000.00'], '-300.00');
    await synced();
    const wrong = (await serverRecords(supervisor)).find((r) => r.payload['type'] === 'WeighingRecorded' && r.payload['stepId'] === '4' && r.payload['containerNo'] === 2)!;
    await ok('rejectWeighing', { ...step('4'), weighingId: String(wrong.payload['weighingId']), reason: 'wrong container filled', disposition: 'scrap' });
    expect(await send('rejectWeighing', { ...step('4'), weighingId: String(wrong.payload['weighingId']), reason: 'again', disposition: 'scrap' })).toMatchObject({ ok: false });
    await weigh('4', 'BAL-02', '300.00', ['3600.00'], '-300.00');
    await ok('completeDispense', step('4'));
    // BAL-02 fails: one tap with a reason of the list; ten minutes later it works again.
    expect(await send('reportEquipmentDown', { equipmentId: 'BAL-02', reason: 'made-up' })).toMatchObject({ ok: false, code: 'down-reason-unknown' });
    await ok('reportEquipmentDown', { equipmentId: 'BAL-02', reason: 'balance-fault' });
    // Delivered before the test clock jumps: a jump during an in-flight push stalls the kiosk's next attempt.
    await synced();
    clock.advance(10 * 60_000 - 10_000);
    // The session locked meanwhile: Olivia badges in again (5 s) and taps "works again" (5 s).
    await login('olivia.operator');
    await ok('reportEquipmentUp', { equipmentId: 'BAL-02' });
    await synced();

    const kpis = async (query: string) => {
      const response = await supervisor('GET', `/api/v1/kpis?${query}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as unknown as KpiView;
    };
    const early = (view: KpiView) => view.buckets.find((b) => b.key === '2026-11-25 early')!;
    const day = 'scope=station&id=DISP-1&from=2026-11-25&to=2026-11-26&granularity=shift';
    const before = await kpis(day);
    // The late shift has not started yet (it is 07:1x): no bucket for it.
    expect(before.buckets.map((b) => b.key)).toEqual(['2026-11-25 early']);
    const e1 = early(before);
    // PQ = 50.100 kg + 8.200 kg (the scrapped 1 kg included), SQ 1 kg, GQ 57.3 kg; PRI 0.2 min/kg (PCM) and
    // 0.5 min/kg (MCC): Σ PRI·PQ = 10.02 + 4.1 = 14.12 min. Step 4 had a rejection: IP 2, GP 1.
    expect(e1.totals['PQ']).toBeCloseTo(58.3, 9);
    expect(e1.totals['SQ']).toBeCloseTo(1, 9);
    expect(e1.totals['GQ']).toBeCloseTo(57.3, 9);
    expect(e1.totals['plannedRun']! / 60_000).toBeCloseTo(14.12, 9);
    expect({ IP: e1.totals['IP'], GP: e1.totals['GP'], RQ: e1.totals['RQ'] }).toEqual({ IP: 2, GP: 1, RQ: 0 });
    expect(e1.kpis['scrapRatio']!.value).toBeCloseTo(1 / 58.3, 12);
    expect(e1.kpis['firstPassYield']!.value).toBe(0.5);
    expect(e1.totals['PBT']).toBe(8 * 3_600_000);
    // Every planned minute is running, setup, down, idle or unknown: nothing is invented, nothing lost.
    const t = e1.totals;
    expect(t['APT']! + t['AUST']! + t['ADET']! + t['ADOT']! + t['unknown']!).toBe(t['PBT']);
    // The early shift before the kiosk's first record (06:00–07:00) had no heartbeat: unknown, never running.
    expect(t['unknown']).toBeGreaterThanOrEqual(3_600_000);
    // The kiosk recorded the states from what the operator did: routine tests (setup), weighings (running).
    expect(t['AUST']).toBeGreaterThan(0);
    expect(t['APT']).toBeGreaterThan(0);
    // BAL-02 failed after step 4 was complete, with no balance running (BAL-04 went idle when step 3 completed;
    // it used to stay "running", which hid this failure): the station was down 10 minutes during the order (ADET).
    expect({ FE: t['FE'], ADET: t['ADET'] }).toEqual({ FE: 1, ADET: 600_000 });
    expect(e1.downByReason).toEqual([{ reason: 'balance-fault', ms: 600_000 }]);
    // The work unit BAL-02 itself was down 10 minutes for a balance fault: one failure, its repair time.
    const bal02 = (await kpis('scope=workUnit&id=BAL-02&from=2026-11-25&to=2026-11-26')).buckets[0]!;
    expect({ FE: bal02.totals['FE'], TTR: bal02.totals['TTR'], ADET: bal02.totals['ADET'] }).toEqual({ FE: 1, TTR: 600_000, ADET: 600_000 });
    expect(bal02.downByReason).toEqual([{ reason: 'balance-fault', ms: 600_000 }]);
    expect(bal02.kpis['mttr']).toEqual({ numerator: 600_000, denominator: 1, value: 600_000 });
    expect(bal02.kpis['technicalEfficiency']!.denominator).toBe(bal02.totals['APT']! + 600_000);
    expect(e1.kpis['qualityRatio']!.value).toBeCloseTo(57.3 / 58.3, 12);
    expect(e1.kpis['availability']!.numerator).toBe(t['APT']);
    expect(e1.kpis['availability']!.denominator).toBe(t['PBT']);
    expect(before.floor['dispenseRightFirstTime']).toMatchObject({ numerator: 1, denominator: 2 });
    expect(before.floor['routineTestCompliance']).toMatchObject({ violations: 0 });
    expect(before.floor.sync.map((s) => s.kioskId)).toEqual(['K-DISP-1']);

    // Drill-down: the records behind the early shift are the kiosk's weighings and dispenses.
    const drill = await supervisor('GET', e1.recordsHref);
    expect(drill.status, JSON.stringify(drill.body)).toBe(200);
    const drilled = drill.body as { total: number; records: { type: string; id: string }[] };
    expect(drilled.total).toBe(e1.records);
    expect(drilled.records.filter((r) => r.type === 'order.weighing-recorded')).toHaveLength(5);
    expect(drilled.records.filter((r) => r.type === 'order.weighing-rejected')).toHaveLength(1);
    expect(drilled.records.filter((r) => r.type === 'order.dispense-completed')).toHaveLength(2);
    expect(drilled.records.filter((r) => r.type === 'equipment.equipment-state-changed').length).toBeGreaterThanOrEqual(4);

    // Offline: steps 5 and 6 are dispensed in the early shift of the 25th, and reach the server the next day.
    link.offline = true;
    await dispense('5', label('PVP-077', '270630'), 'BAL-02', '300.00', ['1500.00'], '-300.00');
    await dispense('6', label('CCS-032', '271231'), 'BAL-02', '300.00', ['1200.00'], '-300.00');
    await login('olivia.operator');
    clock.advance(26 * 3_600_000);
    await supervisor.login();
    const stale = await kpis(day);
    expect(early(stale).totals['PQ']).toBeCloseTo(58.3, 9);
    link.offline = false;
    await synced();
    const late = await kpis(day);
    // PVP 1.5 kg and CCS 1.2 kg land in the shift they happened in, not the day they arrived.
    expect(early(late).totals['PQ']).toBeCloseTo(61.0, 9);
    expect(early(late).totals['IP']).toBe(4);
    expect(early(late).totals['plannedRun']! / 60_000).toBeCloseTo(14.12 + 3 + 2.4, 9);
    expect((await kpis('scope=station&id=DISP-1&from=2026-11-26&to=2026-11-27')).total.totals['PQ']).toBe(0);
    const sync = late.floor.sync[0]!;
    expect(sync.longestOfflineMs).toBeGreaterThanOrEqual(26 * 3_600_000);

    // Work unit BAL-04 holds only its own weighings; the plant is the ratio of its stations' sums.
    expect((await kpis('scope=workUnit&id=BAL-04&from=2026-11-25&to=2026-11-26&granularity=day')).total.totals['PQ']).toBeCloseTo(50.1, 9);
    const plantDay = await kpis('scope=plant&from=2026-11-25&to=2026-11-26&granularity=day');
    expect(plantDay.total.totals['PQ']).toBeCloseTo(61.0, 9);
    expect(plantDay.total.kpis['availability']!.denominator).toBe(plantDay.total.totals['PBT']);

    // Who may read them, and what a bad query gets.
    const operator = adminClient(server.url, server.credentials!['olivia.operator']!.password, 'olivia.operator');
    await operator.login();
    expect((await operator('GET', `/api/v1/kpis?${day}`)).status).toBe(403);
    const unknownStation = await supervisor('GET', '/api/v1/kpis?scope=station&id=NOPE&from=2026-11-25&to=2026-11-26');
    expect(unknownStation).toMatchObject({ status: 404, body: { reason: 'not-found', message: 'station NOPE is not in the master data' } });
    const backwards = await supervisor('GET', '/api/v1/kpis?scope=plant&from=2026-11-26&to=2026-11-25');
    expect(backwards).toMatchObject({ status: 400, body: { reason: 'invalid-body' } });
    expect(String(backwards.body['message'])).toContain('must be after');
    const badGranularity = await supervisor('GET', '/api/v1/kpis?scope=plant&from=2026-11-25&to=2026-11-26&granularity=hour');
    expect(badGranularity.status).toBe(400);
    expect(String(badGranularity.body['message'])).toMatch(/granularity/);
    // The figures came from the stored per-shift facts; the records give exactly the same ones.
    const dayOf25 = { from: Date.UTC(2026, 10, 25), to: Date.UTC(2026, 10, 26) };
    await expectFactsAgree(server.app, { scope: 'station', id: 'DISP-1', ...dayOf25, granularity: 'shift' });
    await expectFactsAgree(server.app, { scope: 'workUnit', id: 'BAL-02', ...dayOf25, granularity: 'shift' });
    await expectFactsAgree(server.app, { scope: 'plant', ...dayOf25, granularity: 'day' });
    const docs = await supervisor('GET', '/docs/json');
    expect(Object.keys((docs.body as { paths: Record<string, unknown> }).paths)).toEqual(expect.arrayContaining(['/api/v1/kpis', '/api/v1/kpis/records']));
  }, 120_000);
});
