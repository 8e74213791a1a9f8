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

/** Exit codes of lineside-devices; the table is in the package README. */
export const EXIT = {
  ok: 0,
  /** the device gave no good reading in time, a simulator could not start, GS1 data is invalid */
  failed: 1,
  usage: 2,
  /** the instrument is not the one expected (its serial number differs): readings refused */
  wrongInstrument: 3,
  /** a bug in lineside-devices */
  internal: 70,
} as const;

/** A usage problem: one line on stderr, exit code 2. */
export class UsageError extends Error {}

/**
 * node:util parseArgs takes '-1.2' after '--mv' for another flag ("ambiguous"); a negative number
 * after a flag that takes a value is that flag's value, so join the two as '--mv=-1.2'.
 */
export function joinNegativeValues(args: readonly string[], valueFlags: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (valueFlags.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

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
