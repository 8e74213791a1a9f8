import { findUser, lockoutInForce, lockoutMessage, signerDecider, userMayWorkAt, type FloorContext, type Override, type Signature, type SignatureMeaning, type User } from '@lineside/domain';
import { checkVerifier, DECOY_PIN_VERIFIER, makeVerifier } from '@lineside/sync-protocol/node';
import { KIOSK_ACTOR, refusal, userActor, type ExecutionContext, type Outcome, type Refusal } from './context.js';
import type { ExecutionActor } from './session.js';
import type { SessionView } from './views.js';

/** A second person approving an override at the kiosk: who, their PIN, and why. */
export interface OverrideRequest {
  readonly userId: string;
  readonly pin: string;
  readonly reason: string;
}

/** Who must set their own PIN before signing in, and the rule the new PIN keeps. */
export interface PinChangeNeeded {
  readonly userId: string;
  readonly printedName: string;
  readonly rule: string;
}

/** Who is locked out, since when (kiosk-local ISO time) and what to do. */
export interface Lockout {
  readonly userId: string;
  readonly printedName: string;
  readonly since: string;
  readonly remedy: string;
}

/** One sentence for every failed login, so the kiosk does not tell which ids or badges exist (issue 9 §5). */
export const LOGIN_FAILED = { ok: false as const, code: 'login-failed', message: 'Badge or user id and PIN do not match an active user — try again' };

/** Sign-in with an admin-set PIN: the user must set their own before any work (issue 11). */
export const PIN_CHANGE_REQUIRED = 'pin-change-required';

/**
 * The PIN rule: digits only (a touch keypad, gloves), 6 like the PINs the server issues, at most 12.
 * The server issues six-digit PINs (security/tokens.ts newDemoPin) and no other rule existed.
 */
export const PIN_RULE = { pattern: /^[0-9]{6,12}$/, text: '6 to 12 digits' } as const;

/** A request to replace an admin-set PIN: who, the temporary PIN, the new one twice. */
export interface ChangePinRequest {
  readonly badgeOrUserId: string;
  readonly currentPin: string;
  readonly newPin: string;
  readonly newPinAgain: string;
}

/**
 * Signers and sessions: every user id + PIN goes through the signer decider here (failures recorded,
 * lockouts), logins and logouts, and unlocking. `prove` and `override` are what the other modules use to
 * put a person's e-signature on their records.
 */
