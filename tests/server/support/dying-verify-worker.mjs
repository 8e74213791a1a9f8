// A push-verification worker that dies on demand, for tests of the pool: a record whose masterRefs.die is
// "die-exit" ends the thread, "die-throw" throws uncaught; while the file named by
// LINESIDE_TEST_BROKEN_WORKERS exists, a new worker dies before it starts. Otherwise it is the real worker.
import { existsSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
// By relative path: a worker started from vitest inherits its `source` condition, under which the package
// names resolve to TypeScript that plain Node cannot load.
import { verifyChain } from '../../../packages/sync-protocol/dist/node/records.js';

const verifyBatchHere = (records, publicKey) => verifyChain(records, publicKey, { seq: records[0].seq - 1, hash: records[0].prevHash });

const broken = process.env.LINESIDE_TEST_BROKEN_WORKERS;
if (broken && existsSync(broken)) process.exit(7);

parentPort.on('message', (job) => {
  const order = job.records.map((r) => r.masterRefs?.die).find((v) => v === 'die-exit' || v === 'die-throw');
  if (order === 'die-exit') process.exit(1);
  if (order === 'die-throw') throw new RangeError('Maximum call stack size exceeded (simulated)');
  parentPort.postMessage({ id: job.id, result: verifyBatchHere(job.records, job.publicKey) });
});
parentPort.postMessage({ ready: true });
