import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKioskKey, importPrivateKey, keyFingerprint, signServerKeyRotation } from '@lineside/sync-protocol/node';
import type { ServerKeyResponse } from '@lineside/sync-protocol';
import { openDatabase } from '../store/db.js';
import { syncStateTable } from '../store/sync-state.js';
import { createSyncContext, type SyncClientDeps } from './context.js';
import { createServerKeyPin } from './server-key.js';
import type { ServerApi } from './server-api.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function serverKey(keyId: string) {
  const m = generateKioskKey();
  return { keyId, publicKey: m.publicKey, privateKey: importPrivateKey(m.privateKeyPem) };
}

/** The server-key step over a real kiosk store and an API that answers `served()`. */
function setUp(served: () => ServerKeyResponse) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-server-key-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'kiosk.sqlite'));
  const syncState = syncStateTable(db);
  const api = { baseUrl: 'http://server', serverKey: () => Promise.resolve({ ok: true as const, status: 200, body: served(), t1: 0, t4: 0 }) } as unknown as ServerApi;
  const ctx = createSyncContext({ api, syncState, clock: { wallMs: () => 0 } } as unknown as SyncClientDeps);
  return { pin: createServerKeyPin(ctx), syncState, ctx, close: () => db.close() };
}

describe('server key pin', () => {
  it('pins at enrollment only the key the code names, then follows only rotations the pinned key signed', async () => {
    const genuine = serverKey('server#1');
    const middle = serverKey('server#2');
    const next = serverKey('server#2');
    let served: ServerKeyResponse = { serverKeyId: middle.keyId, publicKey: middle.publicKey };
    const s = setUp(() => served);
    expect(await s.pin.pinAtEnrollment(keyFingerprint(genuine.publicKey))).toMatchObject({ ok: false, outcome: { kind: 'halted', code: 'server-key-mismatch' } });
    expect(s.syncState.get().serverKey).toBeNull();

    served = { serverKeyId: genuine.keyId, publicKey: genuine.publicKey };
    expect(await s.pin.pinAtEnrollment(keyFingerprint(genuine.publicKey))).toMatchObject({ ok: true });
    expect(s.syncState.get().serverKey).toEqual({ keyId: 'server#1', publicKey: genuine.publicKey });

    served = { serverKeyId: middle.keyId, publicKey: middle.publicKey };
    expect(await s.pin.forKeyId('server#2')).toMatchObject({ ok: false, outcome: { kind: 'retry', code: 'untrusted-server-key' } });
    expect(s.syncState.get().serverKey?.keyId).toBe('server#1');

    served = { serverKeyId: next.keyId, publicKey: next.publicKey, rotations: [signServerKeyRotation(genuine, next, '2026-12-05T00:00:00.000Z')] };
    expect(await s.pin.forKeyId('server#2')).toEqual({ ok: true, key: { keyId: 'server#2', publicKey: next.publicKey } });
    expect(s.syncState.get().serverKey).toEqual({ keyId: 'server#2', publicKey: next.publicKey });
    s.close();
  });
});
