import { verifyInProcess, type BatchVerifier } from '../sync/verify.js';
import { VerifyPool, type VerifyPoolHealth } from '../sync/verify-pool.js';
import { infra } from './infra.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies a push batch's signatures: on worker threads when the app has them, else in process. */
    verifyBatch: BatchVerifier;
    /** How many verify threads run of how many meant (0 of 0 when verifying in process). */
    verifyHealth: () => VerifyPoolHealth;
  }
}

/** `workers` threads verify push batches (0: on the event loop, as the tests from sources need). */
export const verifyPlugin = infra<{ workers: number; workerUrl?: URL }>('lineside-verify', async (app, options) => {
  if (options.workers <= 0) {
    app.decorate('verifyBatch', verifyInProcess);
    app.decorate('verifyHealth', () => ({ size: 0, alive: 0 }));
    return;
  }
  const pool = new VerifyPool(options.workers, options.workerUrl);
  app.decorate('verifyBatch', pool.verify);
  app.decorate('verifyHealth', () => pool.health());
  app.addHook('onClose', () => pool.close());
});
