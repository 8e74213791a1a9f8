// Issue 10: the central review of the batch record a real kiosk recorded. A real kiosk core runs the demo
// order (FEFO override, a second Accept of one load refused, a pause, a tolerance override with its
// deviation, a high deviation closed by two people, a low one left open) and syncs to a real server on
// each engine. The reviewer then reads the batch record, is refused sign-off while anything is unmarked,
// marks each exception, signs; a late record reopens the review; an edited stored record is caught.
import { sql } from 'kysely';
import { afterEach, expect, it } from 'vitest';
import { onEachEngine } from '../faults/support/engines.js';
import { adminClient, cleanupList, startInProcessServer } from '../faults/support/sync-fixture.js';
import { demoOrderServer, REVIEWER, waitForChecks } from './support/demo-order.js';
import type { BatchRecordView } from '../../apps/sync-server/src/review/batch-record.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

type Json = Record<string, unknown>;

onEachEngine('central review of the demo order the real kiosk recorded (issue 10)', (fresh, engine) => {
  it('batch record, exceptions and completeness; sign-off refused while unmarked, for a performer and on a stale hash; signed; reopened by a late record; an edited stored record makes it incomplete', async () => {
    const demo = await demoOrderServer(cleanups, await fresh());
    const { reviewer, supervisor, orderId } = demo;
    const get = async () => {
      const response = await reviewer('GET', `/api/v1/batch-records/${orderId}`);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      return response.body as unknown as BatchRecordView;
    };

    // The order list: awaiting review, with its exceptions counted.
    const list = await reviewer('GET', '/api/v1/orders');
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(list.body['orders']).toEqual([expect.objectContaining({ orderId, status: 'awaiting-review', batchNumber: 'B-PCM-0001', complete: true, exceptions: { total: 5, unmarked: 5, high: 1 } })]);
    expect((await reviewer('GET', '/api/v1/orders?status=released')).body['orders']).toEqual([]);

    // The batch record as a supervisor reads it.
    const view = await get();
    const { record } = view;
    expect(record.header).toMatchObject({ orderId, batchNumber: 'B-PCM-0001', product: 'Paracetamol 500 mg tablets', recipe: { id: 'PCM-500-GRAN', version: 3, status: 'approved' }, status: 'completed', kiosks: ['K-DISP-1'], masterDataVersion: expect.any(Number) });
    expect(record.steps.map((s) => [s.stepId, s.status, s.completions])).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'].map((id) => [id, 'completed', 1]));
    // One load, one container: the refused second Accept left no weighing; step 3 has its two containers.
    expect(record.weighings.filter((w) => w.stepId === '3').map((w) => [w.containerNo, w.containerOrigin, w.gross, w.tare, w.net, w.balanceId])).toEqual([
      [1, 'first', '26.550', '1.500', '25.050', 'BAL-04'],
      [2, 'returned-to-zero', '25.050', '0', '25.050', 'BAL-04'],
    ]);
    expect(record.weighings).toHaveLength(8);
    for (const w of record.weighings) {
      expect(w.rawFrame, w.weighingId).toMatch(/^S S/);
      expect(w.calibration.central.valid).toBe(true);
      expect(w.routineTest).toMatchObject({ status: 'passed', test: 'balance-sensitivity', by: 'max.maintenance' });
    }
    expect(record.scans.find((s) => s.stepId === '3')).toMatchObject({ lotId: 'PCM-2402', lotStatusAtTime: 'released', fefoOverride: { firstExpiryLotId: 'PCM-2401', approvedBy: { printedName: 'Sam Supervisor' } } });
    expect(record.phReadings).toEqual([expect.objectContaining({ ph: '6.20', result: 'within-limits', bufferCalibration: expect.objectContaining({ status: 'passed', test: 'ph-buffer-calibration' }) })]);
    expect(record.pauses).toEqual([expect.objectContaining({ reason: 'lunch break', pausedBy: 'olivia.operator', resumedBy: 'olivia.operator' })]);
    expect(record.overrides.map((o) => [o.kind, o.stepId, o.approvedBy.printedName])).toEqual([
      ['fefo', '3', 'Sam Supervisor'],
      ['tolerance', '7', 'Sam Supervisor'],
    ]);
    expect(record.deviations.map((d) => [d.severity, d.status, d.closingSignatures.map((s) => s.signer.printedName)])).toEqual([
      ['medium', 'closed', ['Quinn QA', 'Sam Supervisor']],
      ['high', 'closed', ['Quinn QA', 'Sam Supervisor']],
      ['low', 'open', []],
    ]);
    expect(record.signatures.map((s) => [s.signer.printedName, s.meaning, s.signs])).toEqual(
      expect.arrayContaining([
        ['Olivia Operator', 'performed', 'the sign-off of step 1'],
        ['Oscar Operator', 'verified', 'the sign-off of step 10'],
        ['Sam Supervisor', 'approved', 'the FEFO override of lot PCM-2402 at step 3'],
      ]),
    );
    expect(record.completeness).toMatchObject({ complete: true, chains: [expect.objectContaining({ keyId: 'K-DISP-1#1', contiguous: true, linked: true, signaturesVerified: true, acknowledged: true, checked: true })] });

    // Exceptions are computed from the records: the five findings of the demo order, the worst first.
    const exceptionIds = record.exceptions.map((e) => e.id);
    const low = `deviation:${demo.openDeviationId}`;
    expect(record.exceptions.map((e) => [e.kind, e.severity, e.needsComment])).toEqual([
      ['deviation', 'high', true],
      ['deviation', 'medium', true],
      ['deviation', 'medium', true],
      ['fefo-override', 'medium', true],
      ['tolerance-override', 'medium', true],
    ]);
    expect(exceptionIds).toContain(low);
    expect(exceptionIds).toContain('tolerance-override:7');
    expect(record.exceptions.find((e) => e.id === low)!.title).toBe('low deviation still open: Glove change late');
    // The same records give the same record: assembling again gives the same content hash.
    expect((await get()).contentHash).toBe(view.contentHash);

    // Sign-off refused while an exception is unmarked, naming them.
    const sign = (client: typeof reviewer, userId: string, password: string, meaning = 'reviewed', contentHash = view.contentHash) => client('POST', `/api/v1/batch-records/${orderId}/signatures`, { userId, password, meaning, contentHash });
    const unmarked = await sign(reviewer, REVIEWER.userId, REVIEWER.password);
    expect(unmarked.status).toBe(409);
    expect(unmarked.body['message']).toContain('5 exception(s) not marked reviewed');
    expect(unmarked.body['message']).toContain('tolerance-override:7');

    // Marks: a comment is required where the exception needs one; a performer may not mark.
    const mark = (client: typeof reviewer, exceptionId: string, comment?: string) => client('POST', `/api/v1/batch-records/${orderId}/marks`, { exceptionId, ...(comment !== undefined ? { comment } : {}) });
    const noComment = await mark(reviewer, 'tolerance-override:7');
    expect(noComment.status).toBe(400);
    expect(noComment.body['message']).toMatch(/^body\/comment is required: exception tolerance-override:7/);
    const bySam = await mark(supervisor, 'tolerance-override:7', 'fine');
    expect(bySam.status).toBe(409);
    expect(bySam.body['message']).toContain('sam.supervisor performed or signed acts in order ORD-0001');
    expect((await mark(reviewer, 'no-such-exception', 'x')).status).toBe(404);
    for (const id of exceptionIds) {
      const marked = await mark(reviewer, id, `assessed: ${id}`);
      expect(marked.status, JSON.stringify(marked.body)).toBe(201);
    }
    expect((await mark(reviewer, low, 'again')).status).toBe(409);

    // The same person may not perform and review: Sam approved the overrides and signed step 11.
    const samSigns = await sign(supervisor, 'sam.supervisor', demo.server.credentials!['sam.supervisor']!.password);
    expect(samSigns.status).toBe(409);
    expect(samSigns.body['message']).toContain('the same person may not perform and review');
    // A wrong password signs nothing; a hash the reviewer did not see is refused.
    expect((await sign(reviewer, REVIEWER.userId, 'not-my-password')).status).toBe(403);
    const stale = await sign(reviewer, REVIEWER.userId, REVIEWER.password, 'reviewed', `sha256:${'0'.repeat(64)}`);
    expect(stale.status).toBe(409);
    expect(stale.body['message']).toContain('changed since it was opened');

    const signed = await sign(reviewer, REVIEWER.userId, REVIEWER.password);
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body['signature']).toMatchObject({ meaning: 'reviewed', signer: { userId: REVIEWER.userId, printedName: REVIEWER.printedName }, contentHash: view.contentHash, current: true });
    expect((await get()).review).toMatchObject({ status: 'reviewed', reopened: null, unmarkedExceptions: [] });
    expect((await reviewer('GET', '/api/v1/orders?status=reviewed')).body['orders']).toEqual([expect.objectContaining({ orderId, status: 'reviewed' })]);
    const audit = await demo.server.app.db.selectFrom('audit_log').select(['actor', 'action', 'target', 'details']).where('action', '=', 'batch-record.review-signed').execute();
    expect(audit.map((a) => [a.actor, a.target, (JSON.parse(a.details) as Json)['contentHash']])).toEqual([[REVIEWER.userId, `order/${orderId}`, view.contentHash]]);

    // A record of the order arrives after sign-off: the review reopens and says why; the old signature stays
    // as history, and the marks of unchanged exceptions stand.
    const kiosk = demo.station;
    await kiosk.login('oscar.operator');
    await kiosk.ok('openDeviation', { severity: 'low', title: 'Label printer jammed', description: 'Container labels of step 8 reprinted', orderId });
    await kiosk.synced();
    await waitForChecks(demo.server);
    const reopened = await get();
    expect(reopened.contentHash).not.toBe(view.contentHash);
    expect(reopened.review.status).toBe('awaiting-review');
    expect(reopened.review.reopened?.reason).toMatch(/^1 record\(s\) of the order arrived after Rita Reviewer signed "reviewed" at .* \(deviation\.deviation-opened\): the batch record changed, so the review is open again$/);
    expect(reopened.review.signatures).toEqual([expect.objectContaining({ signer: { userId: REVIEWER.userId, printedName: REVIEWER.printedName }, current: false })]);
    const added = reopened.record.exceptions.filter((e) => !exceptionIds.includes(e.id));
    expect(added.map((e) => e.title)).toEqual(['low deviation still open: Label printer jammed']);
    expect(reopened.review.unmarkedExceptions).toEqual(added.map((e) => e.id));
    expect(reopened.review.marks.filter((m) => m.current).map((m) => m.exceptionId).sort()).toEqual([...exceptionIds].sort());
    expect((await reviewer('GET', '/api/v1/orders')).body['orders']).toEqual([expect.objectContaining({ orderId, status: 'awaiting-review', reopened: reopened.review.reopened?.reason })]);

    // The plant-wide list of open deviations shows both open ones.
    const deviations = await reviewer('GET', '/api/v1/deviations');
    expect((deviations.body['deviations'] as Json[]).map((d) => d['title']).sort()).toEqual(['Glove change late', 'Label printer jammed']);
    expect((await reviewer('GET', '/api/v1/holds?status=all')).status).toBe(200);

    // Someone edits a stored record behind the server's back: the proof catches it and sign-off is refused.
    await sql.raw('DROP TRIGGER records_no_update' + (engine === 'postgres' ? ' ON records' : '')).execute(demo.server.app.db);
    const weighing = reopened.record.weighings.find((w) => w.stepId === '5')!;
    await demo.server.app.db
      .updateTable('records')
      .set({ envelope: sql`replace(envelope, '"net":"1500.00"', '"net":"1400.00"')` })
      .where('record_id', '=', weighing.record.recordId)
      .execute();
    const edited = await get();
    expect(edited.record.completeness.complete).toBe(false);
    expect(edited.record.completeness.statement).toContain(`K-DISP-1#1: seq ${weighing.record.seq} has a signature that does not verify`);
    for (const id of edited.review.unmarkedExceptions) expect((await mark(reviewer, id, 'assessed')).status).toBe(201);
    const refused = await sign(reviewer, REVIEWER.userId, REVIEWER.password, 'reviewed', edited.contentHash);
    expect(refused.status).toBe(409);
    expect(refused.body['message']).toContain('the batch record is not complete');
    expect(refused.body['message']).toContain(`seq ${weighing.record.seq} has a signature that does not verify`);
  }, 240_000);

  it('an operator may not read batch records, and an order without records is not found', async () => {
    const server = await startInProcessServer(cleanups, { database: await fresh() });
    const olivia = adminClient(server.url, server.credentials!['olivia.operator']!.password, 'olivia.operator');
    await olivia.login();
    const response = await olivia('GET', '/api/v1/batch-records/ORD-0001');
    expect(response.status).toBe(403);
    expect(response.body['message']).toContain('needs one of the roles supervisor, qa, admin');
    const missing = await server.asAdmin('GET', '/api/v1/batch-records/ORD-0001');
    expect(missing.status).toBe(404);
    expect(missing.body['message']).toBe('order ORD-0001 has no records on this server');
    expect((await olivia('POST', '/api/v1/batch-records/ORD-0001/signatures', { userId: 'olivia.operator', password: 'x', meaning: 'reviewed', contentHash: `sha256:${'0'.repeat(64)}` })).status).toBe(403);
    const bad = await server.asAdmin('POST', '/api/v1/batch-records/ORD-0001/signatures', { userId: 'ada.admin', password: 'x', meaning: 'looks fine', contentHash: 'abc' });
    expect(bad.status).toBe(400);
    expect(bad.body['message']).toMatch(/body\/meaning|body\/contentHash/);
  }, 60_000);
});
