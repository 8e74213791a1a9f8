import type { PullResponse } from '@lineside/sync-protocol';
import type { MasterDataTable } from '../store/master-data.js';
import { statusRefusal, type StepOutcome, type SyncContext } from './context.js';
import { checkPullPage } from './pull-check.js';
import type { ServerKeyPin } from './server-key.js';

/**
 * SYNC.md §6.6: fetch pages from the applied cursor until one says `complete`, check each page's
 * signature with the trusted server key, then apply them all in one transaction. A failure part way
 * applies nothing.
 */
export function createPuller(ctx: SyncContext, serverKeys: ServerKeyPin, table: MasterDataTable, options: { pollMs: number; pageLimit: number }) {
  const { deps } = ctx;
  /** Kiosk wall time of the last complete pull in this run; null = pull on the next idle step. */
  let lastPullAt: number | null = null;

  async function pull(keyId: string): Promise<StepOutcome> {
    const pages: PullResponse[] = [];
    let cursor = table.cursor().version;
    for (;;) {
      const result = await deps.api.pull(cursor, options.pageLimit, ctx.signer(keyId));
      ctx.noteAnswer(result);
      if (!result.ok) {
        const refusal = result.kind === 'http' ? statusRefusal(ctx, result.code) : null;
        ctx.fail(result.code, `master-data pull from version ${cursor} failed: ${result.message}`);
        return refusal ?? { kind: 'retry', code: result.code };
      }
      const serverKey = await serverKeys.forKeyId(result.body.serverKeyId);
      if (!serverKey.ok) return serverKey.outcome;
      const check = checkPullPage(result.body, { cursor, serverKeyId: serverKey.key.keyId, serverPublicKey: serverKey.key.publicKey });
      if (!check.ok) {
        ctx.fail(check.code, check.message);
        return { kind: 'retry', code: check.code };
      }
      // A pull replaces the idle check-in, so it also keeps the clock estimate fresh.
      const t2 = Date.parse(result.body.serverTime);
      ctx.recordClock(result.t1, t2, t2, result.t4, result.body.serverTime);
      pages.push(result.body);
      cursor = result.body.to;
      if (result.body.complete) break;
    }
    table.apply(pages, ctx.nowIso());
    lastPullAt = deps.clock.wallMs();
    ctx.clearError('bad-pull', 'server-unreachable', 'untrusted-server-key', 'master-entity-refused');
    // The rest of the feed applies; a malformed entity is left out of the snapshot and said so.
    const refused = table.refused();
    if (refused.length > 0) {
      const first = refused[0]!;
      const more = refused.length > 1 ? ` (and ${refused.length - 1} more)` : '';
      ctx.fail('master-entity-refused', `master data refused: ${first.entity} ${first.id} (version ${first.version}) breaks its schema: ${first.problems.slice(0, 3).join('; ')}${more}. It is not used until the server sends a correct one.`);
    }
    return { kind: 'idle' };
  }

  return {
    pull,
    due: (): boolean => lastPullAt === null || deps.clock.wallMs() - lastPullAt >= options.pollMs,
    /** Pull on the next idle step. */
    forget: (): void => {
      lastPullAt = null;
    },
  };
}
export type Puller = ReturnType<typeof createPuller>;
