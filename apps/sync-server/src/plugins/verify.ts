import { verifyInProcess, type BatchVerifier } from '../sync/verify.js';
import { VerifyPool } from '../sync/verify-pool.js';
import { infra } from './infra.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Verifies a push batch's signatures: on worker threads when the app has them, else in process. */
    verifyBatch: BatchVerifier;
  }
}

/** `workers` threads verify push batches (0: on the event loop, as the tests from sources need). */
export const verifyPlugin = infra<{ workers: number }>('lineside-verify', async (app, options) => {
  if (options.workers <= 0) {
    app.decorate('verifyBatch', verifyInProcess);
    return;
  }
  const pool = new VerifyPool(options.workers);
  app.decorate('verifyBatch', pool.verify);
  app.addHook('onClose', () => pool.close());
});
