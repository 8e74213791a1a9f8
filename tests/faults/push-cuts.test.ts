import { afterEach, beforeAll, expect, it } from 'vitest';
import { removeTempDirs, stopAll } from '../support/processes.js';
import type { DatabaseOptions } from '@lineside/sync-server';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { weighingDraft } from '../kiosk/support/kiosk-fixture.js';
import { onEachEngine, storedRecordCount } from './support/engines.js';
import { adminPassword, requireBuiltServer, serverDataDir, startServerProcess } from './support/server-process.js';
import { adminClient, approve, cleanupList, newEnrollCode, serverRecords, startCore, syncReaches, type AdminClient } from './support/sync-fixture.js';
import { startTcpProxy, type PushFault } from './support/tcp-proxy.js';

const cleanups = cleanupList();
beforeAll(requireBuiltServer);
afterEach(async () => {
  try {
    await cleanups.run();
  } finally {
    await stopAll();
    removeTempDirs();
  }
});

function appendMany(core: KioskCore, count: number): Map<number, string> {
  const hashes = new Map<number, string>();
  for (let i = 0; i < count; i++) {
    const result = core.log.append(weighingDraft(`${(i % 90) + 10}.${String(i % 1000).padStart(3, '0')}`));
    if (!result.ok) throw new Error(result.message);
    hashes.set(result.appended.seq, result.appended.hash);
  }
  return hashes;
}

/** The server holds exactly seq 1..n of the kiosk, each with the kiosk's hash, verified, once, in the engine under test. */
async function expectServerHoldsExactly(asAdmin: AdminClient, kiosk: Map<number, string>, database: DatabaseOptions) {
  const held = await serverRecords(asAdmin);
  expect(await storedRecordCount(database)).toBe(kiosk.size);
  expect(held.map((r) => r.seq)).toEqual([...kiosk.keys()].sort((a, b) => a - b));
  for (const record of held) expect(record.hash, `seq ${record.seq}`).toBe(kiosk.get(record.seq));
  expect(held.every((r) => r.signatureVerified)).toBe(true);
}

async function enrolledKiosk(dataDir: string, proxyUrl: string, serverUrl: string) {
  const asAdmin = adminClient(serverUrl, adminPassword(dataDir));
  await asAdmin.login();
  const core = await startCore(cleanups, { serverUrl: proxyUrl, enrollCode: await newEnrollCode(asAdmin), sync: { batchLimits: { maxRecords: 10, maxBytes: 2 * 1024 * 1024 }, backoff: { baseMs: 10, maxMs: 100 } } });
  await approve(asAdmin, core);
  await syncReaches(core, (v) => v.phase === 'active' && (v.masterDataVersion ?? 0) > 0, 'active with master data');
  return { core, asAdmin };
}

onEachEngine('push through a connection that is cut mid-exchange', (fresh) => {
  it('loses and duplicates nothing when requests and answers are cut at many byte offsets', async () => {
    const database = await fresh();
    const dataDir = serverDataDir(database, 'faults-cut');
    const server = await startServerProcess(dataDir, true, database);
    // Each of the first pushes is cut somewhere: inside the headers, inside the body, before and after the answer's status line.
    const faults: PushFault[] = [
      { kind: 'cut-request', bytes: 1 },
      { kind: 'cut-request', bytes: 120 },
      { kind: 'cut-request', bytes: 900 },
      { kind: 'cut-response', bytes: 0 },
      { kind: 'cut-response', bytes: 12 },
      { kind: 'cut-response', bytes: 300 },
      { kind: 'pass' },
      { kind: 'cut-response', bytes: 0 },
      { kind: 'cut-request', bytes: 4000 },
      { kind: 'cut-response', bytes: 1 },
    ];
    const proxy = await startTcpProxy(server.port, (i) => faults[i] ?? { kind: 'pass' });
    cleanups.add(() => proxy.close());
    const { core, asAdmin } = await enrolledKiosk(dataDir, proxy.url, server.url);

    const kiosk = appendMany(core, 45);
    await syncReaches(core, (v) => v.ackedSeq === 45, 'ackedSeq 45', 60_000);
    expect(proxy.faultsApplied).toHaveLength(faults.filter((f) => f.kind !== 'pass').length);
    // Answers cut after the commit made the kiosk resend batches the server already held: it said so.
    expect(proxy.duplicatesAnswered()).toBeGreaterThanOrEqual(10);
    await expectServerHoldsExactly(asAdmin, kiosk, database);
    expect(core.sync.status()).toMatchObject({ unsent: 0, headSeq: 45, lastError: null });
  });

  it('loses and duplicates nothing when the server is killed with SIGKILL mid-batch and restarted on the same data', async () => {
    const database = await fresh();
    const dataDir = serverDataDir(database, 'faults-kill-server');
    let server = await startServerProcess(dataDir, true, database);
    const kills: number[] = [];
    let killing: Promise<void> = Promise.resolve();
    // Kill on pushes 1, 3 and 5, at growing delays after the request line went through: before the body
    // is read, during the transaction, and around the commit.
    const delays = new Map([[1, 0], [3, 4], [5, 25]]);
    // Pushes are counted only while a server is up: retries into a dead port must not use up the plan,
    // and two restarts must never overlap on one data folder.
    let restarting = false;
    let upPushes = 0;
    const proxy = await startTcpProxy(server.port, () => {
      if (restarting) return { kind: 'pass' };
      const n = upPushes++;
      const delay = delays.get(n);
      if (delay === undefined) return { kind: 'pass' };
      restarting = true;
      return {
        kind: 'hook',
        act: () => {
          killing = (async () => {
            if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
            kills.push(n);
            await server.proc.stop('SIGKILL');
            server = await startServerProcess(dataDir, false, database);
            proxy.retarget(server.port);
            restarting = false;
          })();
        },
      };
    });
    cleanups.add(() => proxy.close());
    const { core } = await enrolledKiosk(dataDir, proxy.url, server.url);

    const kiosk = appendMany(core, 80);
    await syncReaches(core, (v) => v.ackedSeq === 80 && kills.length === 3, 'ackedSeq 80 after three server kills', 90_000);
    await killing;
    expect(kills).toEqual([1, 3, 5]);
    // The sessions table survived the kills too, but sign in again against the server now running.
    const asAdmin = adminClient(server.url, adminPassword(dataDir));
    await asAdmin.login();
    await expectServerHoldsExactly(asAdmin, kiosk, database);
    expect(core.sync.status()).toMatchObject({ unsent: 0, headSeq: 80 });
  });
});
