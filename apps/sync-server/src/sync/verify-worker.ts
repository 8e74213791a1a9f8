import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignedRecord } from '@lineside/sync-protocol';
import { verifyBatchHere } from './verify.js';

// The pool gives a worker one batch at a time and matches the answer to it by id; a batch this thread
// cannot read or verify is answered with an error, so the pool never waits for an answer that cannot come.
parentPort!.on('message', (job: { id: number; records: SignedRecord[]; publicKey: KeyObject }) => {
  try {
    parentPort!.postMessage({ id: job.id, result: verifyBatchHere(job.records, job.publicKey) });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: `the verify worker failed on the batch: ${(error as Error).message}` });
  }
});
parentPort!.on('messageerror', (error) => {
  parentPort!.postMessage({ id: null, error: `the verify worker could not read the batch: ${error.message}` });
});
parentPort!.postMessage({ ready: true });
