import { sweepPendingChecks } from '../sync/business-checks.js';
import { infra } from './infra.js';

/**
 * Business checks left undone — the process stopped between a push's commit and its checks, or the
 * checks failed — are run when the server is ready (before it serves) and then every `intervalMs`.
 */
export const checksSweepPlugin = infra<{ intervalMs: number }>('lineside-checks-sweep', async (app, options) => {
  let running: Promise<void> | null = null;
  const sweep = (): Promise<void> => {
    running ??= sweepPendingChecks(app)
      .then((checked) => {
        if (checked > 0) app.log.warn({ checked }, 'business checks run on records a stopped server had left unchecked');
      })
      .catch((error: unknown) => app.log.error({ err: error }, 'sweep of unchecked records failed; it runs again on the next interval'))
      .finally(() => {
        running = null;
      });
    return running;
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    await sweep();
    if (options.intervalMs > 0) {
      timer = setInterval(() => void sweep(), options.intervalMs);
      timer.unref();
    }
  });
  // preClose runs before any onClose, so the database is still open while a sweep finishes.
  app.addHook('preClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
});
