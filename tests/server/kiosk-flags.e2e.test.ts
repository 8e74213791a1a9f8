// Issue 9 §1: the server's checks run on the records the real kiosk emits. A real kiosk core, enrolled
// and approved at a real sync server (on each engine), runs the demo order through the same commands the
// kiosk screen sends; central QA changes the lot and calibration registers while the kiosk is offline.
// Once the kiosk has synced, the supervisor's records API must show exactly which record carries which
// flag, and every other record none.
import { afterEach, expect, it } from 'vitest';
import { onEachEngine } from '../faults/support/engines.js';
import { adminClient, cleanupList, serverRecords, simulatedClock, type ServerRecord } from '../faults/support/sync-fixture.js';
import { label, ORDER, plant, station, step } from './support/kiosk-station.js';
import { approveNewRecipeVersion } from './support/recipes.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

type Typed = ServerRecord & { type: string; keyId: string; checksPending: boolean; actor: { userId?: string } };

/** The server's records of K-DISP-1 as the supervisor reads them, all checked. */
async function checkedRecords(supervisor: Awaited<ReturnType<typeof plant>>['supervisor']): Promise<Typed[]> {
  const records = (await serverRecords(supervisor)) as Typed[];
  expect(records.every((r) => !r.checksPending)).toBe(true);
  return records;
}

/** `<key> seq <n> <type>: CODE, CODE` for every flagged record, in the server's order: a failure shows the whole picture. */
const flagLines = (records: readonly Typed[], flags: ReadonlyMap<Typed, readonly string[]>) => records.filter((r) => flags.has(r)).map((r) => `${r.keyId} seq ${r.seq} ${r.type}: ${flags.get(r)!.join(', ')}`);
const flaggedOf = (records: readonly Typed[]) => new Map(records.filter((r) => r.flags.length > 0).map((r) => [r, r.flags.map((f) => f.code)]));

