import { describe, expect, it } from 'vitest';
import { generateKioskKey, importPrivateKey } from './keys.js';
import { signServerKeyRotation, trustServedServerKey } from './server-key-trust.js';

function serverKey(keyId: string) {
  const material = generateKioskKey();
  return { keyId, publicKey: material.publicKey, privateKey: importPrivateKey(material.privateKeyPem) };
}

describe('trusting a served server key against the pinned one', () => {
  const first = serverKey('server#1');
  const second = serverKey('server#2');
  const third = serverKey('server#3');
  const pinned = { keyId: first.keyId, publicKey: first.publicKey };
  const r12 = signServerKeyRotation(first, second, '2026-12-01T00:00:00.000Z');
  const r23 = signServerKeyRotation(second, third, '2026-12-02T00:00:00.000Z');

  it('accepts the pinned key itself, and a chain of rotations each signed by the key before', () => {
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#1', publicKey: first.publicKey })).toEqual({ ok: true, key: pinned });
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#3', publicKey: third.publicKey, rotations: [r23, r12] })).toEqual({ ok: true, key: { keyId: 'server#3', publicKey: third.publicKey } });
  });

  it('refuses a swapped key: same id other key, no rotation, or a rotation not signed by the pinned key', () => {
    const middle = serverKey('server#2');
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#1', publicKey: middle.publicKey })).toMatchObject({ ok: false });
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#2', publicKey: middle.publicKey })).toMatchObject({ ok: false, message: expect.stringContaining('no rotation signed by the pinned key server#1') });
    const selfSigned = signServerKeyRotation({ keyId: 'server#1', privateKey: middle.privateKey }, middle, '2026-12-01T00:00:00.000Z');
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#2', publicKey: middle.publicKey, rotations: [selfSigned] })).toMatchObject({ ok: false, message: expect.stringContaining('not signed by server#1') });
    // A genuine rotation statement does not vouch for a different public key under its id.
    expect(trustServedServerKey(pinned, { serverKeyId: 'server#2', publicKey: middle.publicKey, rotations: [r12] })).toMatchObject({ ok: false });
  });
});
