import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, seedDemoPlant } from '@lineside/sync-server';
import type { SyncStatusView } from '../../apps/kiosk/src/shared/api.js';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { weighingDraft } from './support/kiosk-fixture.js';
import { startFaultProxy, type ProxyDecision } from './support/fault-proxy.js';
import { recordsOfType } from './support/station.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-sync-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const app = await buildApp({ database: { engine: 'sqlite', file: path.join(dir, 'server.sqlite') } });
  cleanups.push(() => app.close());
  const credentials = await seedDemoPlant(app.db, app.engine, new Date());
  const admin = credentials?.['ada.admin'];
  if (!admin) throw new Error('the demo seed has no ada.admin');
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const session = (await (await fetch(`${url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ada.admin', password: admin.password }) })).json()) as { token: string };
  const asAdmin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(url + route, { method, headers: { authorization: `Bearer ${session.token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const { body: code } = await asAdmin('POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' });
  return { url, dir, asAdmin, credentials, enrollCode: String(code.code) };
}

async function startKiosk(serverUrl: string, enrollCode: string, batchLimits?: { maxRecords: number; maxBytes: number }): Promise<KioskCore> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-sync-k-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const started = await startKioskCore({
    dataDir: dir,
    serverUrl,
    enrollCode,
    sync: { approvalPollMs: 50, idlePollMs: 60_000, haltedPollMs: 60_000, backoff: { baseMs: 20, maxMs: 100 }, ...(batchLimits ? { batchLimits } : {}) },
  });
  if (!started.ok) throw new Error(started.message);
  cleanups.push(() => started.core.close());
  return started.core;
}

function syncReaches(core: KioskCore, predicate: (view: SyncStatusView) => boolean, what: string, timeoutMs = 15_000): Promise<SyncStatusView> {
  return new Promise((resolve, reject) => {
    const check = (view: SyncStatusView) => {
      if (!predicate(view)) return;
      off();
      clearTimeout(timer);
      resolve(view);
    };
    const off = core.sync.onStatus(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`sync never reached: ${what}; last status ${JSON.stringify(core.sync.status())}`));
    }, timeoutMs);
    check(core.sync.status());
  });
}

async function enrollAndApprove(server: Awaited<ReturnType<typeof startServer>>, core: KioskCore) {
  await syncReaches(core, (v) => v.phase === 'pending', 'pending after enrollment');
  const approved = await server.asAdmin('POST', '/api/v1/kiosks/K-DISP-1/approve');
  expect(approved).toMatchObject({ status: 200, body: { kioskId: 'K-DISP-1', status: 'active' } });
}

const append = (core: KioskCore, value: string) => {
  const result = core.log.append(weighingDraft(value));
  if (!result.ok) throw new Error(result.message);
  return result.appended;
};

