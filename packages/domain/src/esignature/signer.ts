import type { FloorContext } from '../context.js';
import { findUser } from '../master-data/master-data.js';
import { hasPermission, type User } from '../master-data/people.js';
import type { SignatureMeaning } from '../master-data/recipe.js';
import type { Decision } from '../result.js';
import { accept, refuse } from '../result.js';
import type { Instant } from '../time/calendar.js';
import { instantMs } from '../time/calendar.js';
import type { Signature, SignatureComponents } from './signature.js';

/** One user's signing history: consecutive failures lead to lockout (21 CFR 11.300). */
export type SignerState =
  /** `unlockedAt`: this kiosk's last unlock of the user; a central lockout from before it is over here. */
  | { readonly status: 'active'; readonly userId: string; readonly consecutiveFailures: number; readonly unlockedAt?: Instant }
  | { readonly status: 'locked-out'; readonly userId: string; readonly since: Instant; readonly until?: Instant };

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
  /** QA or an administrator unlocks a user at the kiosk: their own e-signature ("approved") and a reason. */
  | { readonly type: 'unlockSigner'; readonly userId: string; readonly by: string; readonly reason: string; readonly signature: Signature }
  /** The kiosk applies a central unlock it pulled (master data `centralUnlock`) to a lockout of its own. */
  | { readonly type: 'applyCentralUnlock'; readonly userId: string };

export type SignerEvent =
  | { readonly type: 'SignatureApplied'; readonly at: Instant; readonly signature: Signature }
  | { readonly type: 'SignatureFailed'; readonly at: Instant; readonly userId: string; readonly consecutiveFailures: number }
  /** `until`: a timed lockout (the last user who may unlock others); absent: until someone unlocks. */
  | { readonly type: 'SignerLockedOut'; readonly at: Instant; readonly userId: string; readonly failures: number; readonly until?: Instant }
  /** `masterVersion`: the central unlock this applies (its e-signature was given at the server); absent: unlocked at this kiosk. */
  | { readonly type: 'SignerUnlocked'; readonly at: Instant; readonly userId: string; readonly by: string; readonly reason: string; readonly signature?: Signature; readonly masterVersion?: number };

export const SIGNER_REFUSAL_CODES = ['signer-unknown', 'signer-locked-out', 'signature-needs-both-components', 'signature-hash-missing', 'unlock-not-permitted', 'signer-not-locked', 'unlock-self', 'unlock-reason-missing', 'unlock-signature-wrong', 'central-unlock-missing'] as const;
export type SignerRefusalCode = (typeof SIGNER_REFUSAL_CODES)[number];

/** Who is locked out, since when, and what to do about it; `kioskId`: a lockout another kiosk reported. */
export function lockoutMessage(printedName: string, state: { readonly since: Instant; readonly until?: Instant; readonly kioskId?: string }): string {
  const where = state.kioskId !== undefined ? ` at kiosk ${state.kioskId}` : '';
  const remedy =
    state.until !== undefined
      ? `it ends at ${state.until}, or QA or an administrator can unlock sooner`
      : state.kioskId !== undefined
        ? 'ask QA or an administrator to unlock you (Unlock user, or centrally on the server)'
        : 'ask QA or an administrator to unlock you at this kiosk (Unlock user)';
  return `${printedName} is locked out since ${state.since}${where} after repeated wrong PINs — ${remedy}`;
}

/**
 * The lockout a user is under at this kiosk: its own (from its log), else a central one another kiosk
 * reported — unless it has ended (`until`) or this kiosk unlocked the user since.
 */
export function lockoutInForce(state: SignerState, user: User | undefined, now: Instant): { readonly since: Instant; readonly until?: Instant; readonly kioskId?: string } | undefined {
  const over = (until: Instant | undefined) => until !== undefined && instantMs(now) >= instantMs(until);
  if (state.status === 'locked-out' && !over(state.until)) return { since: state.since, ...(state.until !== undefined ? { until: state.until } : {}) };
  const central = user?.centralLockout;
  if (!central || over(central.until)) return undefined;
  if (state.status === 'active' && state.unlockedAt !== undefined && instantMs(state.unlockedAt) >= instantMs(central.since)) return undefined;
  return central;
}

