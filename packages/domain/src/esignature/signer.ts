import type { FloorContext } from '../context.js';
import { findUser } from '../master-data/master-data.js';
import { hasPermission } from '../master-data/people.js';
import type { SignatureMeaning } from '../master-data/recipe.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';
import type { Signature, SignatureComponents } from './signature.js';

/** One user's signing history: consecutive failures lead to lockout (21 CFR 11.300). */
export type SignerState =
  | { readonly status: 'active'; readonly userId: string; readonly consecutiveFailures: number }
  | { readonly status: 'locked-out'; readonly userId: string; readonly since: Instant };

export const initialSignerState = (userId: string): SignerState => ({ status: 'active', userId, consecutiveFailures: 0 });

/** The kiosk verifies the hash of the PIN/password (I/O); the domain gets only the result. */
export interface CredentialCheck {
  readonly components: SignatureComponents;
  readonly userIdMatched: boolean;
  readonly secretValid: boolean;
}

export type SignerCommand =
  | {
      readonly type: 'sign';
      readonly signatureId: string;
      readonly userId: string;
      readonly meaning: SignatureMeaning;
      readonly signedHash: string;
      readonly reason?: string;
      readonly check: CredentialCheck;
      /** First signing of a continuous session: both components are required (11.200(a)(1)(i)). */
      readonly firstInSession: boolean;
    }
  | { readonly type: 'unlockSigner'; readonly userId: string; readonly by: string; readonly reason: string };

export type SignerEvent =
  | { readonly type: 'SignatureApplied'; readonly at: Instant; readonly signature: Signature }
  | { readonly type: 'SignatureFailed'; readonly at: Instant; readonly userId: string; readonly consecutiveFailures: number }
  | { readonly type: 'SignerLockedOut'; readonly at: Instant; readonly userId: string; readonly failures: number }
  | { readonly type: 'SignerUnlocked'; readonly at: Instant; readonly userId: string; readonly by: string; readonly reason: string };

export const SIGNER_REFUSAL_CODES = ['signer-unknown', 'signer-locked-out', 'signature-needs-both-components', 'signature-hash-missing', 'unlock-not-permitted', 'signer-not-locked'] as const;
export type SignerRefusalCode = (typeof SIGNER_REFUSAL_CODES)[number];

export function decideSigner(state: SignerState, command: SignerCommand, ctx: FloorContext): Decision<SignerEvent, SignerRefusalCode> {
  switch (command.type) {
    case 'sign': {
      const user = findUser(ctx.master, command.userId);
      if (!user || !user.active) return refuse('signer-unknown', `User ${command.userId} is not an active user and cannot sign`);
      if (state.status === 'locked-out') return refuse('signer-locked-out', `${user.printedName} is locked out since ${state.since} after repeated failed signings — an administrator must unlock`);
      if (command.firstInSession && command.check.components !== 'id-and-secret') {
        return refuse('signature-needs-both-components', `First signing of a session needs both user id and password/PIN (21 CFR 11.200)`);
      }
      if (command.signedHash.trim() === '') return refuse('signature-hash-missing', `A signature must carry the hash of the record it signs`);
      if (!command.check.secretValid || (command.check.components === 'id-and-secret' && !command.check.userIdMatched)) {
        const failures = state.consecutiveFailures + 1;
        const failed: SignerEvent = { type: 'SignatureFailed', at: ctx.now, userId: user.id, consecutiveFailures: failures };
        if (failures >= ctx.master.settings.signatureLockoutAttempts) return accept([failed, { type: 'SignerLockedOut', at: ctx.now, userId: user.id, failures }]);
        return accept([failed]);
      }
      const signature: Signature = {
        signatureId: command.signatureId,
        signerId: user.id,
        printedName: user.printedName,
        meaning: command.meaning,
        signedAt: ctx.now,
        signedHash: command.signedHash,
        components: command.check.components,
        ...(command.reason !== undefined ? { reason: command.reason } : {}),
      };
      return accept([{ type: 'SignatureApplied', at: ctx.now, signature }]);
    }
    case 'unlockSigner': {
      const admin = findUser(ctx.master, command.by);
      if (!admin || !hasPermission(admin, 'unlock-user')) return refuse('unlock-not-permitted', `Only an administrator may unlock a signer; ${command.by} may not`);
      if (state.status !== 'locked-out') return refuse('signer-not-locked', `User ${command.userId} is not locked out`);
      return accept([{ type: 'SignerUnlocked', at: ctx.now, userId: command.userId, by: command.by, reason: command.reason }]);
    }
    default: {
      const _never: never = command;
      return _never;
    }
  }
}

export function evolveSigner(state: SignerState, event: SignerEvent): SignerState {
  switch (event.type) {
    case 'SignatureApplied':
      return { status: 'active', userId: state.userId, consecutiveFailures: 0 };
    case 'SignatureFailed':
      return state.status === 'active' ? { ...state, consecutiveFailures: event.consecutiveFailures } : state;
    case 'SignerLockedOut':
      return { status: 'locked-out', userId: state.userId, since: event.at };
    case 'SignerUnlocked':
      return { status: 'active', userId: state.userId, consecutiveFailures: 0 };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
