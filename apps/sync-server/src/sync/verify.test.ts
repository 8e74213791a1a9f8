import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, type SignedRecord, type UnsignedRecord } from '@lineside/sync-protocol';
import { generateKioskKey, importPrivateKey, importPublicKey, signRecord } from '@lineside/sync-protocol/node';
import { joinChainChecks, verifyBatchHere } from './verify.js';

const key = generateKioskKey();
const privateKey = importPrivateKey(key.privateKeyPem);
const publicKey = importPublicKey(key.publicKey);

function chain(n: number, unit = 'g'): SignedRecord[] {
  const out: SignedRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const unsigned: UnsignedRecord = {
      v: 1,
      id: `0190a0b0-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      kioskId: 'K-TEST',
      keyId: 'K-TEST#1',
      alg: 'Ed25519',
      seq,
      prevHash,
      type: 'weighing.recorded',
      payloadSchema: 'weighing.recorded@1',
      appVersion: '0.1.0',
      actor: { kind: 'kiosk' },
      occurredAt: '2026-11-30T06:00:00.000+00:00',
      time: { hlc: `0000018c-${seq}-K-TEST`, bootId: 'b', monoMs: String(seq) },
      masterDataVersion: 1,
      payload: { value: `${seq}.000`, unit },
    } as UnsignedRecord;
    const { record, hash } = signRecord(unsigned, privateKey);
    out.push(record);
    prevHash = hash;
  }
  return out;
}

const honest = chain(24);
type Tamper = { kind: 'none' } | { kind: 'forge' | 'link' | 'seq'; at: number };
function tampered(t: Tamper): SignedRecord[] {
  if (t.kind === 'none') return honest;
  return honest.map((r, i) => {
    if (i !== t.at) return r;
    if (t.kind === 'forge') return { ...r, sig: honest[(i + 1) % honest.length]!.sig };
    if (t.kind === 'link') return { ...r, prevHash: `sha256:${'0'.repeat(64)}` };
    return { ...r, seq: r.seq + 5 };
  });
}
function slicesOf(records: readonly SignedRecord[], cuts: readonly number[]): SignedRecord[][] {
  const at = [...new Set(cuts.map((c) => c % records.length).filter((c) => c > 0))].sort((a, b) => a - b);
  const out: SignedRecord[][] = [];
  let start = 0;
  for (const cut of [...at, records.length]) {
    out.push(records.slice(start, cut));
    start = cut;
  }
  return out;
}

describe('a batch verified in slices on several threads', () => {
  it('answers exactly as one pass over the whole batch: same first failure, reason and words, or the same hashes', () => {
    const tamper: fc.Arbitrary<Tamper> = fc.oneof(
      fc.constant<Tamper>({ kind: 'none' }),
      fc.record({ kind: fc.constantFrom<'forge' | 'link' | 'seq'>('forge', 'link', 'seq'), at: fc.integer({ min: 0, max: honest.length - 1 }) }),
    );
    fc.assert(
      fc.property(tamper, fc.array(fc.integer({ min: 1, max: 100 }), { maxLength: 4 }), (t, cuts) => {
        const records = tampered(t);
        const slices = slicesOf(records, cuts);
        const joined = joinChainChecks(
          slices,
          slices.map((slice) => verifyBatchHere(slice, publicKey)),
        );
        expect(joined).toEqual(verifyBatchHere(records, publicKey));
      }),
      { numRuns: 60 },
    );
  });

  it('catches a broken link exactly at a slice boundary, which neither slice can see alone', () => {
    // Two honest chains, each slice sound on its own; only the join sees that B's seq 13 does not follow A's seq 12.
    const other = chain(24, 'kg');
    const slices = [honest.slice(0, 12), other.slice(12)];
    const checks = slices.map((slice) => verifyBatchHere(slice, publicKey));
    expect(checks.every((c) => c.ok)).toBe(true);
    const joined = joinChainChecks(slices, checks);
    expect(joined).toMatchObject({ ok: false, index: 12, reason: 'broken-chain', message: expect.stringMatching(/^record seq 13: prevHash sha256:[0-9a-f]{64} does not match the hash of seq 12/) });
    expect(joined).toEqual(verifyBatchHere([...slices[0]!, ...slices[1]!], publicKey));
  });
});
