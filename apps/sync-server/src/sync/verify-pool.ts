import type { KeyObject } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { SignedRecord } from '@lineside/sync-protocol';
import { joinChainChecks, type BatchVerifier, type ChainCheck } from './verify.js';

/** Below this many records per slice, splitting a batch costs more in messages than it saves. */
const MIN_SLICE = 32;
/** A worker slot whose replacements die this many times in a row before starting is given up. */
const MAX_START_FAILURES = 3;

interface Job {
  readonly id: number;
  readonly records: readonly SignedRecord[];
  readonly publicKey: KeyObject;
  readonly resolve: (result: ChainCheck) => void;
  readonly reject: (error: Error) => void;
}

type WorkerMessage = { ready: true } | { id: number; result: ChainCheck } | { id: number | null; error: string };

export interface VerifyPoolHealth {
  /** Worker threads the pool is meant to have. */
  readonly size: number;
  /** Worker threads running now. */
  readonly alive: number;
}

/**
 * A few worker threads that verify push batches, so Ed25519 verification uses more than the one
 * core the event loop runs on. Needs the compiled worker (dist/sync/verify-worker.js), or `workerUrl`.
 * A worker that dies is replaced and its batch refused (never left waiting); a slot whose workers die
 * before they start is given up, and health() then says so.
 */
export class VerifyPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Job>();
  private readonly alive = new Set<Worker>();
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly size: number,
    private readonly workerUrl: URL = new URL('./verify-worker.js', import.meta.url),
  ) {
    for (let i = 0; i < size; i++) this.spawn(0);
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

  health(): VerifyPoolHealth {
    return { size: this.size, alive: this.closed ? 0 : this.alive.size };
  }

  private run(records: readonly SignedRecord[], publicKey: KeyObject): Promise<ChainCheck> {
    return new Promise<ChainCheck>((resolve, reject) => {
      if (this.closed) return reject(new Error('the verification pool is closed'));
      if (this.alive.size === 0) return reject(new Error('no verify worker is running'));
      this.queue.push({ id: this.nextId++, records, publicKey, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const workers = [...this.alive];
    this.idle.length = 0;
    for (const job of this.queue.splice(0)) job.reject(new Error('the verification pool closed before the batch was verified'));
    for (const job of this.busy.values()) job.reject(new Error('the verification pool closed before the batch was verified'));
    this.busy.clear();
    await Promise.all(workers.map((w) => w.terminate()));
  }

  /** `startFailures`: how many workers of this slot died in a row before they were ready. */
  private spawn(startFailures: number): void {
    const worker = new Worker(this.workerUrl);
    let started = false;
    let failure: Error | undefined;
    this.alive.add(worker);
    worker.on('message', (message: WorkerMessage) => {
      if ('ready' in message) {
        started = true;
        this.idle.push(worker);
        this.dispatch();
        return;
      }
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      this.idle.push(worker);
      if (job && 'error' in message) job.reject(new Error(message.error));
      else if (job && 'result' in message && job.id === message.id) job.resolve(message.result);
      this.dispatch();
    });
    // A crashed worker is a bug: its batch is refused (nothing stored) when it exits, and it is replaced.
    worker.on('error', (error) => {
      failure = error;
    });
    worker.on('exit', (code) => {
      this.alive.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
      const job = this.busy.get(worker);
      this.busy.delete(worker);
      job?.reject(failure ?? new Error(`the verify worker exited with code ${code} before answering`));
      if (this.closed) return;
      const failures = started ? 0 : startFailures + 1;
      if (failures < MAX_START_FAILURES) this.spawn(failures);
      else if (this.alive.size === 0) for (const waiting of this.queue.splice(0)) waiting.reject(new Error('no verify worker is running'));
      this.dispatch();
    });
    worker.unref();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const job = this.queue.shift()!;
      this.busy.set(worker, job);
      try {
        worker.postMessage({ id: job.id, records: job.records, publicKey: job.publicKey });
      } catch (error) {
        // The batch could not be copied to the thread (e.g. too deep to clone): refuse it, keep the worker.
        this.busy.delete(worker);
        this.idle.push(worker);
        job.reject(error as Error);
      }
    }
  }
}
