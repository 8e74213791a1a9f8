import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalizeWith } from '../canonical-json.js';
import { GENESIS_HASH, signingInput, type SignedRecord, type UnsignedRecord } from '../envelope.js';

export function sha256(text: string | Uint8Array): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** hash = SHA-256 of the canonical form of everything but `sig` (ARCHITECTURE.md). */
export function recordHash(record: UnsignedRecord | SignedRecord): string {
  return sha256(signingInput(record));
}

/** Signs a record; returns the signed envelope and its hash, computed from one canonical text. */
export function signRecord(record: UnsignedRecord, privateKey: KeyObject): { record: SignedRecord; hash: string } {
  const { record: signed, hash } = signCanonical(record, privateKey);
  return { record: signed, hash };
}

/**
 * signRecord, plus the signed envelope's own canonical text (what a kiosk stores and sends), built from
 * the same pass over the record as the signing input rather than a second canonicalisation.
 */
export function signRecordWithBody(record: UnsignedRecord, privateKey: KeyObject): { record: SignedRecord; hash: string; body: string } {
  const { record: signed, hash, withSig } = signCanonical(record, privateKey);
  return { record: signed, hash, body: withSig(signed.sig) };
}

function signCanonical(record: UnsignedRecord, privateKey: KeyObject): { record: SignedRecord; hash: string; withSig: (sig: string) => string } {
  const canonical = canonicalizeWith(record as unknown as Record<string, unknown>, 'sig');
  const bytes = Buffer.from(canonical.text, 'utf8');
  const sig = sign(null, bytes, privateKey).toString('base64url');
  return { record: { ...record, sig }, hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, withSig: canonical.withExtra };
}

export type RecordCheck =
  | { readonly ok: true; readonly hash: string }
  | { readonly ok: false; readonly reason: 'bad-signature' | 'broken-chain'; readonly message: string };

/** Verifies one record's signature; returns its hash for chaining. */
export function verifyRecordSignature(record: SignedRecord, publicKey: KeyObject): RecordCheck {
  const bytes = Buffer.from(signingInput(record), 'utf8');
  let valid = false;
  try {
    valid = verify(null, bytes, publicKey, Buffer.from(record.sig, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) {
    return { ok: false, reason: 'bad-signature', message: `record seq ${record.seq} of kiosk ${record.kioskId}: signature does not verify with key ${record.keyId}` };
  }
  return { ok: true, hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}` };
}

/**
 * Verifies a run of consecutive records of one kiosk that follows (seq, hash) = `after`:
 * every signature, seq continuity and prevHash linkage. Returns the hashes in order.
 */
/** Why `record` does not follow `prev` in a chain (seq, then prevHash), or undefined when it does. */
export function chainLinkProblem(record: SignedRecord, prev: { readonly seq: number; readonly hash: string }): string | undefined {
  if (record.seq !== prev.seq + 1) return `record seq ${record.seq} follows seq ${prev.seq}: expected seq ${prev.seq + 1}`;
  if (record.prevHash !== prev.hash) return `record seq ${record.seq}: prevHash ${record.prevHash} does not match the hash of seq ${prev.seq} (${prev.hash})`;
  return undefined;
}

export function verifyChain(
  records: readonly SignedRecord[],
  publicKey: KeyObject,
  after: { readonly seq: number; readonly hash: string } = { seq: 0, hash: GENESIS_HASH },
): { ok: true; hashes: string[] } | { ok: false; index: number; reason: 'bad-signature' | 'broken-chain'; message: string } {
  const hashes: string[] = [];
  let prev = after;
  for (const [index, record] of records.entries()) {
    const broken = chainLinkProblem(record, prev);
    if (broken) return { ok: false, index, reason: 'broken-chain', message: broken };
    const check = verifyRecordSignature(record, publicKey);
    if (!check.ok) return { ok: false, index, reason: check.reason, message: check.message };
    hashes.push(check.hash);
    prev = { seq: record.seq, hash: check.hash };
  }
  return { ok: true, hashes };
}

/** UUIDv7 (RFC 9562 §5.7): 48-bit Unix ms, version, 74 random bits. */
export function uuidv7(nowMs: number, random: Uint8Array = randomBytes(10)): string {
  const bytes = new Uint8Array(16);
  let ms = BigInt(Math.trunc(nowMs));
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes.set(random.subarray(0, 10), 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
