import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Credential verifiers: `scrypt$N$r$p$salt$key` (base64url), the only form in which a password or PIN is
 * stored by the server, and a PIN shipped to its station's kiosks in the pull feed, so that both check
 * secrets the same way. A verifier carries its own parameters: one made at an older cost still verifies.
 *
 * PINs (RFC 7914 parameters N = 2^17, r = 8, p = 1: 128 MiB, about 0.35 s per check on the 2-core Xeon
 * this was measured on) leave the server, so a stolen kiosk lets its 10^6 six-digit PINs be searched
 * offline: the cost is what that search pays per guess (README "Security"). Passwords never leave the
 * server, where sign-in is throttled before any scrypt runs, so they keep N = 2^15 (32 MiB) and an
 * unauthenticated request cannot make the server spend 128 MiB.
 */
export const PIN_COST = 2 ** 17;
export const PASSWORD_COST = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Above this a verifier is refused unchecked (it would need more than 1 GiB): never a pulled page's choice. */
const MAX_COST = 2 ** 20;

function derive(secret: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  // Node refuses scrypt needing more than maxmem (32 MiB by default): allow what these parameters need.
  const maxmem = 128 * n * r * p + 2 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, { N: n, r, p, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** A new verifier at cost `n` (a power of two): PIN_COST unless told otherwise (tests pass 1024). */
export async function makeVerifier(secret: string, n = PIN_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, n, R, P);
  return ['scrypt', n, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** True only when the secret derives to the stored key; a missing or malformed verifier never matches. */
export async function checkVerifier(secret: string, verifier: string | null | undefined): Promise<boolean> {
  if (!verifier) return false;
  const [scheme, n, r, p, salt, key] = verifier.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const cost = Number(n);
  if (!Number.isSafeInteger(cost) || cost < 2 || cost > MAX_COST || (cost & (cost - 1)) !== 0 || Number(r) !== R || Number(p) !== P) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(secret, Buffer.from(salt, 'base64url'), cost, R, P);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

const decoy = (n: number) => `scrypt$${n}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;
/** A password verifier for nobody: a sign-in for an unknown user costs the same as a wrong password. */
export const DECOY_VERIFIER = decoy(PASSWORD_COST);
/** A PIN verifier for nobody: a kiosk login with an unknown badge costs the same as a wrong PIN. */
export const DECOY_PIN_VERIFIER = decoy(PIN_COST);
