import { Type } from 'typebox';
import { Count, Id, Instant, OneOf, Payload, Signature, Text } from './fields.js';

/** The payloads of `signer.*` (packages/domain/src/esignature/signer.ts) and `session.*` records. */
export const SignatureApplied = Payload({ type: Type.Literal('SignatureApplied'), at: Instant('kiosk time'), signature: Signature }, 'An e-signature was applied.');
export const SignatureFailed = Payload(
  { type: Type.Literal('SignatureFailed'), at: Instant('kiosk time'), userId: Id('user whose PIN or password was wrong'), consecutiveFailures: Count('failures in a row') },
  'A signing or login failed on a wrong secret (21 CFR 11.300(d)).',
);
export const SignerLockedOut = Payload({ type: Type.Literal('SignerLockedOut'), at: Instant('kiosk time'), userId: Id('user locked out'), failures: Count('failures in a row'), until: Type.Optional(Instant('a timed lockout ends then (the last user who may unlock others); absent: until someone unlocks')) }, 'A user was locked out after too many failures.');
export const SignerUnlocked = Payload({ type: Type.Literal('SignerUnlocked'), at: Instant('kiosk time'), userId: Id('user unlocked'), by: Id('QA or admin who unlocked'), reason: Text('why'), signature: Type.Optional(Signature), masterVersion: Type.Optional(Count('the master-data version that carried a central unlock this kiosk applied (the e-signature was given at the server); absent: unlocked at this kiosk')) }, 'A locked-out user was unlocked; `signature` is the e-signature of the person who unlocked at the kiosk, `masterVersion` cites a central unlock.');

export const SESSION_END_REASONS = ['logout', 'inactivity', 'another-user'] as const;
export const LoggedIn = Payload({ type: Type.Literal('LoggedIn'), at: Instant('kiosk time'), userId: Id('user'), stationId: Id('station') }, 'A user logged in at the kiosk with badge or id and PIN.');
export const LoggedOut = Payload({ type: Type.Literal('LoggedOut'), at: Instant('kiosk time'), userId: Id('user'), reason: OneOf(SESSION_END_REASONS, 'why the session ended') }, 'A session ended.');
export const PinChanged = Payload(
  {
    type: Type.Literal('PinChanged'),
    at: Instant('kiosk time'),
    userId: Id('user who set their own PIN'),
    pinVerifier: Type.String({ pattern: '^scrypt\\$', maxLength: 512, description: 'scrypt verifier of the new PIN (never the PIN)' }),
    masterVersion: Count('master-data version of the user entity that carried the admin-set PIN this one replaces'),
  },
  'A user replaced the PIN an administrator set (create or reset) with their own, at the kiosk, after proving the temporary one.',
);