export function createSigners(core: ExecutionContext) {
  const { deps, state, commit, context } = core;

  /**
   * The PIN this kiosk checks: one the user set here (`session.pin-changed`) until a pulled user entity
   * newer than the admin-set one it replaced brings the server's word (the same PIN, or a later reset).
   */
  function pinState(userId: string): { pinVerifier: string | null; mustChange: boolean; version: number } {
    const pulled = deps.verifiers(userId);
    const version = pulled?.version ?? 0;
    const local = state.pins.get(userId);
    if (local && version <= local.masterVersion) return { pinVerifier: local.pinVerifier, mustChange: false, version };
    return { pinVerifier: pulled?.pinVerifier ?? null, mustChange: pulled?.pinMustChange === true, version };
  }

  /** Checks user id + PIN through the signer decider: failures are recorded and may lock the user out. */
  async function prove(userId: string, pin: string, meaning: SignatureMeaning, signedHash: string, reason: string | undefined, ctx: FloorContext): Promise<Outcome<{ signature: Signature }>> {
    const secretValid = await checkVerifier(pin, pinState(userId).pinVerifier);
    const decision = signerDecider.decide(
      state.signerOf(userId),
      { type: 'sign', signatureId: deps.newId(), userId, meaning, signedHash, ...(reason !== undefined ? { reason } : {}), check: { components: 'id-and-secret', userIdMatched: true, secretValid }, firstInSession: true },
      ctx,
    );
    if (!decision.ok) return refusal(decision.code, decision.message);
    const applied = decision.value.find((e) => e.type === 'SignatureApplied');
    if (applied?.type === 'SignatureApplied') return { ok: true, signature: applied.signature };
    const committed = commit('signer', userId, decision.value, KIOSK_ACTOR);
    if (!committed.ok) return committed;
    const name = findUser(ctx.master, userId)?.printedName ?? userId;
    const attempts = ctx.master.settings.signatureLockoutAttempts;
    if (decision.value.some((e) => e.type === 'SignerLockedOut')) return refusal('signer-locked-out', `Wrong PIN for ${name} — ${name} is now locked out after ${attempts} failed attempts; an administrator must unlock`);
    const failed = decision.value.find((e) => e.type === 'SignatureFailed');
    const count = failed?.type === 'SignatureFailed' ? failed.consecutiveFailures : 1;
    return refusal('pin-wrong', `Wrong PIN for ${name} (${count} of ${attempts} attempts before lockout)`);
  }

  /** The second person's signature for an override: PIN checked now, the reason on the signature. */
  async function override(request: OverrideRequest): Promise<Outcome<{ override: Override }>> {
    const begun = core.begin();
    if (!begun.ok) return begun;
    if (request.reason.trim() === '') return refusal('signature-reason-missing', 'An override needs a reason');
    const proved = await prove(request.userId, request.pin, 'approved', deps.log.head().hash, request.reason, begun.ctx);
    if (!proved.ok) return proved;
    return { ok: true, override: { reason: request.reason, signature: proved.signature } };
  }

  /** The lockout refusal: who, since when, and what to do, in the domain's words. */
  function lockedOut(userId: string, ctx: FloorContext, known?: ReturnType<typeof lockoutInForce>): Refusal & { lockout?: Lockout } {
    const user = findUser(ctx.master, userId);
    const lockout = known ?? lockoutInForce(state.signerOf(userId), user, ctx.now);
    if (!lockout) return LOGIN_FAILED;
    const name = user?.printedName ?? userId;
    const remedy =
      lockout.until !== undefined
        ? `The lockout ends at ${lockout.until}; QA or an administrator can unlock sooner (Unlock user).`
        : lockout.kioskId !== undefined
          ? `Locked out at kiosk ${lockout.kioskId}: QA or an administrator can unlock you here (Unlock user) or centrally.`
          : 'Ask QA or an administrator to unlock you at this kiosk (Unlock user).';
    return { ...refusal('signer-locked-out', lockoutMessage(name, lockout)), lockout: { userId, printedName: name, since: lockout.since, remedy } };
  }

  /**
   * A central unlock the kiosk pulled (master data `centralUnlock`) ends its own lockouts from before it:
   * recorded as `signer.signer-unlocked` citing the master version, so the kiosk's log says why the user
   * may sign again. Idempotent: an unlocked user is no longer locked out.
   */
  function applyCentralUnlocks(ctx: FloorContext): void {
    for (const [userId, signer] of [...state.signers]) {
      if (signer.status !== 'locked-out' || !findUser(ctx.master, userId)?.centralUnlock) continue;
      const decision = signerDecider.decide(signer, { type: 'applyCentralUnlock', userId }, ctx);
      if (decision.ok) commit('signer', userId, decision.value, KIOSK_ACTOR);
    }
  }

  /** An active user of this station, by badge number or user id. */
  function signingUser(ctx: FloorContext, badgeOrUserId: string): User | undefined {
    const wanted = badgeOrUserId.trim();
    return ctx.master.users.find((u) => u.active && userMayWorkAt(u, ctx.stationId) && (u.id === wanted || (u.badge !== undefined && u.badge === wanted)));
  }

  function pinChangeRequired(user: User): Refusal & { pinChange: PinChangeNeeded } {
    return {
      ...refusal(PIN_CHANGE_REQUIRED, `${user.printedName}: your PIN was set by an administrator — set your own PIN (${PIN_RULE.text}) before you work`),
      pinChange: { userId: user.id, printedName: user.printedName, rule: PIN_RULE.text },
    };
  }

  /** Records the login and opens the kiosk's one session (ending another user's). */
  function openSession(user: User, ctx: FloorContext): Outcome<{ session: SessionView }> {
    const actor: ExecutionActor = { kind: 'user', userId: user.id, printedName: user.printedName };
    const previous = core.liveSession();
    if (previous && previous.actor.userId !== user.id) core.endSession(previous.actor, 'another-user');
    const committed = commit('session', user.id, [{ type: 'LoggedIn', at: ctx.now, userId: user.id, stationId: ctx.stationId }], actor);
    if (!committed.ok) return committed;
    core.sessions.open(actor, core.nowMs());
    return { ok: true, session: { userId: user.id, printedName: user.printedName, roles: user.roles, autoLockMs: core.sessions.autoLockMs } };
  }

  const commands = {
    session(): SessionView | null {
      const session = core.liveSession();
      if (!session) return null;
      const master = deps.masterData();
      const user = master ? findUser(master, session.actor.userId) : undefined;
      return { userId: session.actor.userId, printedName: session.actor.printedName, roles: user?.roles ?? [], autoLockMs: core.sessions.autoLockMs };
    },

    /** Badge number or user id, and PIN, checked against the user's scrypt verifier. */
    async login(request: { badgeOrUserId: string; pin: string }): Promise<Outcome<{ session: SessionView }> | (Refusal & { pinChange?: PinChangeNeeded })> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      const user = signingUser(ctx.ctx, request.badgeOrUserId);
      if (!user) {
        // The same work as a known user (one scrypt), so timing does not tell either.
        await checkVerifier(request.pin, DECOY_PIN_VERIFIER);
        return LOGIN_FAILED;
      }
      applyCentralUnlocks(ctx.ctx);
      // Locked out here, or at another kiosk as the server reported: who is locked out is told only to
      // whoever knows the PIN; anyone else gets the one login sentence.
      const lockout = lockoutInForce(state.signerOf(user.id), user, ctx.ctx.now);
      if (lockout) {
        // The lockout as it was when the PIN was typed: a pull during the check must not change the answer.
        return (await checkVerifier(request.pin, pinState(user.id).pinVerifier)) ? lockedOut(user.id, ctx.ctx, lockout) : LOGIN_FAILED;
      }
      const proved = await prove(user.id, request.pin, 'performed', 'login', undefined, ctx.ctx);
      if (!proved.ok) return LOGIN_FAILED;
      // Told only to whoever knows the temporary PIN; no session is opened with it.
      if (pinState(user.id).mustChange) return pinChangeRequired(user);
      return openSession(user, ctx.ctx);
    },

    /**
     * Replaces an admin-set PIN: the temporary PIN proved again (a wrong one counts as a failed attempt),
     * the new PIN twice. Records `session.pin-changed` with the new PIN's verifier, then opens the session.
     */
    async changePin(request: ChangePinRequest): Promise<Outcome<{ session: SessionView }>> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      if (request.newPin !== request.newPinAgain) return refusal('pin-mismatch', 'The two new PINs differ — type the same new PIN twice');
      if (!PIN_RULE.pattern.test(request.newPin)) return refusal('pin-too-short', `The new PIN must be ${PIN_RULE.text}`);
      if (request.newPin === request.currentPin) return refusal('pin-same-as-temporary', 'The new PIN must differ from the temporary PIN the administrator gave you');
      const user = signingUser(ctx.ctx, request.badgeOrUserId);
      if (!user) {
        await checkVerifier(request.currentPin, DECOY_PIN_VERIFIER);
        return LOGIN_FAILED;
      }
      applyCentralUnlocks(ctx.ctx);
      const lockout = lockoutInForce(state.signerOf(user.id), user, ctx.ctx.now);
      if (lockout) return (await checkVerifier(request.currentPin, pinState(user.id).pinVerifier)) ? lockedOut(user.id, ctx.ctx, lockout) : LOGIN_FAILED;
      const pin = pinState(user.id);
      const proved = await prove(user.id, request.currentPin, 'performed', 'pin-change', undefined, ctx.ctx);
      if (!proved.ok) {
        if (proved.code === 'pin-wrong') return refusal('pin-wrong', 'The temporary PIN is wrong — it counts as a failed attempt, as at sign-in');
        return proved;
      }
      if (!pin.mustChange) return refusal('pin-change-not-required', `${user.printedName} already has their own PIN: sign in with it`);
      const pinVerifier = await makeVerifier(request.newPin);
      const actor: ExecutionActor = { kind: 'user', userId: user.id, printedName: user.printedName };
      const committed = commit('session', user.id, [{ type: 'PinChanged', at: ctx.ctx.now, userId: user.id, pinVerifier, masterVersion: pin.version }], actor);
      if (!committed.ok) return committed;
      return openSession(user, ctx.ctx);
    },

    /** Users locked out at this kiosk (the unlock screen's list). */
    listLockouts(): Lockout[] {
      const ctx = context();
      if (!ctx.ok) return [];
      applyCentralUnlocks(ctx.ctx);
      const userIds = new Set([...state.signers.keys(), ...ctx.ctx.master.users.filter((u) => u.centralLockout).map((u) => u.id)]);
      return [...userIds].flatMap((userId) => {
        const out = lockedOut(userId, ctx.ctx);
        return out.lockout ? [out.lockout] : [];
      });
    },

    /** Applies the central unlocks of the last pull (the core calls it when master data changes). */
    applyCentralUnlocks(): void {
      const ctx = context();
      if (ctx.ok) applyCentralUnlocks(ctx.ctx);
    },

    /** QA or an administrator unlocks a user at the kiosk: their own id + PIN and a reason; no session needed. */
    async unlockUser(request: { userId: string; byUserId: string; pin: string; reason: string }): Promise<Outcome<{ events: number }>> {
      const ctx = context();
      if (!ctx.ok) return ctx;
      const userId = request.userId.trim();
      const by = request.byUserId.trim();
      if (request.reason.trim() === '') return refusal('unlock-reason-missing', 'Unlocking a user needs a reason');
      applyCentralUnlocks(ctx.ctx);
      const signer = state.signerOf(userId);
      if (!lockoutInForce(signer, findUser(ctx.ctx.master, userId), ctx.ctx.now)) return refusal('signer-not-locked', `${findUser(ctx.ctx.master, userId)?.printedName ?? userId} is not locked out`);
      const proved = await prove(by, request.pin, 'approved', deps.log.head().hash, request.reason.trim(), ctx.ctx);
      if (!proved.ok) return proved;
      const decision = signerDecider.decide(signer, { type: 'unlockSigner', userId, by, reason: request.reason.trim(), signature: proved.signature }, ctx.ctx);
      if (!decision.ok) return refusal(decision.code, decision.message);
      return commit('signer', userId, decision.value, userActor(ctx.ctx.master, by));
    },

    logout(): Outcome<object> {
      const session = core.liveSession();
      core.sessions.close();
      if (session) core.endSession(session.actor, 'logout');
      return { ok: true };
    },

    /** Folded state, for tests and views. */
    signerState: (userId: string) => state.signerOf(userId),
  };

  return { prove, override, commands };
}
export type Signers = ReturnType<typeof createSigners>;
