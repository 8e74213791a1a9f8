import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import { infra } from './infra.js';

export interface Limit {
  readonly max: number;
  readonly windowMs: number;
}

/** How hard the server pushes back on guessing (issue 9 §5). Every number is per server process. */
export interface ThrottleLimits {
  /** Sign-in attempts (right or wrong) from one address: each costs a scrypt, so this bounds the CPU an address can burn. */
  readonly signInPerAddress: Limit;
  /** Wrong passwords for one user id (known or not): an account is throttled even where it may not be locked. */
  readonly signInFailuresPerAccount: Limit;
  /** Wrong enrollment codes (unknown, used, expired) from one address: codes are 60 bits, but guessing must stay slow. */
  readonly enrollFailuresPerAddress: Limit;
  /** Enrollment attempts of any outcome from one address: bounds a burst sent before the failures are counted. */
  readonly enrollPerAddress: Limit;
  /** Consecutive wrong passwords that lock a central account (never the last active admin: throttled instead). */
  readonly lockoutAfter: number;
  /** How long a lock lasts unless an admin unlocks sooner. */
  readonly lockoutMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  signInPerAddress: { max: 30, windowMs: 60_000 },
  signInFailuresPerAccount: { max: 10, windowMs: 15 * 60_000 },
  enrollFailuresPerAddress: { max: 10, windowMs: 10 * 60_000 },
  enrollPerAddress: { max: 60, windowMs: 10 * 60_000 },
  lockoutAfter: 5,
  lockoutMs: 15 * 60_000,
};

/** A refusal to even try: answered 429 `rate-limited` with Retry-After. */
export interface Throttled {
  readonly retryAfterSeconds: number;
  readonly message: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    throttle: {
      readonly limits: ThrottleLimits;
      /**
       * Counts a sign-in attempt from the address; refuses when the address or the account is over its limit.
       * The account is the body's `userId` unless `userId` is given (an e-signature names its signer elsewhere).
       */
      signIn(request: FastifyRequest, userId?: string): Promise<Throttled | undefined>;
      /** Counts a wrong password against the account named in the body, or `userId`. */
      signInFailed(request: FastifyRequest, userId?: string): Promise<void>;
      /** Counts an enrollment attempt from the address; refuses when its attempts or its wrong codes are over the limit. */
      enroll(request: FastifyRequest): Promise<Throttled | undefined>;
      /** Counts a wrong enrollment code against the address. */
      enrollFailed(request: FastifyRequest): Promise<void>;
    };
  }
}

/** Set on a request whose account is not its body's `userId` (an e-signature), read by accountKey. */
const accountOverride = new WeakMap<FastifyRequest, string>();

function accountKey(request: FastifyRequest): string {
  const userId = accountOverride.get(request) ?? (request.body as { userId?: unknown } | undefined)?.userId;
  // Case-folded: "ADA.ADMIN" and "ada.admin" share one budget whether or not the account exists.
  return `account:${typeof userId === 'string' ? userId.normalize('NFC').toLowerCase() : ''}`;
}

export const throttlePlugin = infra<{ limits?: Partial<ThrottleLimits> }>('lineside-throttle', async (app, options) => {
  const limits: ThrottleLimits = { ...DEFAULT_THROTTLE, ...options.limits };
  // global: false — only the routes that check credentials or codes are limited, through the calls below.
  await app.register(rateLimit, { global: false });
  const signInAddress = app.createRateLimit({ max: limits.signInPerAddress.max, timeWindow: limits.signInPerAddress.windowMs, keyGenerator: (r) => `sign-in:${r.ip}` });
  const signInAccount = app.createRateLimit({ max: limits.signInFailuresPerAccount.max, timeWindow: limits.signInFailuresPerAccount.windowMs, keyGenerator: accountKey });
  const enrollAddress = app.createRateLimit({ max: limits.enrollPerAddress.max, timeWindow: limits.enrollPerAddress.windowMs, keyGenerator: (r) => `enroll:${r.ip}` });
  const enrollFailures = app.createRateLimit({ max: limits.enrollFailuresPerAddress.max, timeWindow: limits.enrollFailuresPerAddress.windowMs, keyGenerator: (r) => `enroll-failed:${r.ip}` });

  app.decorate('throttle', {
    limits,
    async signIn(request: FastifyRequest, userId?: string) {
      if (userId !== undefined) accountOverride.set(request, userId);
      const byAddress = await signInAddress(request);
      if (!byAddress.isAllowed && byAddress.isExceeded) {
        return { retryAfterSeconds: byAddress.ttlInSeconds, message: `too many sign-in attempts from ${request.ip}: try again in ${byAddress.ttlInSeconds} s` };
      }
      // Read only: a right password must not use up the account's budget.
      const byAccount = await signInAccount(request, { increment: false });
      if (!byAccount.isAllowed && byAccount.remaining <= 0) {
        return { retryAfterSeconds: Math.max(1, byAccount.ttlInSeconds), message: `too many wrong passwords for this user id: try again in ${Math.max(1, byAccount.ttlInSeconds)} s` };
      }
      return undefined;
    },
    async signInFailed(request: FastifyRequest, userId?: string) {
      if (userId !== undefined) accountOverride.set(request, userId);
      await signInAccount(request);
    },
    async enroll(request: FastifyRequest) {
      const byAddress = await enrollAddress(request);
      if (!byAddress.isAllowed && byAddress.isExceeded) {
        return { retryAfterSeconds: byAddress.ttlInSeconds, message: `too many enrollment attempts from ${request.ip}: try again in ${byAddress.ttlInSeconds} s` };
      }
      const failures = await enrollFailures(request, { increment: false });
      if (!failures.isAllowed && failures.remaining <= 0) {
        const after = Math.max(1, failures.ttlInSeconds);
        return { retryAfterSeconds: after, message: `too many wrong enrollment codes from ${request.ip}: try again in ${after} s` };
      }
      return undefined;
    },
    async enrollFailed(request: FastifyRequest) {
      await enrollFailures(request);
    },
  });
});
