/** Where a CLI command writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** resolves on SIGINT/SIGTERM, or when whoever reads stdout has gone (EPIPE, e.g. `| head`) */
  interrupted(): Promise<void>;
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
  };
}