onEachEngine('flags on the records the real kiosk emits (issue 9 §1)', (fresh) => {
  it('a demo order with a failed balance test, a FEFO and a tolerance override, deviations, and acts on stale data offline: each flag on its record, none elsewhere', async () => {
    // One clock for kiosk and server: request signatures stay in time, and records follow central changes.
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, qa, metrology, supervisor } = await plant(cleanups, await fresh(), clock);

    // The recipe lets an order complete with a low deviation open (the record lists it as an exception).
    // An approved version never changes: the change is version 4, approved by QA and the supervisor, and the order is re-pinned to it.
    const recipes = await server.asAdmin('GET', '/api/v1/master-data/recipe');
    const v3 = (recipes.body.items as Record<string, unknown>[]).find((r) => r['id'] === 'PCM-500-GRAN' && r['version'] === 3)!;
    const signer = (call: typeof qa, userId: string) => ({ call, userId, password: server.credentials![userId]!.password });
    const lenient = await approveNewRecipeVersion(server.asAdmin, [signer(qa, 'quinn.qa'), signer(supervisor, 'sam.supervisor')], v3, { completeWithOpenDeviations: ['info', 'low'] }, 'change control CC-91: low deviations may stay open at dispense completion');
    const repinned = await supervisor('PUT', '/api/v1/master-data/order/ORD-0001', { data: { id: 'ORD-0001', recipeId: 'PCM-500-GRAN', recipeVersion: lenient, stationId: 'DISP-1', batchNumber: 'B-PCM-0001' }, reason: 'CC-91: order runs on the lenient version' });
    expect(repinned.status, JSON.stringify(repinned.body)).toBe(200);

    const { link, pan, send, ok, login, target, weigh, dispense, morningChecks, throughStep2, synced } = await station(cleanups, server, clock, pin);

    // Morning checks. BAL-04 reads 20.500 kg for its 20 kg test weight: failed, and held at the kiosk.
    await login('max.maintenance');
    pan('BAL-04').show('20.500');
    await ok('captureSensitivityTest', { equipmentId: 'BAL-04', testWeightId: 'TW-20KM1' });
    const [bal04Hold] = await send('listHolds', {});
    expect(bal04Hold).toMatchObject({ kind: 'equipment', signaturesRequired: 1 });
    await ok('releaseHold', { holdId: bal04Hold!.holdId, userId: 'quinn.qa', pin: pin('quinn.qa'), reason: 'test weight was placed off-centre; corner load checked, balance re-levelled' });
    await morningChecks();
    await throughStep2();

    // Step 3: PCM-2402 is not first to expire; Sam approves using it (FEFO override).
    await ok('startStep', step('3'));
    expect(await send('scanLot', { ...step('3'), scan: label('PCM-2402', '270930') })).toMatchObject({ ok: false, code: 'lot-not-first-expiry' });
    await ok('scanLot', { ...step('3'), scan: label('PCM-2402', '270930'), fefoOverride: { userId: 'sam.supervisor', pin: pin('sam.supervisor'), reason: 'PCM-2401 drums sealed for a stability pull' } });
    await ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    expect(await target('3')).toMatchObject({ value: '50.100', unit: 'kg' });
    // One physical load is one container: a second Accept of the same load is refused, and the next
    // container counts only once the pan went back below zero (the full drum came off).
    pan('BAL-04').show('1.500');
    await ok('tareStep', step('3'));
    pan('BAL-04').show('25.050');
    await ok('acceptWeighing', step('3'));
    expect(await send('acceptWeighing', step('3'))).toMatchObject({ ok: false, code: 'container-not-new' });
    pan('BAL-04').show('25.100');
    expect(await send('acceptWeighing', step('3'))).toMatchObject({ ok: false, code: 'container-not-new' });
    pan('BAL-04').show('-1.500');
    pan('BAL-04').show('0.000');
    pan('BAL-04').show('25.050');
    await ok('acceptWeighing', step('3'));
    pan('BAL-04').show('-1.500');
    await ok('completeDispense', step('3'));

    // Step 4: MCC reduced by the API's potency surplus, in two containers on BAL-02.
    await ok('startStep', step('4'));
    await ok('scanLot', { ...step('4'), scan: label('MCC-118', '280131') });
    await ok('selectBalance', { ...step('4'), balanceId: 'BAL-02' });
    expect(await target('4')).toMatchObject({ value: '7.20000', unit: 'kg' });
    await weigh('4', 'BAL-02', '300.00', ['3600.00', '3600.00'], '-300.00');
    await ok('completeDispense', step('4'));
    await synced();

    // The network drops. Centrally, QA puts PVP-077 on hold and metrology withdraws BAL-01's calibration; the
    // kiosk cannot know, and goes on with its cached master data.
    link.offline = true;
    clock.advance(60_000);
    const holdPvp = await qa('POST', '/api/v1/master-data/lot/PVP-077/status', { status: 'on-hold', reason: 'supplier recall R-2026-14', userId: 'quinn.qa', password: server.credentials!['quinn.qa']!.password, meaning: 'approved' });
    expect(holdPvp.status, JSON.stringify(holdPvp.body)).toBe(200);
    const heldAt = clock.now().toISOString();
    const calibrations = await server.asAdmin('GET', '/api/v1/master-data/calibration');
    const bal01 = (calibrations.body.items as Record<string, unknown>[]).find((c) => c['equipmentId'] === 'BAL-01');
    const withdrawn = await metrology('PUT', `/api/v1/master-data/calibration/${String(bal01?.['certificateId'])}`, { data: { ...bal01, dueOn: '2026-11-24', provider: 'QA: as-found out of tolerance' }, reason: 'BAL-01 failed its as-found check; certificate withdrawn' });
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    clock.advance(60_000);

    await dispense('5', label('PVP-077', '270630'), 'BAL-02', '300.00', ['1500.00'], '-300.00');
    await dispense('6', label('CCS-032', '271231'), 'BAL-02', '300.00', ['1200.00'], '-300.00');
    // Step 7: 310.00 g of magnesium stearate is above 0.306 kg; Sam approves it (tolerance override).
    await ok('startStep', step('7'));
    await ok('scanLot', { ...step('7'), scan: label('MGS-210', '270531') });
    await ok('selectBalance', { ...step('7'), balanceId: 'BAL-02' });
    await weigh('7', 'BAL-02', '300.00', ['310.00'], '-300.00');
    expect(await send('completeDispense', step('7'))).toMatchObject({ ok: false });
    await ok('completeDispense', { ...step('7'), override: { userId: 'sam.supervisor', pin: pin('sam.supervisor'), reason: 'lubricant level within the validated range of the process' } });
    await dispense('8', label('IOY-009', '290131'), 'BAL-01', '50.00000', ['12.50000'], '-50.00000');
    await ok('startStep', step('9'));
    await ok('recordPhMeasurement', { ...step('9'), meterId: 'PH-01', reading: { ph: '6.20', mv: '47.3', temperatureC: '22.0' }, stable: true });
    await login('oscar.operator');
    await ok('startStep', step('10'));
    await ok('sign', { ...step('10'), userId: 'oscar.operator', pin: pin('oscar.operator'), meaning: 'verified' });
    await login('sam.supervisor');
    await ok('startStep', step('11'));
    await ok('sign', { ...step('11'), userId: 'sam.supervisor', pin: pin('sam.supervisor'), meaning: 'reviewed' });

    // A high deviation stops the order until QA and the supervisor close it.
    const high = (await ok('openDeviation', { severity: 'high', title: 'Granulation fluid tank label missing', description: 'Tank T-2 had no status label at step 9', orderId: ORDER })) as { deviationId: string };
    expect(await send('completeOrder', { orderId: ORDER })).toMatchObject({ ok: false, code: 'order-blocked-by-deviation' });
    const closeDeviation = async (deviationId: string) => {
      await ok('signDeviation', { deviationId, userId: 'quinn.qa', pin: pin('quinn.qa'), meaning: 'reviewed' });
      expect(await ok('signDeviation', { deviationId, userId: 'sam.supervisor', pin: pin('sam.supervisor'), meaning: 'approved' })).toMatchObject({ closed: true });
    };
    await closeDeviation(high.deviationId);
    // The override opened a medium deviation, which the recipe does not let stay open; a low one it does.
    const low = (await ok('openDeviation', { severity: 'low', title: 'Glove change late', description: 'Gloves changed 5 minutes after the SOP interval', orderId: ORDER })) as { deviationId: string };
    const refused = await send('completeOrder', { orderId: ORDER });
    expect(refused).toMatchObject({ ok: false, code: 'order-deviations-open', open: [{ title: 'Out of tolerance: step 7 (Dispense Magnesium stearate)', severity: 'medium' }, { deviationId: low.deviationId, severity: 'low' }] });
    await closeDeviation(('open' in refused && refused.open?.[0]?.deviationId) || '');
    expect(await ok('completeOrder', { orderId: ORDER })).toMatchObject({ exceptions: [{ deviationId: low.deviationId, severity: 'low' }] });

    // Back online: the whole backlog reaches the server and is checked there.
    link.offline = false;
    await synced();
    const typed = await checkedRecords(supervisor);
    expect(typed.map((r) => r.seq)).toEqual(typed.map((_, i) => i + 1));
    const one = (type: string, match: (p: Record<string, unknown>) => boolean = () => true) => {
      const found = typed.filter((r) => r.type === type && match(r.payload));
      expect(found, `${type} records`).toHaveLength(1);
      return found[0]!;
    };
    const weighingsOf = (stepId: string) => typed.filter((r) => r.type === 'order.weighing-recorded' && r.payload['stepId'] === stepId);

    // One physical load, one container: step 3 holds two weighings, the second after the pan went back to zero.
    expect(weighingsOf('3').map((r) => [r.payload['containerNo'], r.payload['containerOrigin'], r.payload['net']])).toEqual([
      [1, 'first', '25.050'],
      [2, 'returned-to-zero', '25.050'],
    ]);

    const expected = new Map<Typed, string[]>([
      [one('equipment.routine-test-failed'), ['ROUTINE_TEST_FAILED']],
      [one('order.lot-scanned', (p) => p['stepId'] === '3'), ['FEFO_OVERRIDDEN']],
      [weighingsOf('5')[0]!, ['CONSUMED_HELD_LOT']],
      [one('order.tolerance-overridden'), ['TOLERANCE_OVERRIDDEN']],
      [weighingsOf('8')[0]!, ['CAL_INVALID_AT_USE']],
      [one('deviation.deviation-opened', (p) => p['severity'] === 'high'), ['DEVIATION_OPENED']],
      [one('order.order-completed'), ['DEVIATION_OPEN_AT_COMPLETION']],
    ]);
    expect(flagLines(typed, flaggedOf(typed))).toEqual(flagLines(typed, expected));

    // What the reviewer reads, in plain words.
    const message = (record: Typed) => record.flags[0]!.message;
    expect(message(weighingsOf('5')[0]!)).toBe(`Lot PVP-077 was on hold centrally when used (supplier recall R-2026-14), since ${heldAt}`);
    expect(message(weighingsOf('8')[0]!)).toBe('Equipment BAL-01 was used on 2026-11-25 but its calibration was due 2026-11-24');
    expect(message(one('order.order-completed'))).toMatch(/^Order ORD-0001 was completed with 1 deviation\(s\) open: low deviation "Glove change late"/);
    expect(message(one('order.tolerance-overridden'))).toMatch(/^Step 7 of order ORD-0001 completed .*Sam Supervisor/);
    expect(message(one('order.lot-scanned', (p) => p['stepId'] === '3'))).toMatch(/^Lot PCM-2402 was used before PCM-2401 \(first expiry\) on the override of Sam Supervisor/);
  }, 120_000);
});

