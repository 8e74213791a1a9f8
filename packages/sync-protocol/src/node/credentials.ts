import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Credential verifiers: `scrypt$N$r$p$salt$key` (base64url), the only form in which a password or PIN is
 * stored by the server and shipped to kiosks in the pull feed, so that both check secrets the same way.
 * scrypt parameters (RFC 7914): N = 2^15 ≈ 32 MiB, about 50–100 ms per check on a shop-floor PC.
 */
const N = 32768;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const MAX_MEM = 64 * 1024 * 1024;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem: MAX_MEM }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function makeVerifier(secret: string, n = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True only when the secret derives to the stored key; a missing or malformed verifier never matches. */
export async function checkVerifier(secret: string, verifier: string | null | undefined): Promise<boolean> {
  if (!verifier) return false;
  const [scheme, n, r, p, salt, key] = verifier.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A verifier for nobody: a login for an unknown user costs the same as a wrong password. */
export const DECOY_VERIFIER = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;
