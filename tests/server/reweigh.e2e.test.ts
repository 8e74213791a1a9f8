// Issue 12, the third disposition: a weighing rejected as "re-weigh" (the material went back to its lot,
// unconsumed). A real kiosk core of DISP-1 dispenses steps 3 and 4 of the demo order at a real server (on each
// engine): step 3's first container is re-weighed after a tare mistake, step 4's second is scrapped. The re-weigh
// travels as order.weighing-rejected@2 (the scrap stays @1), is accepted at push, is in none of PQ, GQ, SQ and RQ
// but fails first pass, and the batch record, its PDF and its verifiable bundle show it as a rejection.
import { afterEach, expect, it } from 'vitest';
import type { Bundle, SignedRecord } from '@lineside/sync-protocol';
import { verifyBundle } from '@lineside/sync-protocol/node';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, simulatedClock } from '../faults/support/sync-fixture.js';
import { label, ORDER, plant, station, step } from './support/kiosk-station.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const MIN = 60_000;

onEachEngine('a weighing rejected as re-weigh (issue 12)', (fresh) => {
  it('is accepted at push as @2, leaves PQ, GQ, SQ and RQ, fails first pass, and shows in the batch record, PDF and bundle', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const { ok, send, weigh, weighings, dispensed, firstParacetamolContainer, synced } = await station(cleanups, server, clock, pin);

    // Step 3: the first container was tared wrong — its Paracetamol goes back to PCM-2401 and is weighed again.
    const mistaken = await firstParacetamolContainer();
    await ok('rejectWeighing', { ...step('3'), weighingId: mistaken.weighingId, reason: 'Tare mistake', disposition: 'reweigh' });
    // Void: nothing dispensed, the step waits for a new weighing.
    expect(await dispensed()).toEqual({ dispensed: null, containers: 0 });
    expect(await send('completeDispense', step('3'))).toMatchObject({ ok: false, code: 'dispense-nothing-weighed' });
    expect((await weighings())[0]).toMatchObject({ rejected: { disposition: 'reweigh', reason: 'Tare mistake' } });
    await weigh('3', 'BAL-04', '1.500', ['25.200', '25.203'], '-1.500');
    expect(await dispensed()).toEqual({ dispensed: '50.403', containers: 2 });
    await ok('completeDispense', step('3'));

    // Step 4: the second container of MCC-118 is contaminated — scrap (still a version 1 record).
    await ok('startStep', step('4'));
    await ok('scanLot', { ...step('4'), scan: label('MCC-118', '280131') });
    await ok('selectBalance', { ...step('4'), balanceId: 'BAL-02' });
    await weigh('4', 'BAL-02', '300.00', ['3500.00', '3397.00'], '-300.00');
    const contaminated = (await weighings()).find((w) => w.containerNo === 2)!;
    await ok('rejectWeighing', { ...step('4'), weighingId: contaminated.weighingId, reason: 'Contaminated', disposition: 'scrap' });
    await weigh('4', 'BAL-02', '300.00', ['3397.00'], '-300.00');
    await ok('completeDispense', step('4'));
    await synced();

    // Accepted at push, each rejection under the version its payload needs.
    const listed = await supervisor('GET', `/api/v1/records?orderId=${ORDER}&type=order.weighing-rejected`);
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    const rejections = (listed.body as { records: { envelope: SignedRecord }[] }).records.map((r) => r.envelope);
    expect(rejections.map((r) => [r.payloadSchema, r.payload['stepId'], r.payload['disposition'], r.payload['reason']])).toEqual([
      ['order.weighing-rejected@2', '3', 'reweigh', 'Tare mistake'],
      ['order.weighing-rejected@1', '4', 'scrap', 'Contaminated'],
    ]);

    // The batch record: the re-weighed container is a rejection with its disposition and reason, in no quantity.
    const view = await supervisor('GET', `/api/v1/batch-records/${ORDER}`);
    expect(view.status, JSON.stringify(view.body)).toBe(200);
    const record = (view.body as { record: BatchRecord }).record;
    expect(record.weighings.map((w) => [w.stepId, w.containerNo, w.net, w.rejected ? `${w.rejected.disposition}: ${w.rejected.reason}` : null])).toEqual([
      ['3', 1, '25.200', 'reweigh: Tare mistake'],
      ['3', 2, '25.200', null],
      ['3', 3, '25.203', null],
      ['4', 1, '3500.00', null],
      ['4', 2, '3397.00', 'scrap: Contaminated'],
      ['4', 3, '3397.00', null],
    ]);
    expect(record.dispenses.map((d) => [d.stepId, d.dispensed, d.quantities])).toEqual([
      ['3', '50.403', { produced: '50.403', good: '50.403', scrap: '0', rework: '0', reweighs: 1 }],
      ['4', '6.89700', { produced: '10.29400', good: '6.89700', scrap: '3.39700', rework: '0', reweighs: 1 }],
    ]);
    expect(record.exceptions.filter((e) => e.kind === 'rejected-weighing').map((e) => [e.stepId, e.title, e.message])).toEqual([
      ['3', 'Step 3: container 1 rejected (re-weigh, returned to its lot)', 'Tare mistake'],
      ['4', 'Step 4: container 2 rejected (scrap)', 'Contaminated'],
    ]);

    // The KPIs of the early shift: the re-weighed 25.200 kg of Paracetamol is in no quantity and no planned run
    // time (PRI 0.2 min/kg PCM, 0.5 min/kg MCC), but step 3 was not right first time.
    const kpis = await supervisor('GET', '/api/v1/kpis?scope=station&id=DISP-1&from=2026-11-25&to=2026-11-26&granularity=shift');
    expect(kpis.status, JSON.stringify(kpis.body)).toBe(200);
    const body = kpis.body as { buckets: { key: string; totals: Record<string, number>; kpis: Record<string, { numerator: number; denominator: number; value: number | null }> }[]; floor: Record<string, { numerator: number; denominator: number }> };
    const early = body.buckets.find((b) => b.key === '2026-11-25 early')!;
    expect(early.totals['PQ']).toBeCloseTo(50.403 + 10.294, 9);
    expect(early.totals['GQ']).toBeCloseTo(50.403 + 6.897, 9);
    expect(early.totals['SQ']).toBeCloseTo(3.397, 9);
    expect(early.totals['RQ']).toBe(0);
    expect({ IP: early.totals['IP'], GP: early.totals['GP'] }).toEqual({ IP: 2, GP: 0 });
    expect(early.kpis['effectiveness']!.numerator / MIN).toBeCloseTo(50.403 * 0.2 + 10.294 * 0.5, 9);
    expect(early.kpis['scrapRatio']!.value).toBeCloseTo(3.397 / 60.697, 12);
    expect(early.kpis['firstPassYield']!.value).toBe(0);
    expect(body.floor['dispenseRightFirstTime']).toMatchObject({ numerator: 0, denominator: 2 });

    // The PDF and the verifiable bundle of the order hold it too.
    const token = await supervisorToken(server.url, server.credentials!['sam.supervisor']!.password!);
    const pdf = await fetch(`${server.url}/api/v1/batch-records/${ORDER}/pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const exported = await fetch(`${server.url}/api/v1/batch-records/${ORDER}/bundle`, { headers: { authorization: `Bearer ${token}` } });
    expect(exported.status).toBe(200);
    const bundle = (await exported.json()) as Bundle;
    const inBundle = bundle.chains.flatMap((c) => c.records as unknown as SignedRecord[]).filter((r) => r.type === 'order.weighing-rejected');
    expect(inBundle.map((r) => r.payloadSchema)).toEqual(['order.weighing-rejected@2', 'order.weighing-rejected@1']);
    const verified = verifyBundle(bundle);
    expect(verified.failure).toBeUndefined();
    expect(verified.ok).toBe(true);
  }, 120_000);
});

async function supervisorToken(url: string, password: string): Promise<string> {
  const response = await fetch(`${url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'sam.supervisor', password }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as { token: string }).token;
}

interface BatchRecord {
  weighings: { stepId: string; containerNo: number; net: string; rejected: { disposition: string; reason: string } | null }[];
  dispenses: { stepId: string; dispensed: string | null; quantities: unknown }[];
  exceptions: { kind: string; stepId?: string | null; title: string; message: string }[];
}