describe('kiosk sync against the real sync server', () => {
  it('enrolls, waits for approval, pushes its records and holds a verified receipt', async () => {
    const server = await startServer();
    const core = await startKiosk(server.url, server.enrollCode);
    await enrollAndApprove(server, core);
    const appended = ['12.345', '12.350', '0.082'].map((v) => append(core, v));
    const done = await syncReaches(core, (v) => v.ackedSeq === 3, 'ackedSeq 3');
    expect(done).toMatchObject({ phase: 'active', online: true, unsent: 0, headSeq: 3, lastError: null });
    expect(done.lastSyncAt).not.toBeNull();
    expect(done.rttMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(done.clockOffsetMs ?? Infinity)).toBeLessThan(1_000);

    const { body } = await server.asAdmin('GET', '/api/v1/records?kioskId=K-DISP-1');
    const records = body.records as Array<{ seq: number; hash: string; payload: { value: string }; signatureVerified: boolean }>;
    expect(records.map((r) => [r.seq, r.hash, r.payload.value, r.signatureVerified])).toEqual(appended.map((a, i) => [a.seq, a.hash, ['12.345', '12.350', '0.082'][i], true]));
    const state = await core.dispatch('getState', {});
    expect(state.identity).toMatchObject({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', stationId: 'DISP-1' });
  });

  it('goes offline when the connection is cut, and retries the same bytes until a receipt comes', async () => {
    const server = await startServer();
    let cuts = 2;
    const proxy = await startFaultProxy(server.url, (exchange): ProxyDecision => (exchange.path === '/sync/v1/push' && cuts-- > 0 ? { action: 'drop' } : { action: 'forward' }));
    cleanups.push(() => proxy.close());
    const core = await startKiosk(proxy.url, server.enrollCode);
    await enrollAndApprove(server, core);
    const offline = syncReaches(core, (v) => !v.online && v.lastError?.code === 'server-unreachable', 'offline after a cut connection');
    append(core, '5.000');
    append(core, '5.001');
    expect(await offline).toMatchObject({ unsent: 2, ackedSeq: 0 });
    await syncReaches(core, (v) => v.ackedSeq === 2 && v.online, 'ackedSeq 2 after retries');
    const pushes = proxy.pushes();
    expect(pushes).toHaveLength(3);
    expect(pushes[1]!.body).toBe(pushes[0]!.body);
    expect(pushes[2]!.body).toBe(pushes[0]!.body);
  });

  it('sends a record appended while a master-data pull is in flight at once, not after the idle wait', async () => {
    const server = await startServer();
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const proxy = await startFaultProxy(server.url, (exchange): ProxyDecision => (exchange.path.startsWith('/sync/v1/pull') ? { action: 'forward', hold: held } : { action: 'forward' }));
    cleanups.push(() => proxy.close());
    const core = await startKiosk(proxy.url, server.enrollCode);
    await enrollAndApprove(server, core);
    // Approved, the kiosk has nothing to push and pulls its master data: the pull is held at the proxy.
    await expect.poll(() => proxy.seen.some((e) => e.path.startsWith('/sync/v1/pull')), { timeout: 10_000 }).toBe(true);
    append(core, '7.777');
    core.sync.wake(); // as a command does after it appends
    release();
    // The pull ends 'idle'; the idle wait is 60 s here, so only the wake taken during the pull sends the record in time.
    await syncReaches(core, (v) => v.ackedSeq === 1, 'ackedSeq 1 after the pull', 10_000);
    expect(proxy.pushes().length).toBeGreaterThanOrEqual(1);
  });

  it('does not count records as delivered on a receipt whose signature fails, and resends them', async () => {
    const server = await startServer();
    let forged = 0;
    const forge = (text: string) => {
      const body = JSON.parse(text) as { receipt: { sig: string } };
      body.receipt.sig = `${body.receipt.sig.startsWith('A') ? 'B' : 'A'}${body.receipt.sig.slice(1)}`;
      forged++;
      return JSON.stringify(body);
    };
    const proxy = await startFaultProxy(server.url, (exchange): ProxyDecision => (exchange.path === '/sync/v1/push' && forged === 0 ? { action: 'forward', rewrite: forge } : { action: 'forward' }));
    cleanups.push(() => proxy.close());
    const core = await startKiosk(proxy.url, server.enrollCode);
    await enrollAndApprove(server, core);
    const refused = syncReaches(core, (v) => v.lastError?.code === 'bad-receipt', 'a refused receipt');
    append(core, '9.990');
    const atRefusal = await refused;
    expect(atRefusal).toMatchObject({ ackedSeq: 0, unsent: 1 });
    expect(atRefusal.lastError?.message).toMatch(/signature does not verify with server key/);
    await syncReaches(core, (v) => v.ackedSeq === 1 && v.lastError === null, 'ackedSeq 1 with a good receipt');
    const pushes = proxy.pushes();
    expect(pushes).toHaveLength(2);
    expect(pushes[1]!.body).toBe(pushes[0]!.body);
  });

  it('sends a backlog in batches no larger than the limit, in order', async () => {
    const server = await startServer();
    const proxy = await startFaultProxy(server.url);
    cleanups.push(() => proxy.close());
    const core = await startKiosk(proxy.url, server.enrollCode, { maxRecords: 5, maxBytes: 2 * 1024 * 1024 });
    await syncReaches(core, (v) => v.phase === 'pending', 'pending');
    // Offline work piles up while the kiosk waits for approval.
    for (let i = 0; i < 12; i++) append(core, `${i + 1}.000`);
    expect(core.sync.status()).toMatchObject({ unsent: 12, ackedSeq: 0 });
    await server.asAdmin('POST', '/api/v1/kiosks/K-DISP-1/approve');
    await syncReaches(core, (v) => v.ackedSeq === 12, 'ackedSeq 12');
    const batches = proxy.pushes().map((p) => (JSON.parse(p.body) as { records: Array<{ seq: number }> }).records.map((r) => r.seq));
    expect(batches).toEqual([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12]]);
  });

  it('keeps records on the kiosk and says so when an admin revokes it', async () => {
    const server = await startServer();
    const core = await startKiosk(server.url, server.enrollCode);
    await enrollAndApprove(server, core);
    append(core, '1.500');
    await syncReaches(core, (v) => v.ackedSeq === 1, 'ackedSeq 1');
    expect(await server.asAdmin('POST', '/api/v1/kiosks/K-DISP-1/revoke', { reason: 'tablet reported stolen' })).toMatchObject({ status: 200 });
    append(core, '1.600');
    const revoked = await syncReaches(core, (v) => v.phase === 'revoked', 'revoked');
    expect(revoked).toMatchObject({ online: true, ackedSeq: 1, unsent: 1, lastError: { code: 'kiosk-revoked' } });
    expect(core.log.head().seq).toBe(2);
  });

  it('after a crash, the instrument the log left in setup is idle from the restart, recorded by the kiosk and accepted unflagged', async () => {
    const server = await startServer();
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-restart-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const sync = { approvalPollMs: 50, idlePollMs: 60_000, haltedPollMs: 60_000, backoff: { baseMs: 20, maxMs: 100 } };
    const start = async (enrollCode?: string) => {
      const started = await startKioskCore({ dataDir: dir, serverUrl: server.url, sync, ...(enrollCode ? { enrollCode } : {}) });
      if (!started.ok) throw new Error(started.message);
      cleanups.push(() => started.core.close());
      return started.core;
    };
    const stateChanges = (core: KioskCore) => recordsOfType(core, 'equipment.equipment-state-changed');
    const first = await start(server.enrollCode);
    await enrollAndApprove(server, first);
    await syncReaches(first, (v) => (v.masterDataVersion ?? 0) > 0, 'master data pulled');
    // Maintenance passes BAL-01's daily check: the balance is in setup. Then the kiosk dies, nobody signed out.
    expect(await first.execution.login({ badgeOrUserId: 'max.maintenance', pin: server.credentials!['max.maintenance']!.pin })).toMatchObject({ ok: true });
    expect(first.execution.recordRoutineTest({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: 'S S    200.00010 g' } })).toMatchObject({ ok: true });
    expect(stateChanges(first).map((r) => r.payload['to'])).toEqual(['setup']);
    await first.close();

    const second = await start();
    const changes = stateChanges(second);
    expect(changes).toHaveLength(2);
    expect(changes[1]).toMatchObject({ actor: { kind: 'kiosk' }, payload: { equipmentId: 'BAL-01', from: 'setup', to: 'idle', reason: 'kiosk restarted', by: 'K-DISP-1' } });
    expect(second.execution.instrumentStates()).toMatchObject({ ok: true, instruments: expect.arrayContaining([expect.objectContaining({ equipmentId: 'BAL-01', state: 'idle' })]) });
    const head = second.log.head().seq;
    second.sync.wake();
    await syncReaches(second, (v) => v.ackedSeq >= head, "the restart's record acknowledged");
    const stored = await server.asAdmin('GET', '/api/v1/records?kioskId=K-DISP-1&type=equipment.equipment-state-changed');
    const records = stored.body['records'] as { payload: Record<string, unknown>; flags: { code: string }[] }[];
    expect(records.map((r) => [r.payload['to'], r.flags.map((f) => f.code)])).toEqual([['setup', []], ['idle', []]]);
    await second.close();

    // Started again with nothing left working: nothing more to record.
    const third = await start();
    expect(stateChanges(third)).toHaveLength(2);
    // The kiosk may not use the same door to record running time with no person: flagged.
    const forged = third.log.append({ type: 'equipment.equipment-state-changed', payloadSchema: 'equipment.equipment-state-changed@1', actor: { kind: 'kiosk' }, subject: { equipment: 'BAL-01' }, payload: { ...changes[1]!.payload, from: 'idle', to: 'running' } });
    expect(forged.ok).toBe(true);
    third.sync.wake();
    await syncReaches(third, (v) => v.ackedSeq >= third.log.head().seq, 'the forged record acknowledged');
    const all = (await server.asAdmin('GET', '/api/v1/records?kioskId=K-DISP-1&type=equipment.equipment-state-changed')).body['records'] as { payload: Record<string, unknown>; flags: { code: string; message: string }[] }[];
    expect(all.at(-1)!.flags).toEqual([{ code: 'UNAUTHORISED_ACT', message: 'a state change of BAL-01 is recorded with no user: a person must do it' }]);
  });
});
