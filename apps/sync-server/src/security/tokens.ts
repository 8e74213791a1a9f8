import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Bearer tokens and enrollment codes are random and stored only as their SHA-256. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * How the admin names an issued enrollment code without it: derived from the stored hash (itself never
 * shown), so a code can be withdrawn from the list of open codes although the server never kept the code.
 */
export function enrollmentCodeId(codeHash: string): string {
  return tokenHash(`enrollment-code-id:${codeHash}`).slice(0, 16);
}

// No 0/O/1/I/L: an admin reads the code aloud or types it on a kiosk touchscreen.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A one-time enrollment code like `7KQ4-M9ZD-3XWP` (60 bits). */
export function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}

/** Codes are compared case-insensitively and without dashes or spaces, as people type them. */
export function normaliseEnrollmentCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

/** A demo password or PIN, generated per data folder, never hard-coded. */
export function newDemoPassword(): string {
  return randomBytes(12).toString('base64url');
}

export function newDemoPin(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
