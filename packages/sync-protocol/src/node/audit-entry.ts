import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { auditSigningInput, type AuditEntryBody, type SignedAuditEntry } from '../audit-entry.js';
import { GENESIS_HASH } from '../envelope.js';

/** Hash and server signature of one audit entry, from one canonical text. */
export function signAuditEntry(entry: AuditEntryBody, key: { readonly keyId: string; readonly privateKey: KeyObject }): SignedAuditEntry {
  const bytes = Buffer.from(auditSigningInput(entry), 'utf8');
  return { ...entry, hash: `sha256:${createHash('sha256').update(bytes).digest('hex')}`, serverKeyId: key.keyId, sig: sign(null, bytes, key.privateKey).toString('base64url') };
}

export function auditEntryHash(entry: AuditEntryBody): string {
  return `sha256:${createHash('sha256').update(auditSigningInput(entry), 'utf8').digest('hex')}`;
}

export type AuditProblem = 'hash-mismatch' | 'unsigned' | 'unknown-key' | 'bad-signature' | 'broken-chain';

export type AuditEntryCheck = { readonly ok: true } | { readonly ok: false; readonly problem: AuditProblem; readonly message: string };

/** One entry on its own: its stated hash is the hash of its body, and the named server key signed that body. */
export function checkAuditEntry(entry: SignedAuditEntry, serverKeys: ReadonlyMap<string, KeyObject>): AuditEntryCheck {
  const bytes = Buffer.from(auditSigningInput(entry), 'utf8');
  const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  if (hash !== entry.hash) return { ok: false, problem: 'hash-mismatch', message: `audit entry seq ${entry.seq}: its content does not match its hash (${entry.hash}); it was changed after it was written` };
  if (entry.sig === null || entry.serverKeyId === null) return { ok: false, problem: 'unsigned', message: `audit entry seq ${entry.seq}: not signed by the server` };
  const key = serverKeys.get(entry.serverKeyId);
  if (!key) return { ok: false, problem: 'unknown-key', message: `audit entry seq ${entry.seq}: signed by server key ${entry.serverKeyId}, which is not known` };
  let valid = false;
  try {
    valid = verify(null, bytes, key, Buffer.from(entry.sig, 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, problem: 'bad-signature', message: `audit entry seq ${entry.seq}: the signature does not verify with server key ${entry.serverKeyId}` };
  return { ok: true };
}

export type AuditChainCheck =
  | { readonly ok: true; readonly checked: number; readonly head: { readonly seq: number; readonly hash: string } }
  | { readonly ok: false; readonly checked: number; readonly seq: number; readonly problem: AuditProblem; readonly message: string };

/**
 * A run of consecutive entries following `after` (the genesis by default): seq gap-free, each prevHash the
 * hash before it, every hash and signature right. Stops at the first failure and names it.
 */
export function verifyAuditChain(
  entries: readonly SignedAuditEntry[],
  serverKeys: ReadonlyMap<string, KeyObject>,
  after: { readonly seq: number; readonly hash: string } = { seq: 0, hash: GENESIS_HASH },
): AuditChainCheck {
  let prev = after;
  let checked = 0;
  for (const entry of entries) {
    if (entry.seq !== prev.seq + 1) return { ok: false, checked, seq: entry.seq, problem: 'broken-chain', message: `audit entry seq ${entry.seq} follows seq ${prev.seq}: expected seq ${prev.seq + 1} (an entry is missing or out of order)` };
    if (entry.prevHash !== prev.hash) return { ok: false, checked, seq: entry.seq, problem: 'broken-chain', message: `audit entry seq ${entry.seq}: prevHash does not match the hash of seq ${prev.seq}` };
    const check = checkAuditEntry(entry, serverKeys);
    if (!check.ok) return { ok: false, checked, seq: entry.seq, problem: check.problem, message: check.message };
    checked++;
    prev = { seq: entry.seq, hash: entry.hash };
  }
  return { ok: true, checked, head: prev };
}
