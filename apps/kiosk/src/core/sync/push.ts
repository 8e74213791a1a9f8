import { buildBatch, type PushBatch } from './batch.js';
import { statusRefusal, type StepOutcome, type SyncContext } from './context.js';
import { checkReceipt } from './receipt.js';
import type { ServerKeyPin } from './server-key.js';

const PERMANENT_PUSH_REFUSALS = new Set(['bad-signature', 'broken-chain', 'out-of-order', 'kiosk-mismatch', 'key-mismatch', 'invalid-record', 'unsupported-envelope', 'invalid-body', 'malformed-json', 'unknown-kiosk']);

/**
 * The push side of SYNC.md §6.4: the outbox (seq > acked) in order, in batches, each retried byte for
 * byte until answered, and records marked delivered only on a receipt signed by the trusted server key.
 */
export function createPusher(ctx: SyncContext, serverKeys: ServerKeyPin) {
  const { deps } = ctx;
  /** The batch sent and not yet answered for good: retried byte for byte. */
  let inFlight: PushBatch | null = null;
  /** Set when the server asks us to resend from an earlier seq (its store was restored). */
  let resendAfter: number | null = null;

  async function push(kioskId: string): Promise<StepOutcome> {
    const state = deps.syncState.get();
    const head = deps.records.head();
    if (!inFlight) {
      const after = resendAfter ?? state.ackedSeq;
      if (after >= head.seq) return { kind: 'idle' };
      const batch = buildBatch(kioskId, deps.records.after(after, deps.batchLimits?.maxRecords ?? 500), (r) => r.keyId, deps.batchLimits);
      if (!batch) return { kind: 'idle' };
      if ('error' in batch) {
        ctx.fail('batch-too-large', batch.error);
        return { kind: 'halted', code: 'batch-too-large' };
      }
      inFlight = batch;
    }
    const batch = inFlight;
    const result = await deps.api.push(batch.body, ctx.signer(batch.keyId));
    ctx.noteAnswer(result);
    if (result.ok) {
      const receipt = result.body.receipt;
      const serverKey = await serverKeys.forKeyId(receipt.serverKeyId);
      if (!serverKey.ok) return serverKey.outcome;
      const check = checkReceipt(receipt, { kioskId, serverKeyId: serverKey.key.keyId, serverPublicKey: serverKey.key.publicKey, records: deps.records });
      if (!check.ok) {
        ctx.fail(check.code, check.message);
        return { kind: 'retry', code: check.code };
      }
      // Never move the acknowledged mark backwards: a restored server re-acks what it lost.
      if (receipt.ackedSeq >= deps.syncState.get().ackedSeq) deps.syncState.acknowledge(receipt, ctx.nowIso());
      ctx.recordClock(result.t1, Date.parse(result.body.receivedAt), Date.parse(receipt.serverTime), result.t4, receipt.serverTime);
      inFlight = null;
      if (resendAfter !== null) resendAfter = receipt.ackedSeq >= deps.syncState.get().ackedSeq ? null : receipt.ackedSeq;
      ctx.clearError();
      return { kind: 'progress' };
    }
    if (result.kind === 'network') {
      ctx.fail(result.code, result.message);
      return { kind: 'retry', code: result.code };
    }
    ctx.fail(result.code, `push of seq ${batch.fromSeq}–${batch.toSeq} refused (HTTP ${result.status} ${result.code}): ${result.message}`);
    switch (result.code) {
      case 'seq-gap': {
        const expected = Number(result.details.expectedSeq);
        inFlight = null;
        if (!Number.isInteger(expected) || expected < 1 || expected - 1 > head.seq) return { kind: 'halted', code: 'seq-gap' };
        resendAfter = expected - 1;
        return { kind: 'progress' };
      }
      case 'fork':
        deps.identity.setStatus('quarantined');
        return { kind: 'halted', code: result.code };
      case 'kiosk-quarantined':
      case 'kiosk-revoked':
      case 'kiosk-pending':
        return statusRefusal(ctx, result.code)!;
      default:
        if (PERMANENT_PUSH_REFUSALS.has(result.code)) return { kind: 'halted', code: result.code };
        return { kind: 'retry', code: result.code };
    }
  }

  return {
    push,
    /** The batch awaiting a definitive answer (for tests and diagnostics). */
    inFlight: (): PushBatch | null => inFlight,
  };
}
export type Pusher = ReturnType<typeof createPusher>;
