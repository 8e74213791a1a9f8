/**
 * An enrollment code as an admin hands it out: `CODE@fingerprint`, the one-time code and the
 * fingerprint of the server key the kiosk must find at the server (README §2.1). The kiosk sends
 * only CODE; the fingerprint pins the server key before the kiosk trusts anything it is told.
 */
export interface EnrollmentCodeParts {
  readonly code: string;
  /** 16 lower-case hex (keyFingerprint), or null when the code carries none. */
  readonly serverKeyFingerprint: string | null;
}

const FINGERPRINT = /^[0-9a-f]{16}$/;

export type ParsedEnrollmentCode = { readonly ok: true; readonly value: EnrollmentCodeParts } | { readonly ok: false; readonly message: string };

export function parseEnrollmentCode(text: string): ParsedEnrollmentCode {
  const at = text.lastIndexOf('@');
  const code = (at < 0 ? text : text.slice(0, at)).trim();
  // Messages never repeat the code itself: they end up in logs, and the code is a secret until used.
  if (code.length === 0) return { ok: false, message: 'the enrollment code has no code before the @' };
  if (at < 0) return { ok: true, value: { code, serverKeyFingerprint: null } };
  const fingerprint = text.slice(at + 1).trim().toLowerCase();
  if (!FINGERPRINT.test(fingerprint)) return { ok: false, message: `the enrollment code's part after @ ("${text.slice(at + 1)}") must be the server key fingerprint, 16 hex digits` };
  return { ok: true, value: { code, serverKeyFingerprint: fingerprint } };
}

export function formatEnrollmentCode(code: string, serverKeyFingerprint: string): string {
  return `${code}@${serverKeyFingerprint}`;
}

/**
 * A key fingerprint as people compare it, in groups of four (`3f2a 9c01 …`): the kiosk shows its own
 * this way and the admin page the enrolled one, so the two read alike. Anything else is left as it is.
 */
export function groupKeyFingerprint(fingerprint: string): string {
  return FINGERPRINT.test(fingerprint) ? (fingerprint.match(/.{4}/g) ?? []).join(' ') : fingerprint;
}
