import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { formatAuthorization, parseAuthorization, REQUEST_CLOCK_TOLERANCE_MS, requestSigningText } from '../request-auth.js';

function bodyHash(body: string | Uint8Array | undefined): string {
  return `sha256:${createHash('sha256').update(body ?? '').digest('hex')}`;
}

export function signRequest(
  request: { method: string; pathWithQuery: string; body?: string | Uint8Array },
  keyId: string,
  privateKey: KeyObject,
  now: Date,
): string {
  const ts = now.toISOString();
  const text = requestSigningText(request.method, request.pathWithQuery, ts, bodyHash(request.body));
  return formatAuthorization(keyId, ts, sign(null, Buffer.from(text), privateKey).toString('base64url'));
}

export type RequestAuthResult =
  | { ok: true; keyId: string }
  | { ok: false; message: string };

/** `lookupKey` returns the enrolled public key for a keyId, or undefined when unknown. */
export function verifyRequest(
  request: { method: string; pathWithQuery: string; body?: string | Uint8Array; authorization: string | undefined },
  lookupKey: (keyId: string) => KeyObject | undefined,
  now: Date,
): RequestAuthResult {
  const parsed = parseAuthorization(request.authorization);
  if ('error' in parsed) return { ok: false, message: parsed.error };
  const ts = Date.parse(parsed.ts);
  if (Number.isNaN(ts)) return { ok: false, message: `the request timestamp ${parsed.ts} is not an ISO date` };
  if (Math.abs(ts - now.getTime()) > REQUEST_CLOCK_TOLERANCE_MS) {
    return { ok: false, message: `the request timestamp ${parsed.ts} is more than ${REQUEST_CLOCK_TOLERANCE_MS / 60_000} minutes from the server clock ${now.toISOString()}` };
  }
  const key = lookupKey(parsed.keyId);
  if (!key) return { ok: false, message: `key ${parsed.keyId} is not enrolled` };
  const text = requestSigningText(request.method, request.pathWithQuery, parsed.ts, bodyHash(request.body));
  let valid = false;
  try {
    valid = verify(null, Buffer.from(text), key, Buffer.from(parsed.sig, 'base64url'));
  } catch {
    valid = false;
  }
  return valid ? { ok: true, keyId: parsed.keyId } : { ok: false, message: `the request signature does not verify with key ${parsed.keyId}` };
}
