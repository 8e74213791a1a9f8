import { expect, it } from 'vitest';
import { GENESIS_HASH, type SignedRecord } from '@lineside/sync-protocol';
import { importPublicKey, recordHash, verifyChain } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';
import { TestKiosk } from './support/kiosk.js';
import type { ServerUnderTest } from './support/server.js';

interface Listed {
  kioskId: string;
  keyId: string;
  seq: number;
  hash: string;
  flags: { code: string }[];
  checksPending: boolean;
  envelope: SignedRecord;
}

async function recordsOf(server: ServerUnderTest, kioskId: string): Promise<Listed[]> {
  const response = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kioskId}&limit=1000`);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { records: Listed[] }).records;
}

/** What the records browser's page receives (newest first, by the session cookie of a signed-in supervisor). */
async function browserRecords(server: ServerUnderTest): Promise<Listed[]> {
  const browser = await server.browser('sam.supervisor');
  const response = await browser.request('GET', '/api/v1/records?sort=newest&limit=1000');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { records: Listed[] }).records;
}

// A replaced kiosk (its data folder lost) enrolls a new key, whose chain is a new epoch starting at
// seq 1: the server keeps one chain per key, so that is not a fork (issue 9 §4).
onEachEngine('chain epochs: one chain per kiosk key', (server) => {
  it('accepts seq 1.. of a re-enrolled kiosk’s new key after approval, keeps the old epoch verifiable, and still quarantines a fork within one key', async () => {
    const old = await server.freshKiosk();
    const first = old.next(3);
    expect((await server.push(old, old.pushBody(first))).statusCode).toBe(200);
    const stationId = old.kioskId.slice('K-'.length);

    // The data folder is lost: a new key, a new chain from the genesis hash.
    const replaced = new TestKiosk(() => server.clock);
    const enrolled = await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', payload: { code: await server.enrollmentCode(stationId), publicKey: replaced.key.publicKey, appVersion: '0.1.0' } });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    replaced.kioskId = old.kioskId;
    replaced.keyId = (enrolled.json() as { keyId: string }).keyId;
    expect(replaced.keyId).toBe(`${old.kioskId}#2`);
    const approved = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${old.kioskId}/approve`);
    expect(approved.statusCode, approved.body).toBe(200);

    const state = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: replaced.authorization('GET', '/sync/v1/kiosk') } });
    expect(state.json()).toMatchObject({ keyId: replaced.keyId, status: 'active', ackedSeq: 0, ackedHash: GENESIS_HASH });

    // Seq 1 of the new key: one record on equipment the server does not know, so its flag shows where checks write.
    const second = [replaced.sign(replaced.weighing('7.000', { subject: { equipment: 'BAL-NOPE' }, payload: { equipmentId: 'BAL-NOPE', value: '7.000', unit: 'g', basis: 'net', stable: true, raw: 'S S       7.000 g', readAt: server.clock.toISOString() } })), ...replaced.next(1)];
    expect(second[0]!.seq).toBe(1);
    const pushed = await server.push(replaced, replaced.pushBody(second));
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json()).toMatchObject({ accepted: 2, duplicates: 0, receipt: { ackedSeq: 2, ackedHash: recordHash(second[1]!) } });
    const again = await server.push(replaced, replaced.pushBody(second));
    expect(again.json()).toMatchObject({ accepted: 0, duplicates: 2 });

    const listedKiosk = ((await server.as('ada.admin', 'GET', '/api/v1/kiosks')).json() as { kiosks: { kioskId: string; status: string; keyId: string; ackedSeq: number }[] }).kiosks.find((k) => k.kioskId === old.kioskId);
    expect(listedKiosk).toMatchObject({ status: 'active', keyId: replaced.keyId, ackedSeq: 2 });
    const pull = await server.app.inject({ method: 'GET', url: '/sync/v1/pull?limit=10', headers: { authorization: replaced.authorization('GET', '/sync/v1/pull?limit=10') } });
    expect(pull.statusCode, pull.body).toBe(200);

    // Both epochs are stored and each verifies with its own key; flags landed on the right seq 1.
    const stored = await recordsOf(server, old.kioskId);
    expect(stored.map((r) => `${r.keyId}/${r.seq}`)).toEqual([`${old.keyId}/1`, `${old.keyId}/2`, `${old.keyId}/3`, `${replaced.keyId}/1`, `${replaced.keyId}/2`]);
    expect(stored.every((r) => !r.checksPending)).toBe(true);
    expect(stored.find((r) => r.keyId === replaced.keyId && r.seq === 1)!.flags.map((f) => f.code)).toContain('UNKNOWN_EQUIPMENT');
    expect(stored.find((r) => r.keyId === old.keyId && r.seq === 1)!.flags.map((f) => f.code)).not.toContain('UNKNOWN_EQUIPMENT');
    const epoch = (keyId: string) => stored.filter((r) => r.keyId === keyId).map((r) => r.envelope);
    expect(verifyChain(epoch(old.keyId), importPublicKey(old.key.publicKey))).toMatchObject({ ok: true });
    expect(verifyChain(epoch(replaced.keyId), importPublicKey(replaced.key.publicKey))).toMatchObject({ ok: true });
    const byKey = await server.as('sam.supervisor', 'GET', `/api/v1/records?keyId=${encodeURIComponent(replaced.keyId)}&afterSeq=1`);
    expect((byKey.json() as { records: Listed[] }).records.map((r) => `${r.keyId}/${r.seq}`)).toEqual([`${replaced.keyId}/2`]);
    const seen = await browserRecords(server);
    expect(seen.some((r) => r.seq === 1 && r.keyId === old.keyId)).toBe(true);
    expect(seen.some((r) => r.seq === 1 && r.keyId === replaced.keyId)).toBe(true);

    // The approval links the epochs: where the server held the old key's chain when the new one took over.
    const audit = await server.app.db.selectFrom('audit_log').select(['details']).where('action', '=', 'kiosk.approved').where('target', '=', old.kioskId).execute();
    expect(audit.map((a) => JSON.parse(a.details) as object)).toContainEqual(expect.objectContaining({ keyId: replaced.keyId, previousEpoch: { keyId: old.keyId, ackedSeq: 3, ackedHash: recordHash(first[2]!) } }));

    // A real fork — another record at a seq the same key already sent — is still quarantined.
    replaced.rewind(1, recordHash(second[0]!));
    const forked = await server.push(replaced, replaced.pushBody([replaced.sign(replaced.weighing('66.666'))]));
    expect(forked.statusCode).toBe(409);
    expect(forked.json()).toMatchObject({ reason: 'fork', seq: 2, message: expect.stringContaining('quarantined') });
    const after = await server.app.inject({ method: 'GET', url: '/sync/v1/kiosk', headers: { authorization: replaced.authorization('GET', '/sync/v1/kiosk') } });
    expect(after.json()).toMatchObject({ status: 'quarantined' });
    expect((await recordsOf(server, old.kioskId)).map((r) => r.hash)).toEqual([...first, ...second].map((r) => recordHash(r)));
  });
});
