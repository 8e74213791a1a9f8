import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SignedRecord } from '@lineside/sync-protocol';
import type { BatchVerifier, ChainCheck } from './verify.js';

interface Job {
  readonly id: number;
  readonly records: readonly SignedRecord[];
  readonly publicKey: KeyObject;
  readonly resolve: (result: ChainCheck) => void;
  readonly reject: (error: Error) => void;
}

/**
 * A few worker threads that verify push batches, so Ed25519 verification uses more than the one
 * core the event loop runs on. Needs the compiled worker (dist/sync/verify-worker.js).
 */
export class VerifyPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  readonly verify: BatchVerifier = (records, publicKey) =>
    new Promise<ChainCheck>((resolve, reject) => {
      if (this.closed) return reject(new Error('the verification pool is closed'));
      this.queue.push({ id: this.nextId++, records, publicKey, resolve, reject });
      this.dispatch();
    });

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.idle, ...this.busy.keys()];
    this.idle.length = 0;
    for (const job of this.queue.splice(0)) job.reject(new Error('the verification pool closed before the batch was verified'));
    await Promise.all(workers.map((w) => w.terminate()));
  }

  private spawn(): Worker {
    const worker = new Worker(new URL('./verify-worker.js', import.meta.url));
    worker.on('message', (message: { id: number; result: ChainCheck }) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job && job.id === message.id) job.resolve(message.result);
      this.dispatch();
    });
    // A crashed worker is a bug: fail its batch (500, nothing stored) and replace it.
    worker.on('error', (error) => {
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      job?.reject(error);
      if (!this.closed) {
        this.idle.push(this.spawn());
        this.dispatch();
      }
    });
    worker.unref();
    return worker;
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      worker.postMessage({ id: job.id, records: job.records, publicKey: job.publicKey });
    }
  }
}