onEachEngine('what an offline kiosk could not know about people and recipes, on its real records (issue 9 §1, §2)', (fresh) => {
  it('a newer recipe, a deactivated tester and override signer, a scrapped balance, delivered after the offline grace: each flagged on the records it touches', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const { link, ok, login, weigh, morningChecks, throughStep2, synced } = await station(cleanups, server, clock, pin);
    await synced();
    const before = (await checkedRecords(supervisor)).length;

    // Cut off. Centrally: recipe version 4 approved, Max and Quinn are deactivated, BAL-04 is scrapped.
    link.offline = true;
    clock.advance(60_000);
    const recipes = await server.asAdmin('GET', '/api/v1/master-data/recipe');
    const v3 = (recipes.body.items as Record<string, unknown>[]).find((r) => r['id'] === 'PCM-500-GRAN' && r['version'] === 3);
    const signer = (call: typeof supervisor, userId: string) => ({ call, userId, password: server.credentials![userId]!.password });
    const qaClient = adminClient(server.url, server.credentials!['quinn.qa']!.password, 'quinn.qa');
    await qaClient.login();
    expect(await approveNewRecipeVersion(server.asAdmin, [signer(qaClient, 'quinn.qa'), signer(supervisor, 'sam.supervisor')], v3!, {}, 'change control CC-88: new granulation fluid')).toBe(4);
    for (const userId of ['max.maintenance', 'quinn.qa']) {
      const deactivated = await server.asAdmin('POST', `/api/v1/users/${userId}/deactivate`, { reason: 'left the company' });
      expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
    }
    const scrapped = await server.asAdmin('DELETE', '/api/v1/master-data/equipment/BAL-04', { reason: 'BAL-04 load cell damaged beyond repair; scrapped' });
    expect(scrapped.status, JSON.stringify(scrapped.body)).toBe(200);
    clock.advance(60_000);

    // The kiosk still knows them as they were: Max does the morning checks, the order starts on v3,
    // Quinn approves the FEFO override at step 3, and the first container is weighed on BAL-04.
    await morningChecks();
    await throughStep2();
    await ok('startStep', step('3'));
    await ok('scanLot', { ...step('3'), scan: label('PCM-2402', '270930'), fefoOverride: { userId: 'quinn.qa', pin: pin('quinn.qa'), reason: 'PCM-2401 drums sealed for a stability pull' } });
    await ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    await weigh('3', 'BAL-04', '1.500', ['25.050'], '-1.500');
    await login('olivia.operator');

    // The link comes back after DISP-1's 72 h of offline grace.
    clock.advance(73 * 3_600_000);
    link.offline = false;
    await synced();
    await supervisor.login();
    const records = await checkedRecords(supervisor);
    const offline = records.slice(before);
    expect(offline.length).toBeGreaterThan(10);

    const expected = new Map<Typed, string[]>();
    for (const r of offline) {
      const codes: string[] = [];
      if (r.type === 'order.order-started') codes.push('STALE_RECIPE');
      if (r.actor.userId === 'max.maintenance') codes.push('SIGNER_NOT_AUTHORIZED');
      if (r.type === 'order.weighing-recorded') codes.push('UNKNOWN_EQUIPMENT');
      if (r.type === 'order.lot-scanned' && r.payload['fefoOverride']) codes.push('FEFO_OVERRIDDEN', 'UNAUTHORISED_ACT');
      expected.set(r, [...codes, 'LATE_ARRIVAL']);
    }
    // Sanity of the expectation itself: each central change touched at least one record.
    expect([...expected.values()].flat().filter((c) => c !== 'LATE_ARRIVAL').sort()).toEqual(expect.arrayContaining(['FEFO_OVERRIDDEN', 'SIGNER_NOT_AUTHORIZED', 'STALE_RECIPE', 'UNAUTHORISED_ACT', 'UNKNOWN_EQUIPMENT']));
    expect(flagLines(records, flaggedOf(records))).toEqual(flagLines(records, expected));

    const message = (type: string, code: string) => records.find((r) => r.type === type)?.flags.find((f) => f.code === code)?.message;
    expect(message('order.order-started', 'STALE_RECIPE')).toBe('Recipe PCM-500-GRAN version 3 was used, but version 4 was in effect centrally at that time');
    expect(message('order.lot-scanned', 'UNAUTHORISED_ACT')).toMatch(/^Quinn QA \(quinn\.qa\) signed the FEFO override of lot PCM-2402 .* while deactivated centrally$/);
    expect(message('order.weighing-recorded', 'UNKNOWN_EQUIPMENT')).toBe('Equipment BAL-04 was not in the equipment register when used');
    expect(message('equipment.routine-test-passed', 'SIGNER_NOT_AUTHORIZED')).toMatch(/^User max\.maintenance signed this while deactivated centrally, since /);
  }, 120_000);
});

