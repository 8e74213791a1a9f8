// Issue 13, charging at the line: a real kiosk core of DISP-1 dispenses ORD-0002's Paracetamol into two
// labelled containers and syncs; the server derives the containers; a second real kiosk core, GRAN-1's at
// the granulator, pulls them and charges them offline by scanning their labels — a wrong or unknown
// container refused with its SSCC — and the order completes at DISP-1 only once sync says all are charged.
// The batch record lists the charged containers per material.
import { afterEach, expect, it } from 'vitest';
import { allocateSscc } from '@lineside/domain';
import type { BatchRecordView } from '../../apps/sync-server/src/review/batch-record.js';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, simulatedClock } from '../faults/support/sync-fixture.js';
import { label, plant, station } from './support/kiosk-station.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const ORDER = 'ORD-0002';
const charge = { orderId: ORDER, stepId: '2' };
/** A GS1-128 container label as the scanner delivers it: symbology id, then (00) SSCC. */
const containerLabel = (sscc: string) => `]C100${sscc}`;

onEachEngine('charging dispensed containers at the line (issue 13)', (fresh) => {
  it('DISP-1 dispenses and syncs; GRAN-1 pulls the containers and charges each, refusing what is not this order’s; the order completes after sync', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const booth = await station(cleanups, server, clock, pin, clock, { orderId: ORDER });
    const line = await station(cleanups, server, clock, pin, clock, { stationId: 'GRAN-1', kioskId: 'K-GRAN-1', orderId: ORDER });

    await booth.morningChecks();
    await booth.login('olivia.operator');
    await booth.ok('startOrder', { orderId: ORDER });
    await booth.ok('startStep', { orderId: ORDER, stepId: '1' });
    await booth.ok('scanLot', { orderId: ORDER, stepId: '1', scan: label('PCM-2401', '270331') });
    await booth.ok('selectBalance', { orderId: ORDER, stepId: '1', balanceId: 'BAL-04' });
    await booth.weigh('1', 'BAL-04', '1.500', ['25.200', '25.203'], '0.000');
    await booth.ok('completeDispense', { orderId: ORDER, stepId: '1' });
    // The order waits for the line: its charge step is done at GRAN-1.
    expect(await booth.send('completeOrder', { orderId: ORDER })).toMatchObject({ ok: false, code: 'order-steps-open' });
    await booth.synced();

    // The server derived both containers from the weighings; GRAN-1 pulls them.
    const containers = await server.asAdmin('GET', '/api/v1/master-data/container');
    const items = containers.body['items'] as { id: string; orderId: string; status: string; dispenseCompleted: boolean; net: string }[];
    expect(items.map((c) => [c.orderId, c.status, c.dispenseCompleted, c.net])).toEqual([
      [ORDER, 'dispensed', true, '25.200'],
      [ORDER, 'dispensed', true, '25.203'],
    ]);
    const [one, two] = items.map((c) => c.id) as [string, string];
    // Derived, never edited: the master-data API refuses a container write by anyone.
    const edit = await server.asAdmin('PUT', `/api/v1/master-data/container/${one}`, { data: items[0], reason: 'try' });
    expect([edit.status, edit.body['message']]).toEqual([403, "container entities are derived by the server from the kiosks' records (weighings, rejections, charges) and are never edited by hand"]);
    await line.pulled(Number(containers.body['version']));

    // Gina at the granulator: the order is in her queue as a line order; she starts the charge step.
    await line.login('gina.granulation');
    const queue = await line.ok('listOrders', {});
    expect('orders' in queue && queue.orders.find((o) => o.orderId === ORDER)).toMatchObject({ atLine: 'DISP-1', status: 'not-started' });
    line.link.offline = true; // the line works offline from what it pulled
    await line.ok('startStep', charge);
    const progress = await line.ok('orderProgress', { orderId: ORDER });
    expect('progress' in progress && progress.progress.step?.charge?.containers.map((c) => [c.sscc, c.materialName, c.charged])).toEqual([
      [one, 'Paracetamol', null],
      [two, 'Paracetamol', null],
    ]);

    // Refusals name the container and why.
    expect(await line.send('chargeContainer', { ...charge, scan: label('PCM-2401', '270331') })).toMatchObject({ ok: false, code: 'scan-no-sscc' });
    const allocated = allocateSscc({ companyPrefix: '9501101', block: 1, counter: 999_999 });
    if (!allocated.ok) throw new Error(allocated.message);
    const unknownSscc = allocated.value;
    const misread = `${unknownSscc.slice(0, 17)}${(Number(unknownSscc[17]) + 1) % 10}`;
    expect(await line.send('chargeContainer', { ...charge, scan: misread })).toMatchObject({ ok: false, code: 'container-label-invalid' });
    const refused = await line.send('chargeContainer', { ...charge, scan: containerLabel(unknownSscc) });
    expect(refused).toMatchObject({ ok: false, code: 'container-not-synced', message: expect.stringContaining(`Container ${unknownSscc} is not yet synced to this kiosk`) });

    await line.ok('chargeContainer', { ...charge, scan: containerLabel(one) });
    expect(await line.send('chargeContainer', { ...charge, scan: one })).toMatchObject({ ok: false, code: 'container-already-charged', message: expect.stringContaining(`Container ${one} was already charged by gina.granulation`) });
    await line.ok('chargeContainer', { ...charge, scan: containerLabel(two) });
    const done = await line.ok('orderProgress', { orderId: ORDER });
    expect('progress' in done && done.progress.steps).toEqual([{ stepId: '2', title: 'Charge the Paracetamol containers into the granulator', phase: 'closed' }]);

    // Back online: the charges reach the server, DISP-1 pulls them, and the order completes.
    line.link.offline = false;
    await line.synced();
    const after = await server.asAdmin('GET', '/api/v1/master-data/container');
    expect((after.body['items'] as { status: string; charged?: { by: string; kioskId: string } }[]).map((c) => [c.status, c.charged?.by, c.charged?.kioskId])).toEqual([
      ['charged', 'gina.granulation', 'K-GRAN-1'],
      ['charged', 'gina.granulation', 'K-GRAN-1'],
    ]);
    await booth.pulled(Number(after.body['version']));
    await booth.ok('completeOrder', { orderId: ORDER });
    await booth.synced();

    const record = (await supervisor('GET', `/api/v1/batch-records/${ORDER}`)).body as unknown as BatchRecordView;
    expect(record.record.charges.map((c) => [c.sscc, c.materialId, c.known, c.kioskId])).toEqual([
      [one, 'PCM', 'synced', 'K-GRAN-1'],
      [two, 'PCM', 'synced', 'K-GRAN-1'],
    ]);
    expect(record.record.exceptions.filter((e) => e.kind === 'uncharged-container')).toEqual([]);
    expect(record.record.header.kiosks).toEqual(['K-DISP-1', 'K-GRAN-1']);
  }, 120_000);
});
