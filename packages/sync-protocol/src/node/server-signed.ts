import { sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from '../canonical-json.js';

/**
 * Server answers that a kiosk keeps as proof (push receipts, master-data pages) carry `sig`: Ed25519 by
 * the server key over the canonical form of every other member, as records do.
 */
export function signObject<T extends object>(unsigned: T, privateKey: KeyObject): T & { sig: string } {
  const sig = sign(null, Buffer.from(canonicalize(unsigned), 'utf8'), privateKey).toString('base64url');
  return { ...unsigned, sig };
}

export function verifyObjectSignature(signed: { readonly sig: string }, publicKey: KeyObject): boolean {
  const { sig, ...unsigned } = signed;
  try {
    return verify(null, Buffer.from(canonicalize(unsigned), 'utf8'), publicKey, Buffer.from(sig, 'base64url'));
  } catch {
    return false;
  }
}
