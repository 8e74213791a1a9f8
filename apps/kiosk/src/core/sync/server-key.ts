import { trustServedServerKey, keyFingerprint, type ServerKeyRef } from '@lineside/sync-protocol/node';
import type { StepOutcome, SyncContext } from './context.js';

export type ServerKeyAnswer = { readonly ok: true; readonly key: ServerKeyRef } | { readonly ok: false; readonly outcome: StepOutcome };

/**
 * The server key this kiosk trusts (issue 9 §4): pinned at enrollment by the fingerprint the
 * enrollment code carries, and replaced afterwards only by a rotation the pinned key signed. A key
 * served by anyone else (a machine in the middle) is refused, and so are the receipts and pulls it signs.
 */
export function createServerKeyPin(ctx: SyncContext) {
  const { api, syncState } = ctx.deps;

  /** Before the kiosk sends its public key anywhere: the server must hold the key the admin's code names. */
  async function pinAtEnrollment(fingerprint: string): Promise<ServerKeyAnswer> {
    const result = await api.serverKey();
    ctx.noteAnswer(result);
    if (!result.ok) {
      ctx.fail(result.code, `cannot fetch the server key to check it before enrolling: ${result.message}`);
      return { ok: false, outcome: { kind: 'retry', code: result.code } };
    }
    const served = keyFingerprint(result.body.publicKey);
    if (served !== fingerprint) {
      ctx.fail('server-key-mismatch', `the server at ${api.baseUrl} signs with key ${result.body.serverKeyId} (fingerprint ${served}), not the key ${fingerprint} the enrollment code names: not enrolling; check the server address, or ask the admin for a new code`);
      return { ok: false, outcome: { kind: 'halted', code: 'server-key-mismatch' } };
    }
    syncState.setServerKey(result.body.serverKeyId, result.body.publicKey);
    return { ok: true, key: { keyId: result.body.serverKeyId, publicKey: result.body.publicKey } };
  }

  /** The trusted key for an answer signed by `keyId`: the pinned one, or one a signed rotation leads to. */
  async function forKeyId(keyId: string): Promise<ServerKeyAnswer> {
    const pinned = syncState.get().serverKey;
    if (pinned && pinned.keyId === keyId) return { ok: true, key: pinned };
    const result = await api.serverKey();
    ctx.noteAnswer(result);
    if (!result.ok) {
      ctx.fail(result.code, `cannot fetch the server key to check receipts: ${result.message}`);
      return { ok: false, outcome: { kind: 'retry', code: result.code } };
    }
    if (!pinned) {
      // Only a data folder enrolled before codes carried the fingerprint gets here: trust on first use.
      syncState.setServerKey(result.body.serverKeyId, result.body.publicKey);
      return { ok: true, key: { keyId: result.body.serverKeyId, publicKey: result.body.publicKey } };
    }
    const trust = trustServedServerKey(pinned, result.body);
    if (!trust.ok) {
      ctx.fail('untrusted-server-key', `server key refused: ${trust.message}; receipts and master data signed by it are not accepted`);
      return { ok: false, outcome: { kind: 'retry', code: 'untrusted-server-key' } };
    }
    if (trust.key.keyId !== pinned.keyId) syncState.setServerKey(trust.key.keyId, trust.key.publicKey);
    return { ok: true, key: trust.key };
  }

  return { pinAtEnrollment, forKeyId };
}
export type ServerKeyPin = ReturnType<typeof createServerKeyPin>;
