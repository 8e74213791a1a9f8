import { parseEnrollmentCode } from '@lineside/sync-protocol';
import type { StepOutcome, SyncContext } from './context.js';
import type { ServerKeyPin } from './server-key.js';

/**
 * Enrollment and approval (SYNC.md §6.1): check the server key against the code's fingerprint,
 * register the kiosk key with the one-time code, then ask until an admin approved it.
 */
export function createEnrollment(ctx: SyncContext, serverKeys: ServerKeyPin) {
  const { deps } = ctx;
  /** Set when the server (or the code) refused us for good: asking again with the same code cannot help. */
  let refused = false;

  function refuse(code: string, message: string): StepOutcome {
    ctx.fail(code, message);
    refused = true;
    return { kind: 'halted', code };
  }

  async function enroll(codeText: string): Promise<StepOutcome> {
    const parts = parseEnrollmentCode(codeText);
    if (!parts.ok) return refuse('bad-enroll-code', parts.message);
    if (parts.value.serverKeyFingerprint === null) {
      return refuse('bad-enroll-code', 'the enrollment code carries no server key fingerprint (CODE@fingerprint): not enrolling with a server nobody vouched for');
    }
    const pinned = await serverKeys.pinAtEnrollment(parts.value.serverKeyFingerprint);
    if (!pinned.ok) {
      if (pinned.outcome.kind === 'halted') refused = true;
      return pinned.outcome;
    }
    const code = parts.value.code;
    const result = await deps.api.enroll({ code, publicKey: deps.key.publicKey, appVersion: deps.appVersion, ...(deps.hostname ? { hostname: deps.hostname } : {}) });
    ctx.noteAnswer(result);
    if (!result.ok) {
      // The code never goes into a message: messages reach the status line and the kiosk's output.
      if (result.kind === 'http' && result.status >= 400 && result.status < 500) return refuse(result.code, `enrollment with the one-time code failed: ${result.message}`);
      ctx.fail(result.code, `enrollment with the one-time code failed: ${result.message}`);
      return { kind: 'retry', code: result.code };
    }
    const body = result.body;
    deps.identity.save({
      kioskId: body.kioskId,
      keyId: body.keyId,
      stationId: body.stationId,
      status: body.status,
      publicKey: deps.key.publicKey,
      serverUrl: deps.api.baseUrl,
      enrolledAt: body.serverTime,
    });
    const t2 = Date.parse(body.serverTime);
    ctx.recordClock(result.t1, t2, t2, result.t4, body.serverTime);
    ctx.clearError();
    return { kind: 'progress' };
  }

  /** GET /sync/v1/kiosk: our status (pending → active, revoked …) and a clock sample. */
  async function refreshKioskState(keyId: string): Promise<StepOutcome> {
    const result = await deps.api.kioskState(ctx.signer(keyId));
    ctx.noteAnswer(result);
    if (!result.ok) {
      ctx.fail(result.code, result.kind === 'http' ? `the server refused the status check: ${result.message}` : result.message);
      return { kind: 'retry', code: result.code };
    }
    const t2 = Date.parse(result.body.serverTime);
    ctx.recordClock(result.t1, t2, t2, result.t4, result.body.serverTime);
    deps.identity.setStatus(result.body.status);
    ctx.clearError('server-unreachable', 'unauthenticated');
    if (result.body.status === 'active') return { kind: 'progress' };
    if (result.body.status === 'pending') return { kind: 'waiting-approval' };
    ctx.fail(`kiosk-${result.body.status}`, `the server says kiosk ${result.body.kioskId} is ${result.body.status}: records stay on this kiosk until an admin acts`);
    return { kind: 'halted', code: `kiosk-${result.body.status}` };
  }

  return {
    enroll,
    refreshKioskState,
    /** True once enrollment was refused for good (bad code, wrong server key, used code …). */
    refused: () => refused,
  };
}
export type Enrollment = ReturnType<typeof createEnrollment>;