/** Is this user the only active one who may unlock others? Then their lockout must end by itself. */
function lastUnlocker(userId: string, ctx: FloorContext): boolean {
  const unlockers = ctx.master.users.filter((u) => u.active && hasPermission(u, 'unlock-user'));
  return unlockers.length === 1 && unlockers[0]?.id === userId;
}

export function decideSigner(state: SignerState, command: SignerCommand, ctx: FloorContext): Decision<SignerEvent, SignerRefusalCode> {
  switch (command.type) {
    case 'sign': {
      const user = findUser(ctx.master, command.userId);
      if (!user || !user.active) return refuse('signer-unknown', `User ${command.userId} is not an active user and cannot sign`);
      const lockout = lockoutInForce(state, user, ctx.now);
      if (lockout) return refuse('signer-locked-out', lockoutMessage(user.printedName, lockout));
      const failuresSoFar = state.status === 'active' ? state.consecutiveFailures : 0;
      if (command.firstInSession && command.check.components !== 'id-and-secret') {
        return refuse('signature-needs-both-components', `First signing of a session needs both user id and password/PIN (21 CFR 11.200)`);
      }
      if (command.signedHash.trim() === '') return refuse('signature-hash-missing', `A signature must carry the hash of the record it signs`);
      if (!command.check.secretValid || (command.check.components === 'id-and-secret' && !command.check.userIdMatched)) {
        const failures = failuresSoFar + 1;
        const failed: SignerEvent = { type: 'SignatureFailed', at: ctx.now, userId: user.id, consecutiveFailures: failures };
        if (failures >= ctx.master.settings.signatureLockoutAttempts) {
          const until = lastUnlocker(user.id, ctx) ? new Date(instantMs(ctx.now) + (ctx.master.settings.lastUnlockerLockoutMinutes ?? 30) * 60_000).toISOString() : undefined;
          return accept([failed, { type: 'SignerLockedOut', at: ctx.now, userId: user.id, failures, ...(until !== undefined ? { until } : {}) }]);
        }
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
      if (!admin || !admin.active || !hasPermission(admin, 'unlock-user')) return refuse('unlock-not-permitted', `Only QA or an administrator may unlock a user; ${admin?.printedName ?? command.by} may not`);
      if (command.by === command.userId) return refuse('unlock-self', `${admin.printedName} cannot unlock themself — another QA or administrator must`);
      if (command.reason.trim() === '') return refuse('unlock-reason-missing', `Unlocking a user needs a reason`);
      if (command.signature.signerId !== command.by || command.signature.components !== 'id-and-secret') return refuse('unlock-signature-wrong', `The unlock must be signed by ${admin.printedName} with user id and PIN`);
      // A lockout another kiosk reported may be lifted here too: the server then lifts it everywhere.
      if (!lockoutInForce(state, findUser(ctx.master, command.userId), ctx.now)) return refuse('signer-not-locked', `User ${command.userId} is not locked out`);
      return accept([{ type: 'SignerUnlocked', at: ctx.now, userId: command.userId, by: command.by, reason: command.reason, signature: command.signature }]);
    }
    case 'applyCentralUnlock': {
      const unlock = findUser(ctx.master, command.userId)?.centralUnlock;
      if (state.status !== 'locked-out') return refuse('signer-not-locked', `User ${command.userId} is not locked out at this kiosk`);
      // A lockout after the unlock is a new one: the unlock does not reach forward in time.
      if (!unlock || instantMs(unlock.at) < instantMs(state.since)) return refuse('central-unlock-missing', `No central unlock of ${command.userId} since the lockout of ${state.since}`);
      return accept([{ type: 'SignerUnlocked', at: ctx.now, userId: command.userId, by: unlock.by, reason: unlock.reason, masterVersion: unlock.version }]);
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
      return { status: 'active', userId: state.userId, consecutiveFailures: 0, ...(state.status === 'active' && state.unlockedAt !== undefined ? { unlockedAt: state.unlockedAt } : {}) };
    case 'SignatureFailed':
      return state.status === 'active' ? { ...state, consecutiveFailures: event.consecutiveFailures } : state;
    case 'SignerLockedOut':
      return { status: 'locked-out', userId: state.userId, since: event.at, ...(event.until !== undefined ? { until: event.until } : {}) };
    case 'SignerUnlocked':
      return { status: 'active', userId: state.userId, consecutiveFailures: 0, unlockedAt: event.at };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
