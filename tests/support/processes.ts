import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

/** A child process whose output lines can be awaited; killed (whole group) by stop() or cleanup(). */
export interface Started {
  readonly child: ChildProcess;
  readonly output: string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

const running = new Set<Started>();

/** A developer's DATABASE_URL must not send a test's server to their database: only an explicit one counts. */
function childEnv(extra: NodeJS.ProcessEnv | undefined): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return { ...inherited, ...extra };
}

export function startProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; name: string }): Started {
  const child = spawn(command, args, {
    cwd: options.cwd ?? repoRoot,
    env: childEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const output: string[] = [];
  const waiters = new Set<{ pattern: RegExp; resolve: (m: RegExpMatchArray) => void }>();
  let exited: number | null | undefined;
  const exitWaiters: Array<(code: number | null) => void> = [];
  const onLine = (line: string) => {
    output.push(line);
    if (process.env.LINESIDE_TEST_ECHO) process.stderr.write(`[${options.name}] ${line}\n`);
    for (const waiter of waiters) {
      const match = waiter.pattern.exec(line);
      if (match) {
        waiters.delete(waiter);
        waiter.resolve(match);
      }
    }
  };
  for (const stream of [child.stdout, child.stderr]) {
    let buffer = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffer += chunk;
      let index: number;
      while ((index = buffer.indexOf('\n')) >= 0) {
        onLine(buffer.slice(0, index).replace(/\r$/, ''));
        buffer = buffer.slice(index + 1);
      }
    });
  }
  child.on('exit', (code, signal) => {
    exited = code ?? (signal ? null : 0);
    for (const resolve of exitWaiters.splice(0)) resolve(exited);
    running.delete(started);
  });

  const started: Started = {
    child,
    output,
    waitForLine(pattern, timeoutMs = 20_000) {
      for (const line of output) {
        const match = pattern.exec(line);
        if (match) return Promise.resolve(match);
      }
      return new Promise((resolve, reject) => {
        const waiter = { pattern, resolve: (m: RegExpMatchArray) => { clearTimeout(timer); resolve(m); } };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`${options.name}: no line matching ${pattern} within ${timeoutMs} ms; output so far:\n${output.join('\n')}`));
        }, timeoutMs);
        waiters.add(waiter);
        child.once('exit', (code) => {
          if (waiters.delete(waiter)) {
            clearTimeout(timer);
            reject(new Error(`${options.name} exited (${code}) before printing ${pattern}; output:\n${output.join('\n')}`));
          }
        });
      });
    },
    stop(signal = 'SIGTERM', timeoutMs = 10_000) {
      if (exited !== undefined) return Promise.resolve(exited);
      return new Promise((resolve) => {
        exitWaiters.push(resolve);
        killGroup(child, signal);
        const timer = setTimeout(() => killGroup(child, 'SIGKILL'), timeoutMs);
        timer.unref();
      });
    },
  };
  running.add(started);
  return started;
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals) {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}

/** Kills every process this test file started that is still running. Call from afterEach/afterAll. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop('SIGKILL', 2000)));
}

const tempDirs: string[] = [];
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lineside-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
