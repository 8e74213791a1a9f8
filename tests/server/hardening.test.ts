import { describe, expect, it } from 'vitest';
import { canonicalize, type SignedRecord } from '@lineside/sync-protocol';
import { importPublicKey, verifyRecordSignature } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';
import type { TestKiosk } from './support/kiosk.js';

// Issue 9 §3 and §6: one kiosk's odd input is refused as that record (never a 500), and the spec's promises hold.
onEachEngine('hardening', (server) => {
  /** Pushes `body` from a fresh kiosk; expects a refusal of `reason`, nothing stored, and the kiosk still served. */
  async function refused(body: (kiosk: TestKiosk) => string, reason: string, message: RegExp): Promise<void> {
    const kiosk = await server.freshKiosk();
    const response = await server.push(kiosk, body(kiosk));
    expect(response.json()).toMatchObject({ status: 'error', reason, message: expect.stringMatching(message) });
    expect(response.statusCode).toBe(400);
    expect(await server.storedRecords(kiosk.kioskId)).toEqual([]);
    // The refusal took nothing down: an honest batch from a fresh kiosk is still accepted.
    const honest = await server.freshKiosk();
    expect((await server.push(honest, honest.pushBody(honest.next(2)))).json()).toMatchObject({ status: 'ok', accepted: 2 });
  }

  /** A signed weighing's JSON text with `payload.value`'s text replaced by `raw` (so the signature no longer holds). */
  const withRawValue = (kiosk: TestKiosk, raw: string) => {
    const [record] = kiosk.next(1);
    const text = kiosk.pushBody([record!]);
    return text.replace(`"value":"${record!.payload.value as string}"`, `"value":${raw}`);
  };

  describe('depth and size (§3)', () => {
    it('refuses a record nested 200,000 levels deep (400 kB) as invalid-record, twice, and keeps serving', async () => {
      const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
      await refused((k) => withRawValue(k, deep), 'invalid-record', /record at index 0: records\[0\]\.payload\.value.*nesting deeper than/);
      await refused((k) => withRawValue(k, deep), 'invalid-record', /nesting deeper than/);
    });

    it('refuses a signed record nested deeper than the record limit, naming the path', async () => {
      let nested: object = { end: 'here' };
      for (let i = 0; i < 31; i++) nested = { a: nested };
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { masterRefs: { deep: nested as never } }))]), 'invalid-record', /seq 1 \(index 0\): masterRefs\.deep\.a.* nested deeper than 32 levels/);
    });

    it('refuses a signed record over 64 KiB', async () => {
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { masterRefs: { note: 'x'.repeat(70_000) } }))]), 'invalid-record', /seq 1 \(index 0\): \(root\) is \d+ bytes in canonical form, over the limit of 65536/);
    });
  });

  describe('I-JSON (§3)', () => {
    it('refuses a lone surrogate in a string', async () => {
      await refused((k) => withRawValue(k, '"12.5\\ud800"'), 'invalid-record', /records\[0\]\.payload\.value: a string holds an unpaired surrogate/);
    });

    it('refuses a repeated member name, in a record and in the body', async () => {
      await refused((k) => withRawValue(k, '"1.000","value":"2.000"'), 'invalid-record', /the member name "value" is repeated/);
      await refused((k) => `{"kioskId":"${k.kioskId}",${k.pushBody(k.next(1)).slice(1)}`, 'malformed-json', /the member name "kioskId" is repeated/);
    });

    it('refuses 1e300 and 2^53+1 as text, and a signed float', async () => {
      await refused((k) => withRawValue(k, '1e300'), 'invalid-record', /records\[0\]\.payload\.value: the number 1e300 is an integer beyond ±\(2\^53−1\)/);
      await refused((k) => withRawValue(k, '9007199254740993'), 'invalid-record', /the number 9007199254740993 is an integer beyond/);
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { masterRefs: { factor: 1.5 } }))]), 'invalid-record', /seq 1 \(index 0\): masterRefs\.factor is the number 1\.5: numbers in a record are integers/);
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { masterDataVersion: 2 ** 53 + 2 }))]), 'invalid-record', /records\[0\]\.masterDataVersion: the number 9007199254740994 is an integer beyond/);
    });
  });

  describe('dates (§3)', () => {
    it('refuses occurredAt 2026-02-30T25:61:61Z and an impossible lastSync.serverTime or hlc time', async () => {
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { occurredAt: '2026-02-30T25:61:61Z' }))]), 'invalid-record', /seq 1 \(index 0\): occurredAt "2026-02-30T25:61:61Z" has day 30, which 2026-02 does not have/);
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { occurredAt: '2026-11-25T24:00:00+01:00' }))]), 'invalid-record', /occurredAt .* has hour 24/);
      const time = { hlc: '2026-11-25T08:00:00.000Z-0000-K', bootId: 'b', monoMs: '1', lastSync: { serverTime: '2026-13-01T00:00:00Z', offsetMs: 0, rttMs: 3 } };
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { time }))]), 'invalid-record', /time\.lastSync\.serverTime "2026-13-01T00:00:00Z" has month 13/);
      const hlc = { hlc: '2026-04-31T08:00:00.000Z-0000-K', bootId: 'b', monoMs: '1' };
      await refused((k) => k.pushBody([k.sign(k.weighing('1.000', { time: hlc }))]), 'invalid-record', /time\.hlc "2026-04-31T08:00:00.000Z" has day 31/);
    });
  });

  describe('reasons (§6)', () => {
    it('refuses a record that breaks the envelope schema as invalid-record, naming it', async () => {
      await refused((k) => k.pushBody([{ ...k.next(1)[0]!, seq: '1' as never }]), 'invalid-record', /record at index 0 does not match the envelope: body\/records\/0\/seq/);
    });

    it('answers an out-of-order batch with out-of-order, not broken-chain', async () => {
      await refused((k) => {
        const [a, b, c] = k.next(3);
        return k.pushBody([a!, c!, b!]);
      }, 'out-of-order', /consecutive seq: index 1 has seq 3, expected 2/);
    });

    it('answers a wrong method on a known path with 405 and Allow', async () => {
      const push = await server.app.inject({ method: 'GET', url: '/sync/v1/push' });
      expect(push.statusCode).toBe(405);
      expect(push.headers.allow).toBe('POST');
      expect(push.json()).toMatchObject({ status: 'error', reason: 'method-not-allowed', message: '/sync/v1/push does not answer GET; it answers POST' });
      const records = await server.app.inject({ method: 'DELETE', url: '/api/v1/records?limit=3' });
      expect(records.statusCode).toBe(405);
      expect(records.headers.allow).toBe('GET, HEAD');
      const approve = await server.app.inject({ method: 'GET', url: '/api/v1/kiosks/K-X/approve' });
      expect(approve.statusCode).toBe(405);
      expect(approve.headers.allow).toBe('POST');
      expect((await server.app.inject({ method: 'GET', url: '/sync/v1/nothing' })).statusCode).toBe(404);
    });

    it('serves a pull without limit or cursor (defaults 1000 and 0)', async () => {
      const kiosk = await server.freshKiosk();
      const response = await server.app.inject({ method: 'GET', url: '/sync/v1/pull', headers: { authorization: kiosk.authorization('GET', '/sync/v1/pull') } });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ from: 0 });
      const onlyCursor = await server.app.inject({ method: 'GET', url: '/sync/v1/pull?cursor=1', headers: { authorization: kiosk.authorization('GET', '/sync/v1/pull?cursor=1') } });
      expect(onlyCursor.statusCode).toBe(200);
      expect(onlyCursor.json()).toMatchObject({ from: 1 });
    });
  });

  describe('stored records can be re-verified by a third party (§6)', () => {
    it('serves the exact stored envelope on /api/v1/records, and it verifies with the kiosk key', async () => {
      const kiosk = await server.freshKiosk();
      const records = [kiosk.sign(kiosk.weighing('3.210', { masterRefs: { calibration: 'CAL-1@3' }, corrects: { id: '019abc12-3456-7def-8123-456789abcdef', reason: 'typo' } })), ...kiosk.next(1)];
      expect((await server.push(kiosk, kiosk.pushBody(records))).statusCode).toBe(200);
      const response = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}`);
      const served = (response.json() as { records: { envelope: SignedRecord; hash: string }[] }).records;
      expect(served.map((r) => r.envelope)).toEqual(records);
      const publicKey = importPublicKey(kiosk.key.publicKey);
      for (const [i, view] of served.entries()) {
        const check = verifyRecordSignature(view.envelope, publicKey);
        expect(check).toMatchObject({ ok: true, hash: view.hash });
        expect(canonicalize(view.envelope)).toBe(canonicalize(records[i]!));
      }
    });
  });
});
