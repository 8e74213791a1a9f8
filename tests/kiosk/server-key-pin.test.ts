import { afterEach, describe, expect, it } from 'vitest';
import { generateKioskKey, importPrivateKey, signObject, signServerKeyRotation } from '@lineside/sync-protocol/node';
import { startFaultProxy, type ProxyDecision } from './support/fault-proxy.js';
import { weighingDraft } from './support/kiosk-fixture.js';
import { approve, cleanupList, newEnrollCode, startCore, startInProcessServer, syncReaches } from '../faults/support/sync-fixture.js';

const cleanups = cleanupList();
/** A certificate due the day it was issued is withdrawn; yesterday's is later than the seeded one, so it is in force. */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
afterEach(() => cleanups.run());

/** A second server key: what a machine in the middle would sign with. */
function otherServerKey(keyId: string) {
  const material = generateKioskKey();
  return { keyId, publicKey: material.publicKey, privateKey: importPrivateKey(material.privateKeyPem) };
}

type Key = ReturnType<typeof otherServerKey>;

/** Rewrites the server's answers as signed by `key`: the server key, receipts and master-data pages. */
function resignedBy(key: Key, rotations: unknown[] = []) {
  return (exchange: { path: string }): ProxyDecision => {
    if (exchange.path === '/sync/v1/server-key') return { action: 'forward', rewrite: () => JSON.stringify({ serverKeyId: key.keyId, publicKey: key.publicKey, rotations }) };
    if (exchange.path === '/sync/v1/push') {
      return {
        action: 'forward',
        rewrite: (text) => {
          const body = JSON.parse(text) as { receipt?: Record<string, unknown> };
          if (!body.receipt) return text;
          const { sig: _sig, ...receipt } = body.receipt;
          return JSON.stringify({ ...body, receipt: signObject({ ...receipt, serverKeyId: key.keyId }, key.privateKey) });
        },
      };
    }
    if (exchange.path.startsWith('/sync/v1/pull')) {
      return {
        action: 'forward',
        rewrite: (text) => {
          const { sig, ...page } = JSON.parse(text) as Record<string, unknown>;
          return sig === undefined ? text : JSON.stringify(signObject({ ...page, serverKeyId: key.keyId }, key.privateKey));
        },
      };
    }
    return { action: 'forward' };
  };
}

describe('the kiosk pins the server key at enrollment', () => {
  it('refuses to enroll when the server key is not the one the enrollment code names', async () => {
    const server = await startInProcessServer(cleanups);
    const middle = otherServerKey('server#1');
    const proxy = await startFaultProxy(server.url, resignedBy(middle));
    cleanups.add(() => proxy.close());
    const core = await startCore(cleanups, { serverUrl: proxy.url, enrollCode: await newEnrollCode(server.asAdmin) });
    const refused = await syncReaches(core, (v) => v.phase === 'refused', 'enrollment refused');
    expect(refused.lastError).toMatchObject({ code: 'server-key-mismatch', message: expect.stringContaining('not the key') });
    // The kiosk's public key never went to the middle: no enroll request passed.
    expect(proxy.seen.filter((e) => e.path === '/sync/v1/enroll')).toEqual([]);
    expect((await core.dispatch('getState', {})).identity).toBeNull();
  });

  it('refuses receipts and pulls signed by a swapped-in key, and accepts a rotation signed by the pinned key', async () => {
    const server = await startInProcessServer(cleanups);
    let swap: ((exchange: { path: string }) => ProxyDecision) | null = null;
    const proxy = await startFaultProxy(server.url, (exchange) => swap?.(exchange) ?? { action: 'forward' });
    cleanups.add(() => proxy.close());
    const core = await startCore(cleanups, { serverUrl: proxy.url, enrollCode: await newEnrollCode(server.asAdmin) });
    await approve(server.asAdmin, core);
    const first = core.log.append(weighingDraft('1.000'));
    if (!first.ok) throw new Error(first.message);
    await syncReaches(core, (v) => v.ackedSeq === 1 && (v.masterDataVersion ?? 0) > 0, 'ackedSeq 1 and a first pull');
    const versionBefore = core.sync.status().masterDataVersion;

    // A central change a genuine pull would bring.
    const changed = await server.asAdmin('PUT', '/api/v1/master-data/calibration/CAL-BAL-02-2', {
      data: { equipmentId: 'BAL-02', certificateId: 'CAL-BAL-02-2', calibratedOn: yesterday(), dueOn: yesterday(), provider: 'QA: out of tolerance' },
      reason: 'BAL-02 failed its as-found check',
    });
    expect(changed.status).toBe(200);

    // A machine in the middle with its own key: its pulls apply nothing, its receipts mark nothing as sent.
    const middle = otherServerKey('server#2');
    swap = resignedBy(middle);
    const pullsBefore = proxy.seen.filter((e) => e.path.startsWith('/sync/v1/pull')).length;
    const pullRefused = syncReaches(core, (v) => v.lastError?.code === 'untrusted-server-key', 'a pull under the swapped key refused');
    core.sync.refreshMasterData();
    expect((await pullRefused).lastError?.message).toMatch(/no rotation signed by the pinned key server#1/);
    expect(proxy.seen.filter((e) => e.path.startsWith('/sync/v1/pull')).length).toBeGreaterThan(pullsBefore);
    expect(core.sync.status().masterDataVersion).toBe(versionBefore);

    const pushesBefore = proxy.pushes().length;
    const second = core.log.append(weighingDraft('2.000'));
    if (!second.ok) throw new Error(second.message);
    await syncReaches(core, () => proxy.pushes().length > pushesBefore && core.sync.status().lastError?.code === 'untrusted-server-key', 'a receipt under the swapped key refused');
    expect(core.sync.status()).toMatchObject({ ackedSeq: 1, unsent: 1 });
    expect(core.db.prepare('SELECT server_key_id FROM sync_state').get()).toEqual({ server_key_id: 'server#1' });

    // The genuine server rotates: the statement signed by the pinned key makes the new key trusted.
    const rotated = otherServerKey('server#2');
    swap = resignedBy(rotated, [signServerKeyRotation(server.app.serverKey, rotated, new Date().toISOString())]);
    await syncReaches(core, (v) => v.ackedSeq === 2 && v.lastError === null, 'ackedSeq 2 under the rotated key');
    core.sync.refreshMasterData();
    await syncReaches(core, (v) => v.masterDataVersion === Number(changed.body.version), 'the central change pulled under the rotated key');
    expect(core.db.prepare('SELECT server_key_id, server_public_key FROM sync_state').get()).toEqual({ server_key_id: 'server#2', server_public_key: rotated.publicKey });
  });
});
