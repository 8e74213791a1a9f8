import { createInterface } from 'node:readline';

/** Where a CLI command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** resolves on SIGINT/SIGTERM, or when whoever reads stdout has gone (EPIPE, e.g. `| head`) */
  interrupted(): Promise<void>;
  /** Calls back with each line read from stdin until the returned function is called. */
  lines?(onLine: (line: string) => void): () => void;
}

/** A usage problem: one line on stderr, exit code 2. */
export class UsageError extends Error {}

export function processIo(): CliIo {
  let stdoutGone = false;
  const interrupted = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      stdoutGone = true;
      resolve();
    });
  });
  return {
    out: (line) => {
      if (!stdoutGone) process.stdout.write(line + '\n');
    },
    err: (line) => process.stderr.write(line + '\n'),
    interrupted: () => interrupted,
    lines(onLine) {
      const reader = createInterface({ input: process.stdin, crlfDelay: Infinity, terminal: false });
      reader.on('line', onLine);
      return () => reader.close();
    },
  };
}
