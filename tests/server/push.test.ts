import { verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize, GENESIS_HASH, type Receipt } from '@lineside/sync-protocol';
import { importPublicKey, recordHash, signRecord } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';
import { TestKiosk } from './support/kiosk.js';

onEachEngine('push', (server) => {
  let kiosk: TestKiosk;

  async function serverKey() {
    const response = await server.app.inject({ method: 'GET', url: '/sync/v1/server-key' });
    return response.json() as { serverKeyId: string; publicKey: string };
  }

  describe('happy path', () => {
    it('stores a verified batch, advances the cursor and answers a receipt signed by the server key', async () => {
      kiosk = await server.kiosk('DISP-1');
      const records = kiosk.next(3);
      const response = await server.push(kiosk, kiosk.pushBody(records));
      expect(response.statusCode).toBe(200);
      const body = response.json() as { status: string; accepted: number; duplicates: number; receivedAt: string; receipt: Receipt };
      expect(body).toMatchObject({ status: 'ok', accepted: 3, duplicates: 0, receivedAt: server.clock.toISOString() });
      const lastHash = recordHash(records[2]!);
      expect(body.receipt).toMatchObject({ kioskId: 'K-DISP-1', ackedSeq: 3, ackedHash: lastHash });

      const { serverKeyId, publicKey } = await serverKey();
      expect(body.receipt.serverKeyId).toBe(serverKeyId);
      const { sig, ...unsigned } = body.receipt;
      expect(verify(null, Buffer.from(canonicalize(unsigned)), importPublicKey(publicKey), Buffer.from(sig, 'base64url'))).toBe(true);

      const stored = await server.storedRecords('K-DISP-1');
      expect(stored.map((r) => r.seq)).toEqual([1, 2, 3]);
      expect(stored.map((r) => r.hash)).toEqual(records.map((r) => recordHash(r)));
      // The stored envelope is the canonical form of exactly what the kiosk signed.
      expect(stored[0]!.envelope).toBe(canonicalize(records[0]!));

      const state = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: kiosk.authorization('GET', '/sync/v1/kiosk') } });
      expect(state.json()).toMatchObject({ ackedSeq: 3, ackedHash: lastHash, status: 'active' });
    });

    it('counts a re-push of held records as duplicates and stores the new tail once', async () => {
      const held = await server.storedRecords('K-DISP-1');
      const again = JSON.parse(held[1]!.envelope);
      const tail = kiosk.next(2);
      const response = await server.push(kiosk, kiosk.pushBody([again, JSON.parse(held[2]!.envelope), ...tail]));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ accepted: 2, duplicates: 2, receipt: { ackedSeq: 5 } });
      const onlyDuplicates = await server.push(kiosk, kiosk.pushBody(tail));
      expect(onlyDuplicates.json()).toMatchObject({ accepted: 0, duplicates: 2, receipt: { ackedSeq: 5, ackedHash: recordHash(tail[1]!) } });
      expect((await server.storedRecords('K-DISP-1')).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    });

    it('keeps records immutable in the database itself', async () => {
      await expect(server.app.db.updateTable('records').set({ envelope: '{}' }).where('kiosk_id', '=', 'K-DISP-1').execute()).rejects.toThrow(/append-only/);
      await expect(server.app.db.deleteFrom('records').where('kiosk_id', '=', 'K-DISP-1').execute()).rejects.toThrow(/append-only/);
      expect(await server.storedRecords('K-DISP-1')).toHaveLength(5);
    });
  });

  describe('refusals store nothing of the batch', () => {
    it('refuses a gap with 409 seq-gap and the expected seq', async () => {
      kiosk.next(1); // seq 6 is made but never sent
      const response = await server.push(kiosk, kiosk.pushBody(kiosk.next(1)));
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ status: 'error', reason: 'seq-gap', expectedSeq: 6, message: expect.stringContaining('send from seq 6') });
      expect(await server.storedRecords('K-DISP-1')).toHaveLength(5);
    });

    it('refuses an edited payload as a bad signature naming the seq', async () => {
      const fresh = await server.freshKiosk();
      const [first, second] = fresh.next(2);
      const edited = { ...second!, payload: { ...second!.payload, value: '99.999' } };
      const response = await server.push(fresh, fresh.pushBody([first!, edited]));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason: 'bad-signature', seq: 2, message: expect.stringContaining('seq 2') });
      expect(await server.storedRecords(fresh.kioskId)).toEqual([]);
    });

    it('refuses records signed by another key', async () => {
      const other = await server.freshKiosk();
      const thief = new TestKiosk(() => server.clock);
      const stranger = signRecord(other.weighing(), thief.privateKey).record;
      const response = await server.push(other, other.pushBody([stranger]));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason: 'bad-signature', seq: 1 });
      expect(await server.storedRecords(other.kioskId)).toEqual([]);
    });

    it('refuses a broken chain (prevHash not the hash of the previous record)', async () => {
      const other = await server.freshKiosk();
      const first = other.sign(other.weighing());
      const misLinked = other.sign(other.weighing('1.000', { prevHash: `sha256:${'a'.repeat(64)}` }));
      const response = await server.push(other, other.pushBody([first, misLinked]));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason: 'broken-chain', seq: 2 });
      expect(await server.storedRecords(other.kioskId)).toEqual([]);
    });

    it('refuses a record made for another kiosk', async () => {
      const other = await server.freshKiosk();
      const foreign = other.sign(other.weighing('1.000', { kioskId: 'K-DISP-1' }));
      const response = await server.push(other, other.pushBody([foreign]));
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason: 'kiosk-mismatch', seq: 1 });
      const wrongKey = other.sign(other.weighing('1.000', { keyId: `${other.kioskId}#7`, seq: 1, prevHash: GENESIS_HASH }));
      const second = await server.push(other, other.pushBody([wrongKey]));
      expect(second.json()).toMatchObject({ reason: 'key-mismatch' });
      expect(await server.storedRecords(other.kioskId)).toEqual([]);
    });

    it('refuses a batch that names another kiosk than the signer of the request', async () => {
      const body = JSON.stringify({ kioskId: 'K-GRAN-1', keyId: kiosk.keyId, records: kiosk.next(1) });
      const response = await server.push(kiosk, body);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ reason: 'kiosk-mismatch' });
      kiosk.rewind(5, (await server.storedRecords('K-DISP-1'))[4]!.hash);
    });

    it('quarantines a kiosk that sends a different record for a seq already held (fork)', async () => {
      const fork = await server.freshKiosk();
      const original = fork.next(2);
      expect((await server.push(fork, fork.pushBody(original))).statusCode).toBe(200);
      fork.rewind(1, recordHash(original[0]!));
      const forked = fork.sign(fork.weighing('66.666'));
      const response = await server.push(fork, fork.pushBody([forked]));
      expect(response.statusCode).toBe(409);
      expect(response.json()).toMatchObject({ reason: 'fork', seq: 2, message: expect.stringContaining('quarantined') });
      const stored = await server.storedRecords(fork.kioskId);
      expect(stored.map((r) => r.hash)).toEqual(original.map((r) => recordHash(r)));
      const next = await server.push(fork, fork.pushBody(fork.next(1)));
      expect(next.statusCode).toBe(403);
      expect(next.json()).toMatchObject({ reason: 'kiosk-quarantined', message: expect.stringContaining('fork at seq 2') });
      const audit = await server.app.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'kiosk.quarantined').execute();
      expect(audit).toContainEqual({ action: 'kiosk.quarantined', target: fork.kioskId });
    });

    it('refuses a revoked kiosk, keeping what it sent before', async () => {
      const revoked = await server.as('ada.admin', 'POST', '/api/v1/kiosks/K-DISP-1/revoke', { reason: 'booth PC stolen' });
      expect(revoked.statusCode).toBe(200);
      expect(revoked.json()).toMatchObject({ status: 'revoked', statusReason: 'booth PC stolen' });
      const response = await server.push(kiosk, kiosk.pushBody(kiosk.next(1)));
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ reason: 'kiosk-revoked', message: expect.stringContaining('booth PC stolen') });
      expect(await server.storedRecords('K-DISP-1')).toHaveLength(5);
    });
  });

  describe('request authentication', () => {
    it('refuses a push without an Authorization header, with a stale timestamp, or signed over other bytes', async () => {
      const fresh = await server.freshKiosk();
      const body = fresh.pushBody(fresh.next(1));
      const none = await server.app.inject({ method: 'POST', url: '/sync/v1/push', headers: { 'content-type': 'application/json' }, payload: body });
      expect(none.statusCode).toBe(401);
      expect(none.json()).toMatchObject({ reason: 'unauthenticated', message: expect.stringContaining('Authorization header is missing') });

      const stale = await server.push(fresh, body, { authorization: fresh.authorization('POST', '/sync/v1/push', body, new Date(server.clock.getTime() - 10 * 60_000)) });
      expect(stale.statusCode).toBe(401);
      expect(stale.json().message).toContain('minutes from the server clock');

      const otherBytes = await server.push(fresh, body, { authorization: fresh.authorization('POST', '/sync/v1/push', `${body} `) });
      expect(otherBytes.statusCode).toBe(401);
      expect(otherBytes.json().message).toContain('does not verify');
      expect(await server.storedRecords(fresh.kioskId)).toEqual([]);
    });

    it('refuses a key that was never enrolled', async () => {
      const stranger = new TestKiosk(() => server.clock);
      stranger.keyId = 'K-GRAN-1#99';
      const response = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: stranger.authorization('GET', '/sync/v1/kiosk') } });
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ reason: 'unauthenticated', message: expect.stringContaining('K-GRAN-1#99 is not enrolled') });
    });
  });

  it('refuses a second record with an id already used', async () => {
    const fresh = await server.freshKiosk();
    const first = fresh.sign(fresh.weighing());
    const copyId = fresh.sign(fresh.weighing('2.000', { id: first.id }));
    const response = await server.push(fresh, fresh.pushBody([first, copyId]));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'invalid-record', seq: 2 });
    expect(await server.storedRecords(fresh.kioskId)).toEqual([]);
  });
});
