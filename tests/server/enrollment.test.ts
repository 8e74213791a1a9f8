import { expect, it } from 'vitest';
import { generateKioskKey, keyFingerprint, trustServedServerKey } from '@lineside/sync-protocol/node';
import { insertStation } from '../../apps/sync-server/src/db/stations.js';
import { recordServerKeyRotation } from '../../apps/sync-server/src/sync/server-key-rotation.js';
import { onEachEngine } from './support/suite.js';
import { TestKiosk } from './support/kiosk.js';

onEachEngine('enrollment and approval', (server) => {
  const enroll = (payload: object) => server.app.inject({ method: 'POST', url: '/sync/v1/enroll', payload });

  it('enrolls a kiosk as pending with a one-time code bound to its station, then lets an admin approve it', async () => {
    const code = await server.enrollmentCode('GRAN-1');
    const kiosk = new TestKiosk(() => server.clock);
    const response = await enroll({ code, publicKey: kiosk.key.publicKey, hostname: 'gran-pc', appVersion: '0.1.0' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({ kioskId: 'K-GRAN-1', keyId: 'K-GRAN-1#1', stationId: 'GRAN-1', status: 'pending', serverTime: server.clock.toISOString() });
    kiosk.kioskId = 'K-GRAN-1';
    kiosk.keyId = 'K-GRAN-1#1';

    // A pending kiosk may poll its own state, but may not push.
    const state = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: kiosk.authorization('GET', '/sync/v1/kiosk') } });
    expect(state.statusCode).toBe(200);
    expect(state.json()).toMatchObject({ kioskId: 'K-GRAN-1', keyId: 'K-GRAN-1#1', stationId: 'GRAN-1', status: 'pending', ackedSeq: 0 });
    const refused = await server.push(kiosk, kiosk.pushBody(kiosk.next(1)));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ status: 'error', reason: 'kiosk-pending' });

    const listed = await server.as('ada.admin', 'GET', '/api/v1/kiosks');
    expect((listed.json() as { kiosks: { kioskId: string; status: string }[] }).kiosks).toContainEqual(expect.objectContaining({ kioskId: 'K-GRAN-1', status: 'pending', hostname: 'gran-pc' }));
    const approved = await server.as('ada.admin', 'POST', '/api/v1/kiosks/K-GRAN-1/approve');
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ kioskId: 'K-GRAN-1', status: 'active', statusChangedBy: 'ada.admin' });
    const after = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: kiosk.authorization('GET', '/sync/v1/kiosk') } });
    expect(after.json()).toMatchObject({ status: 'active' });
  });

  it('refuses a used code, keeping the first enrollment', async () => {
    const code = await server.enrollmentCode('DISP-1');
    const first = await enroll({ code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
    expect(first.statusCode).toBe(201);
    const second = await enroll({ code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ status: 'error', reason: 'enrollment-code-used', message: expect.stringContaining('DISP-1') });
    const keys = await server.app.db.selectFrom('kiosk_keys').select('key_id').where('kiosk_id', '=', 'K-DISP-1').execute();
    expect(keys.map((k) => k.key_id)).toEqual([first.json().keyId]);
  });

  it('refuses an unknown code and an expired one', async () => {
    const unknown = await enroll({ code: 'ZZZZ-ZZZZ-ZZZZ', publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ reason: 'unknown-enrollment-code' });

    const code = await server.enrollmentCode('GRAN-1');
    server.advance(24 * 3_600_000 + 1);
    try {
      const expired = await enroll({ code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
      expect(expired.statusCode).toBe(410);
      expect(expired.json()).toMatchObject({ reason: 'enrollment-code-expired', message: expect.stringContaining('expired at') });
    } finally {
      server.advance(-(24 * 3_600_000 + 1));
    }
  });

  it('refuses a public key that is not Ed25519 SPKI, and leaves the code usable', async () => {
    const code = await server.enrollmentCode('GRAN-1');
    const bad = await enroll({ code, publicKey: 'bm90LWEta2V5', appVersion: '0.1.0' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'bad-public-key', message: expect.stringContaining('public key') });
    const good = await enroll({ code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ kioskId: 'K-GRAN-1', keyId: 'K-GRAN-1#2', status: 'pending' });
  });

  it('issues codes only to admins and only for known stations', async () => {
    const asSupervisor = await server.as('sam.supervisor', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' });
    expect(asSupervisor.statusCode).toBe(403);
    expect(asSupervisor.json()).toMatchObject({ reason: 'forbidden' });
    const unknownStation = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'NOPE-9' });
    expect(unknownStation.statusCode).toBe(404);
    expect(unknownStation.json()).toMatchObject({ reason: 'not-found', message: expect.stringContaining('NOPE-9') });
    const anonymous = await server.app.inject({ method: 'POST', url: '/api/v1/enrollment-codes', payload: { reason: 'test: enroll a kiosk', stationId: 'DISP-1' } });
    expect(anonymous.statusCode).toBe(401);
  });

  it('keeps a working kiosk syncing while a second code enrolls a new key for its station, and retires the old key on approval', async () => {
    const old = await server.freshKiosk();
    expect((await server.push(old, old.pushBody(old.next(2)))).statusCode).toBe(200);
    const stationId = old.kioskId.slice('K-'.length);
    const replacement = new TestKiosk(() => server.clock);
    const enrolled = await enroll({ code: await server.enrollmentCode(stationId), publicKey: replacement.key.publicKey, appVersion: '0.1.0' });
    expect(enrolled.statusCode).toBe(201);
    expect(enrolled.json()).toMatchObject({ kioskId: old.kioskId, keyId: `${old.kioskId}#2`, status: 'pending' });
    replacement.kioskId = old.kioskId;
    replacement.keyId = `${old.kioskId}#2`;

    // Before approval the old key is still the kiosk's: it pushes and checks in without a 401.
    expect((await server.push(old, old.pushBody(old.next(1)))).statusCode).toBe(200);
    const oldState = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: old.authorization('GET', '/sync/v1/kiosk') } });
    expect(oldState.json()).toMatchObject({ keyId: old.keyId, status: 'active', ackedSeq: 3 });
    // The new key is pending: it may ask its state, not push or pull.
    const newState = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: replacement.authorization('GET', '/sync/v1/kiosk') } });
    expect(newState.json()).toMatchObject({ keyId: replacement.keyId, status: 'pending' });
    const early = await server.push(replacement, replacement.pushBody(replacement.next(1)));
    expect(early.statusCode).toBe(403);
    expect(early.json()).toMatchObject({ reason: 'kiosk-pending' });
    const listed = (await server.as('ada.admin', 'GET', '/api/v1/kiosks')).json() as { kiosks: { kioskId: string; keyId: string; status: string; pendingKeyId: string | null }[] };
    expect(listed.kiosks.find((k) => k.kioskId === old.kioskId)).toMatchObject({ keyId: old.keyId, status: 'active', pendingKeyId: replacement.keyId });

    const approved = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${old.kioskId}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ keyId: replacement.keyId, status: 'active', pendingKeyId: null });
    // Now the old key is retired: refused with a reason.
    const retired = await server.push(old, old.pushBody(old.next(1)));
    expect(retired.statusCode).toBe(401);
    expect(retired.json()).toMatchObject({ reason: 'unauthenticated', message: expect.stringContaining(`replaced by ${replacement.keyId}`) });
  });

  it('hands out codes that carry the server key fingerprint, and still takes a code pasted with it', async () => {
    await insertStation(server.app.db, { station_id: 'MIX-1', kiosk_id: 'K-MIX-1', plant_id: 'P1', name: 'mixing booth', offline_grace_hours: 72 });
    const issued = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'MIX-1' });
    const fingerprint = keyFingerprint(server.app.serverKey.publicKey);
    expect(issued.json()).toMatchObject({ code: expect.stringMatching(new RegExp(`^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}@${fingerprint}$`)), serverKeyFingerprint: fingerprint });
    const response = await enroll({ code: (issued.json() as { code: string }).code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' });
    expect(response.statusCode).toBe(201);
  });

  it('serves each server key rotation, signed by the key before, so a kiosk that pinned the old key trusts the new one', async () => {
    const pinned = { keyId: server.app.serverKey.keyId, publicKey: server.app.serverKey.publicKey };
    const next = { keyId: 'server#2', publicKey: generateKioskKey().publicKey };
    await recordServerKeyRotation(server.app.db, server.app.serverKey, next, server.clock.toISOString());
    const served = (await server.app.inject({ method: 'GET', url: '/sync/v1/server-key' })).json() as { serverKeyId: string; rotations: unknown[] };
    expect(served).toMatchObject({ serverKeyId: pinned.keyId, rotations: [{ previousKeyId: pinned.keyId, serverKeyId: 'server#2', publicKey: next.publicKey }] });
    expect(trustServedServerKey(pinned, { serverKeyId: next.keyId, publicKey: next.publicKey, rotations: served.rotations as never })).toEqual({ ok: true, key: next });
  });

  it('signs in with the same refusal for an unknown user and a wrong password', async () => {
    const wrong = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'ada.admin', password: 'not-it' } });
    const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'nobody', password: 'not-it' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    const good = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password } });
    expect(good.statusCode).toBe(201);
    expect(good.json()).toMatchObject({ userId: 'quinn.qa', roles: ['qa'] });
    const stored = await server.app.db.selectFrom('sessions').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(good.json().token);
  });
});
