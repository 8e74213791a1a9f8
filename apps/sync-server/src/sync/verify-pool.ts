import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SignedRecord } from '@lineside/sync-protocol';
import { joinChainChecks, type BatchVerifier, type ChainCheck } from './verify.js';

/** Below this many records per slice, splitting a batch costs more in messages than it saves. */
const MIN_SLICE = 32;

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

  constructor(private readonly size: number) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /**
   * One batch is split across the workers, so a kiosk draining its backlog batch after batch uses every
   * core, not one; under many kiosks the slices simply interleave in the queue.
   */
  readonly verify: BatchVerifier = async (records, publicKey) => {
    const parts = Math.max(1, Math.min(this.size, Math.floor(records.length / MIN_SLICE)));
    if (parts === 1) return this.run(records, publicKey);
    const size = Math.ceil(records.length / parts);
    const slices: SignedRecord[][] = [];
    for (let start = 0; start < records.length; start += size) slices.push(records.slice(start, start + size));
    return joinChainChecks(slices, await Promise.all(slices.map((slice) => this.run(slice, publicKey))));
  };

  private run(records: readonly SignedRecord[], publicKey: KeyObject): Promise<ChainCheck> {
    return new Promise<ChainCheck>((resolve, reject) => {
      if (this.closed) return reject(new Error('the verification pool is closed'));
      this.queue.push({ id: this.nextId++, records, publicKey, resolve, reject });
      this.dispatch();
    });
  }

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
