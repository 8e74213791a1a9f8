// Issue 12: a weighing rejected at the kiosk, read the way a supervisor reads it. A real kiosk core of DISP-1
// dispenses steps 3 and 4 of the demo order at a real server (on each engine); one container of each step is
// rejected — scrap, then rework — from the step's own list of weighings, as the screen does it, and weighed
// again. The server's batch record and the ISO 22400 quantities (PQ, GQ, SQ, RQ) must tell the same story.
import { afterEach, expect, it } from 'vitest';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, simulatedClock } from '../faults/support/sync-fixture.js';
import { label, ORDER, plant, station, step } from './support/kiosk-station.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

onEachEngine('a rejected weighing in the batch record and the KPIs (issue 12)', (fresh) => {
  it('is not counted as dispensed, makes the step weigh a replacement, and shows as scrap or rework', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const { ok, send, weigh, weighings, dispensed, firstParacetamolContainer, synced } = await station(cleanups, server, clock, pin);

    // Step 3: the first container of PCM-2401 is dropped after it was accepted — scrap.
    const dropped = await firstParacetamolContainer();
    expect(dropped).toMatchObject({ containerNo: 1, netInStepUnit: '25.200', rejected: null });
    expect(await send('rejectWeighing', { ...step('3'), weighingId: dropped.weighingId, reason: ' ', disposition: 'scrap' })).toMatchObject({ ok: false, code: 'reason-missing', message: `Rejecting weighing ${dropped.weighingId} needs a reason` });
    await ok('rejectWeighing', { ...step('3'), weighingId: dropped.weighingId, reason: 'Container dropped or spilled', disposition: 'scrap' });
    expect(await send('rejectWeighing', { ...step('3'), weighingId: dropped.weighingId, reason: 'again', disposition: 'rework' })).toMatchObject({ ok: false, code: 'weighing-unknown' });
    // Not counted: nothing is dispensed, and the step cannot complete until a replacement is weighed.
    expect(await dispensed()).toEqual({ dispensed: null, containers: 0 });
    expect(await send('completeDispense', step('3'))).toMatchObject({ ok: false, code: 'dispense-nothing-weighed' });
    expect((await weighings())[0]).toMatchObject({ rejected: { disposition: 'scrap', reason: 'Container dropped or spilled' } });
    await weigh('3', 'BAL-04', '1.500', ['25.200', '25.203'], '-1.500');
    expect(await dispensed()).toEqual({ dispensed: '50.403', containers: 2 });
    await ok('completeDispense', step('3'));

    // Step 4: the second container of MCC-118 went into the wrong container — rework.
    await ok('startStep', step('4'));
    await ok('scanLot', { ...step('4'), scan: label('MCC-118', '280131') });
    await ok('selectBalance', { ...step('4'), balanceId: 'BAL-02' });
    await weigh('4', 'BAL-02', '300.00', ['3500.00', '3397.00'], '-300.00');
    const wrong = (await weighings()).find((w) => w.containerNo === 2)!;
    await ok('rejectWeighing', { ...step('4'), weighingId: wrong.weighingId, reason: 'Wrong container', disposition: 'rework' });
    expect(await dispensed()).toEqual({ dispensed: '3.50000', containers: 1 });
    expect(await send('completeDispense', step('4'))).toMatchObject({ ok: false, code: 'dispense-under-tolerance' });
    await weigh('4', 'BAL-02', '300.00', ['3397.00'], '-300.00');
    await ok('completeDispense', step('4'));
    await synced();

    // The batch record: each rejected container with its disposition and reason, the completions count the good ones.
    const view = await supervisor('GET', `/api/v1/batch-records/${ORDER}`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    const record = (view.body as { record: BatchRecord }).record;
    expect(record.weighings.map((w) => [w.stepId, w.containerNo, w.net, w.rejected ? `${w.rejected.disposition}: ${w.rejected.reason}` : null])).toEqual([
      ['3', 1, '25.200', 'scrap: Container dropped or spilled'],
      ['3', 2, '25.200', null],
      ['3', 3, '25.203', null],
      ['4', 1, '3500.00', null],
      ['4', 2, '3397.00', 'rework: Wrong container'],
      ['4', 3, '3397.00', null],
    ]);
    expect(record.dispenses.map((d) => [d.stepId, d.dispensed, d.toleranceState, d.quantities])).toEqual([
      ['3', '50.403', 'in', { produced: '75.603', good: '50.403', scrap: '25.200', rework: '0', reweighs: 1 }],
      ['4', '6.89700', 'in', { produced: '10.29400', good: '6.89700', scrap: '0', rework: '3.39700', reweighs: 1 }],
    ]);
    // A reviewer is pointed at each rejection, with the weighing and the rejection as its records.
    const rejections = record.exceptions.filter((e) => e.kind === 'rejected-weighing');
    expect(rejections.map((e) => [e.stepId, e.title])).toEqual([
      ['3', 'Step 3: container 1 rejected (scrap)'],
      ['4', 'Step 4: container 2 rejected (rework)'],
    ]);

    // The KPIs of the early shift: PQ counts every container weighed, SQ and RQ the rejected ones, GQ the rest.
    const kpis = await supervisor('GET', '/api/v1/kpis?scope=station&id=DISP-1&from=2026-11-25&to=2026-11-26&granularity=shift');
    expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
    const early = (kpis.body as { buckets: { key: string; totals: Record<string, number>; kpis: Record<string, { value: number | null }> }[] }).buckets.find((b) => b.key === '2026-11-25 early')!;
    expect(early.totals['PQ']).toBeCloseTo(75.603 + 10.294, 9);
    expect(early.totals['SQ']).toBeCloseTo(25.2, 9);
    expect(early.totals['RQ']).toBeCloseTo(3.397, 9);
    expect(early.totals['GQ']).toBeCloseTo(50.403 + 6.897, 9);
    expect({ IP: early.totals['IP'], GP: early.totals['GP'] }).toEqual({ IP: 2, GP: 0 });
    expect(early.kpis['scrapRatio']!.value).toBeCloseTo(25.2 / 85.897, 12);
    expect(early.kpis['reworkRatio']!.value).toBeCloseTo(3.397 / 85.897, 12);
  }, 120_000);
});

interface BatchRecord {
  weighings: { stepId: string; containerNo: number; net: string; rejected: { disposition: string; reason: string } | null }[];
  dispenses: { stepId: string; dispensed: string | null; toleranceState: string | null; quantities: unknown }[];
  exceptions: { kind: string; stepId?: string | null; title: string }[];
}
