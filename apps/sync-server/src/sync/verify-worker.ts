import type { KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SignedRecord } from '@lineside/sync-protocol';
import { verifyBatchHere } from './verify.js';

// The pool gives a worker one batch at a time and matches the answer to it by id.
parentPort!.on('message', (job: { id: number; records: SignedRecord[]; publicKey: KeyObject }) => {
  parentPort!.postMessage({ id: job.id, result: verifyBatchHere(job.records, job.publicKey) });
});