onEachEngine('one weighing counted twice (issue 9 §1)', (fresh) => {
  // A replaced kiosk's new key starts its own chain at seq 1 (issue 9 §4, chain epochs), so its records
  // are stored, not taken for a fork: the check must see the same container counted again.
  it('a replacement kiosk of the station that runs the order again from its own empty log: its first container of step 3 is flagged DUPLICATE_WEIGHING', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const first = await station(cleanups, server, clock, pin);
    await first.morningChecks();
    await first.throughStep2();
    await first.ok('startStep', step('3'));
    await first.ok('scanLot', { ...step('3'), scan: label('PCM-2401', '270331') });
    await first.ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    await first.weigh('3', 'BAL-04', '1.500', ['25.200'], '-1.500');
    await first.synced();

    // The booth PC is swapped: a new data folder and key for DISP-1, approved by the admin. Its log
    // knows nothing of ORD-0001, so the order is started again and container 1 of step 3 weighed again.
    const second = await station(cleanups, server, clock, pin);
    await second.morningChecks();
    await second.throughStep2();
    await second.ok('startStep', step('3'));
    await second.ok('scanLot', { ...step('3'), scan: label('PCM-2401', '270331') });
    await second.ok('selectBalance', { ...step('3'), balanceId: 'BAL-04' });
    await second.weigh('3', 'BAL-04', '1.500', ['25.200'], '-1.500');
    await second.synced();

    const records = await checkedRecords(supervisor);
    const weighings = records.filter((r) => r.type === 'order.weighing-recorded');
    expect(weighings.map((r) => [r.payload['stepId'], r.payload['containerNo']])).toEqual([
      ['3', 1],
      ['3', 1],
    ]);
    expect(flagLines(records, flaggedOf(records))).toEqual(flagLines(records, new Map([[weighings[1]!, ['DUPLICATE_WEIGHING']]])));
  }, 120_000);
});

