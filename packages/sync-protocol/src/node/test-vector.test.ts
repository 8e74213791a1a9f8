import { createHash, createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../canonical-json.js';
import type { UnsignedRecord } from '../envelope.js';
import { exportPublicKey } from './keys.js';
import { signRecord } from './records.js';

// The worked example of README.md, recomputed: the spec's bytes and hashes cannot drift from the code.
const packageDir = path.resolve(import.meta.dirname, '../..');
const vector = JSON.parse(readFileSync(path.join(packageDir, 'test-vectors/weighing-recorded.json'), 'utf8')) as {
  seedHex: string; publicKey: string; unsigned: UnsignedRecord; canonical: string; hash: string; sig: string;
};
const readme = readFileSync(path.join(packageDir, 'README.md'), 'utf8');

describe('README worked example (test-vectors/weighing-recorded.json)', () => {
  const privateKey = createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), Buffer.from(vector.seedHex, 'hex')]),
    format: 'der',
    type: 'pkcs8',
  });

  it('canonical text, hash and signature are what the code produces', () => {
    expect(canonicalize(vector.unsigned)).toBe(vector.canonical);
    expect(`sha256:${createHash('sha256').update(vector.canonical, 'utf8').digest('hex')}`).toBe(vector.hash);
    const { record, hash } = signRecord(vector.unsigned, privateKey);
    expect(hash).toBe(vector.hash);
    expect(record.sig).toBe(vector.sig); // Ed25519 is deterministic (RFC 8032)
    expect(exportPublicKey(createPublicKey(privateKey))).toBe(vector.publicKey);
    expect(verify(null, Buffer.from(vector.canonical, 'utf8'), createPublicKey(privateKey), Buffer.from(vector.sig, 'base64url'))).toBe(true);
  });

  it('README quotes the same canonical text, hash, signature and public key', () => {
    for (const value of [vector.canonical, vector.hash, vector.sig, vector.publicKey, vector.seedHex]) {
      expect(readme).toContain(value);
    }
  });
});
