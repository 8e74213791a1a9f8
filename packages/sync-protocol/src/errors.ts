/**
 * Every refusal the server sends has this body; `reason` is a stable kebab-case code that a
 * client may branch on, `message` a sentence for a person that names the thing and the reason.
 */
export const ERROR_REASONS = [
  // generic request problems
  'malformed-json',
  'invalid-body',
  'body-too-large',
  'unsupported-media-type',
  'not-found',
  'method-not-allowed',
  'unauthenticated',
  'forbidden',
  'conflict',
  'rate-limited',
  'password-change-required',
  'internal-error',
  'unavailable',
  // enrollment
  'unknown-enrollment-code',
  'enrollment-code-used',
  'enrollment-code-expired',
  'key-already-enrolled',
  'bad-public-key',
  // push
  'unknown-kiosk',
  'kiosk-pending',
  'kiosk-revoked',
  'kiosk-quarantined',
  'key-mismatch',
  'kiosk-mismatch',
  'bad-signature',
  'broken-chain',
  'out-of-order',
  'seq-gap',
  'fork',
  'invalid-record',
] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];

export interface ErrorBody {
  readonly status: 'error';
  readonly reason: ErrorReason;
  readonly message: string;
  readonly [detail: string]: unknown;
}

export function errorBody(reason: ErrorReason, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { ...details, status: 'error', reason, message };
}