onEachEngine('a kiosk clock set back, on its real records (issue 9 §1)', (fresh) => {
  it('records made while the booth PC clock ran 30 min behind its last sync are flagged CLOCK_SKEW once the clock is right and they arrive', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    // The booth PC's own wall clock: the server's, until someone sets it back; its monotonic clock runs on.
    const skew = { ms: 0 };
    const boothClock = { wallMs: () => clock.wallMs() + skew.ms, monoMs: () => clock.monoMs(), utcOffsetMinutes: () => 0 };
    const { login, synced, morningChecks, core } = await station(cleanups, server, clock, pin, boothClock);
    await login('olivia.operator');
    await synced();
    const before = (await checkedRecords(supervisor)).length;

    skew.ms = -30 * 60_000;
    await morningChecks();
    const skewedHead = core.log.head().seq;
    skew.ms = 0;
    await login('olivia.operator');
    await synced();

    const records = await checkedRecords(supervisor);
    const lastSync = (records.find((r) => r.seq === before + 1) as Typed & { envelope: { time: { lastSync?: { serverTime: string } } } }).envelope.time.lastSync?.serverTime;
    expect(lastSync).toBeDefined();
    // The kiosk noticed the jump itself (clock.anomaly) and logged the user out; every record made on the
    // set-back clock is flagged, and those after the clock was put right are not.
    const setBack = records.filter((r) => r.seq > before && r.seq <= skewedHead);
    // Each routine test puts its instrument in setup: a derived operating-state record follows it (issue 12).
    const test = ['equipment.routine-test-passed', 'equipment.equipment-state-changed'];
    expect(setBack.map((r) => r.type)).toEqual(['clock.anomaly', 'session.logged-out', 'session.logged-in', ...test, ...test, ...test, ...test]);
    expect(flagLines(records, flaggedOf(records))).toEqual(flagLines(records, new Map(setBack.map((r) => [r, ['CLOCK_SKEW']]))));
    expect(setBack[3]!.flags[0]!.message).toBe(`Kiosk time ${setBack[3]!.occurredAt} is 30 min before its own last sync (${lastSync}): the kiosk clock was set back`);
  }, 120_000);
});
