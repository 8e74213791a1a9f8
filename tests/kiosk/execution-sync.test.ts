// The execution core on master data pulled from the real sync server: users log in with the PIN
// verifiers the server seeded, and the records of a started order are pushed and acknowledged.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, seedDemoPlant } from '@lineside/sync-server';
import { adminClient, approve, cleanupList, newEnrollCode, ownTempDir, startCore, syncReaches } from '../faults/support/sync-fixture.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

describe('execution against the real sync server', () => {
  it('logs in with the seeded badge and PIN after the pull, starts the order, and the server acknowledges its records', async () => {
    const dir = ownTempDir(cleanups, 'exec-server');
    const app = await buildApp({ database: { engine: 'sqlite', file: path.join(dir, 'server.sqlite') } });
    cleanups.add(() => app.close());
    const credentials = await seedDemoPlant(app.db, app.engine, new Date());
    const olivia = credentials?.['olivia.operator'];
    const admin = credentials?.['ada.admin'];
    if (!olivia || !admin) throw new Error('the demo seed has no olivia.operator or ada.admin');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const asAdmin = adminClient(url, admin.password);
    await asAdmin.login();

    const core = await startCore(cleanups, { serverUrl: url, enrollCode: await newEnrollCode(asAdmin) });
    // Before the first pull there is nothing to decide against: said plainly.
    expect(await core.execution.login({ badgeOrUserId: '100001', pin: olivia.pin })).toMatchObject({ ok: false, code: 'no-master-data' });
    await approve(asAdmin, core);
    await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first master-data pull');

    const wrongPin = olivia.pin === '000000' ? '111111' : '000000';
    expect(await core.execution.login({ badgeOrUserId: '100001', pin: wrongPin })).toMatchObject({ ok: false, code: 'login-failed' });
    expect(await core.execution.login({ badgeOrUserId: '100001', pin: olivia.pin })).toMatchObject({ ok: true, session: { userId: 'olivia.operator', printedName: 'Olivia Operator' } });
    expect(core.execution.listOrders()).toMatchObject({ ok: true, orders: [{ orderId: 'ORD-0001', batchNumber: 'B-PCM-0001', status: 'not-started' }, { orderId: 'ORD-0002', batchNumber: 'B-PCM-0002', status: 'not-started' }] });
    expect(core.execution.startOrder({ orderId: 'ORD-0001' })).toMatchObject({ ok: true });

    const head = core.log.head().seq;
    core.sync.wake();
    const acked = await syncReaches(core, (v) => v.ackedSeq >= head, `server receipt up to seq ${head}`);
    expect(acked.phase).toBe('active');
    const types = core.db.prepare<[], { type: string }>('SELECT type FROM records ORDER BY seq').all().map((r) => r.type);
    // Starting the order puts the station's idle instruments in setup (line clearance): derived records (issue 12).
    expect(types.filter((t) => t !== 'equipment.equipment-state-changed')).toEqual(['signer.signature-failed', 'session.logged-in', 'order.order-started']);
    expect(types.filter((t) => t === 'equipment.equipment-state-changed').length).toBeGreaterThan(0);
  });

  it('three wrong PINs lock Olivia at the kiosk; the server locks her centrally; an admin unlocks her with a reason; after the pull she signs in', async () => {
    const dir = ownTempDir(cleanups, 'exec-unlock');
    const app = await buildApp({ database: { engine: 'sqlite', file: path.join(dir, 'server.sqlite') } });
    cleanups.add(() => app.close());
    const credentials = await seedDemoPlant(app.db, app.engine, new Date());
    const olivia = credentials?.['olivia.operator'];
    const admin = credentials?.['ada.admin'];
    if (!olivia || !admin) throw new Error('the demo seed has no olivia.operator or ada.admin');
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const asAdmin = adminClient(url, admin.password);
    await asAdmin.login();
    // Pull master data at every idle step, so the test need not wait out the minute between pulls.
    const core = await startCore(cleanups, { serverUrl: url, enrollCode: await newEnrollCode(asAdmin), sync: { masterPollMs: 100, idlePollMs: 100 } });
    await approve(asAdmin, core);
    await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first master-data pull');

    const wrongPin = olivia.pin === '000000' ? '111111' : '000000';
    for (let i = 0; i < 3; i++) expect(await core.execution.login({ badgeOrUserId: '100001', pin: wrongPin })).toMatchObject({ ok: false, code: 'login-failed' });
    // Locked: only whoever knows her PIN is told so.
    expect(await core.execution.login({ badgeOrUserId: '100001', pin: olivia.pin })).toMatchObject({ ok: false, code: 'signer-locked-out' });

    const head = core.log.head().seq;
    core.sync.wake();
    await syncReaches(core, (v) => v.ackedSeq >= head, `server receipt up to seq ${head}`);
    const users = async () => ((await asAdmin('GET', '/api/v1/master-data/user')).body as { items: Record<string, unknown>[] }).items;
    expect((await users()).find((u) => u['id'] === 'olivia.operator')).toMatchObject({ centralLockout: { kioskId: 'K-DISP-1' } });

    const unlocked = await asAdmin('POST', '/api/v1/users/olivia.operator/unlock', { reason: 'identity confirmed by her supervisor', password: admin.password });
    expect(unlocked.status, JSON.stringify(unlocked.body)).toBe(200);
    const version = Number(unlocked.body['masterVersion']);
    core.sync.wake();
    await syncReaches(core, (v) => (v.masterDataVersion ?? 0) >= version, `the pull of master version ${version}`);

    expect(await core.execution.login({ badgeOrUserId: '100001', pin: olivia.pin })).toMatchObject({ ok: true, session: { userId: 'olivia.operator' } });
    // The kiosk's chain says why she may sign again: the central unlock, cited by its master version.
    const rows = core.db.prepare<[], { type: string; body: string }>("SELECT type, body FROM records WHERE type LIKE 'signer.%' ORDER BY seq").all();
    expect(rows.map((r) => r.type)).toEqual(['signer.signature-failed', 'signer.signature-failed', 'signer.signature-failed', 'signer.signer-locked-out', 'signer.signer-unlocked']);
    const unlock = JSON.parse(rows.at(-1)!.body) as { actor: unknown; payload: Record<string, unknown> };
    expect(unlock.actor).toEqual({ kind: 'kiosk' });
    expect(unlock.payload).toMatchObject({ type: 'SignerUnlocked', userId: 'olivia.operator', by: 'ada.admin', reason: 'identity confirmed by her supervisor', masterVersion: version });

    // The echo reaches the server, which accepts it under the record contract and does not lock her again.
    const last = core.log.head().seq;
    core.sync.wake();
    await syncReaches(core, (v) => v.ackedSeq >= last, `server receipt up to seq ${last}`);
    expect((await users()).find((u) => u['id'] === 'olivia.operator')).not.toHaveProperty('centralLockout');
  });
});
