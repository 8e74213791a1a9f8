import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type UnsignedRecord } from '../envelope.js';
import { generateKioskKey, importPrivateKey, importPublicKey } from './keys.js';
import { canonicalize } from '../canonical-json.js';
import { recordHash, signRecord, signRecordWithBody, uuidv7, verifyChain, verifyRecordSignature } from './records.js';
import { signRequest, verifyRequest } from './request-auth.js';

function unsigned(seq: number, prevHash: string, payload: UnsignedRecord['payload'] = { net: '12.345', unit: 'g' }): UnsignedRecord {
  return {
    v: 1,
    id: uuidv7(Date.UTC(2026, 10, 25, 8, 0, seq), new Uint8Array(10).fill(seq)),
    kioskId: 'K-DISP-1',
    keyId: 'K-DISP-1#1',
    alg: 'Ed25519',
    seq,
    prevHash,
    type: 'weighing.recorded',
    payloadSchema: 'weighing.recorded@1',
    appVersion: '0.1.0',
    actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' },
    occurredAt: '2026-11-25T09:00:00.000+01:00',
    time: { hlc: '2026-11-25T08:00:00.000Z-0000-K-DISP-1', bootId: 'b1', monoMs: String(seq * 1000) },
    masterDataVersion: 7,
    payload,
  };
}

function chainOf(count: number, privateKeyPem: string) {
  const key = importPrivateKey(privateKeyPem);
  const records = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const { record, hash } = signRecord(unsigned(seq, prev), key);
    records.push(record);
    prev = hash;
  }
  return records;
}

describe('record signing and chaining', () => {
  const material = generateKioskKey();
  const publicKey = importPublicKey(material.publicKey);

  it('gives the signed envelope’s canonical text from the signing pass, equal to canonicalising it again', () => {
    const { record, hash, body } = signRecordWithBody(unsigned(7, GENESIS_HASH), importPrivateKey(material.privateKeyPem));
    expect(body).toBe(canonicalize(record));
    expect(hash).toBe(recordHash(record));
    expect(verifyRecordSignature(JSON.parse(body) as typeof record, publicKey)).toEqual({ ok: true, hash });
  });

  it('signs a record whose hash is SHA-256 of the canonical form without sig', () => {
    const { record, hash } = signRecord(unsigned(1, GENESIS_HASH), importPrivateKey(material.privateKeyPem));
    expect(hash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(recordHash(record)).toBe(hash);
    expect(verifyRecordSignature(record, publicKey)).toEqual({ ok: true, hash });
  });

  it('verifies an intact chain and returns every hash in order', () => {
    const records = chainOf(5, material.privateKeyPem);
    const result = verifyChain(records, publicKey);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.hashes).toEqual(records.map((r) => recordHash(r)));
  });

  it('refuses an edited payload as a bad signature, naming the seq', () => {
    const records = chainOf(3, material.privateKeyPem);
    const edited = [records[0]!, { ...records[1]!, payload: { net: '12.346', unit: 'g' } }, records[2]!];
    expect(verifyChain(edited, publicKey)).toMatchObject({ ok: false, index: 1, reason: 'bad-signature', message: expect.stringContaining('seq 2') });
  });

  it('refuses a gap and a wrong prevHash as a broken chain', () => {
    const records = chainOf(3, material.privateKeyPem);
    expect(verifyChain([records[0]!, records[2]!], publicKey)).toMatchObject({ ok: false, index: 1, reason: 'broken-chain' });
    const { record: misLinked } = signRecord(unsigned(2, `sha256:${'a'.repeat(64)}`), importPrivateKey(material.privateKeyPem));
    expect(verifyChain([records[0]!, misLinked], publicKey)).toMatchObject({ ok: false, index: 1, reason: 'broken-chain', message: expect.stringContaining('does not match the hash of seq 1') });
  });

  it('refuses a record signed by another key', () => {
    const forged = chainOf(1, generateKioskKey().privateKeyPem);
    expect(verifyChain(forged, publicKey)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('makes UUIDv7 ids that sort by time', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a < b).toBe(true);
  });
});

describe('request authentication', () => {
  const material = generateKioskKey();
  const privateKey = importPrivateKey(material.privateKeyPem);
  const publicKey = importPublicKey(material.publicKey);
  const now = new Date('2026-11-25T08:00:00.000Z');
  const lookup = (keyId: string) => (keyId === 'K-1#1' ? publicKey : undefined);

  it('accepts a request signed by an enrolled key and refuses any change to it', () => {
    const authorization = signRequest({ method: 'GET', pathWithQuery: '/sync/v1/pull?cursor=3' }, 'K-1#1', privateKey, now);
    expect(verifyRequest({ method: 'GET', pathWithQuery: '/sync/v1/pull?cursor=3', authorization }, lookup, now)).toEqual({ ok: true, keyId: 'K-1#1' });
    expect(verifyRequest({ method: 'GET', pathWithQuery: '/sync/v1/pull?cursor=4', authorization }, lookup, now)).toMatchObject({ ok: false, message: expect.stringContaining('does not verify') });
  });

  it('refuses a stale timestamp and an unknown key with a reason', () => {
    const authorization = signRequest({ method: 'POST', pathWithQuery: '/x', body: '{}' }, 'K-1#1', privateKey, now);
    const later = new Date(now.getTime() + 6 * 60_000);
    expect(verifyRequest({ method: 'POST', pathWithQuery: '/x', body: '{}', authorization }, lookup, later)).toMatchObject({ ok: false, message: expect.stringContaining('minutes from the server clock') });
    const unknown = signRequest({ method: 'POST', pathWithQuery: '/x', body: '{}' }, 'K-9#1', privateKey, now);
    expect(verifyRequest({ method: 'POST', pathWithQuery: '/x', body: '{}', authorization: unknown }, lookup, now)).toMatchObject({ ok: false, message: 'key K-9#1 is not enrolled' });
    expect(verifyRequest({ method: 'POST', pathWithQuery: '/x', authorization: undefined }, lookup, now)).toMatchObject({ ok: false, message: 'the Authorization header is missing' });
  });
});

describe('server-signed objects', () => {
  it('verify with the signing key only, and not after any member changes', async () => {
    const { signObject, verifyObjectSignature } = await import('./server-signed.js');
    const server = generateKioskKey();
    const signed = signObject({ kioskId: 'K-DISP-1', ackedSeq: 3, ackedHash: GENESIS_HASH }, importPrivateKey(server.privateKeyPem));
    expect(verifyObjectSignature(signed, importPublicKey(server.publicKey))).toBe(true);
    const altered: typeof signed = { ...signed, ackedSeq: 4 };
    expect(verifyObjectSignature(altered, importPublicKey(server.publicKey))).toBe(false);
    expect(verifyObjectSignature(signed, importPublicKey(generateKioskKey().publicKey))).toBe(false);
    expect(verifyObjectSignature({ ...signed, sig: 'not base64!' }, importPublicKey(server.publicKey))).toBe(false);
  });
});
