// A pseudo-terminal pair from socat: one end for the simulator, one for the driver. Both ends are symlinks
// in a private temp dir, so an unplug/replug re-points the same path at new /dev/pts devices (re-enumeration).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class PtyPair {
  private process: ChildProcess | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    /** the end the simulator opens */
    readonly simulatorPath: string,
    /** the end the driver opens (a stable symlink) */
    readonly devicePath: string,
  ) {}

  static async open(): Promise<PtyPair> {
    const dir = await mkdtemp(join(tmpdir(), 'lineside-pty-'));
    const pair = new PtyPair(dir, join(dir, 'simulator'), join(dir, 'device'));
    try {
      await pair.plug();
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    return pair;
  }

  get plugged(): boolean {
    return this.process !== undefined;
  }

  /** The /dev/pts/N the device symlink points at now. */
  async deviceTarget(): Promise<string> {
    return readlink(this.devicePath);
  }

  /** Kills socat: both ends see a close with `disconnected: true`, and the symlinks disappear. */
  async unplug(): Promise<void> {
    const child = this.process;
    if (child === undefined) return;
    this.process = undefined;
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** Starts a new socat with the same symlink names (new /dev/pts numbers as the kernel hands them out). */
  async replug(): Promise<void> {
    if (this.closed) throw new Error('PtyPair.replug after close');
    if (this.process !== undefined) return;
    await this.plug();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.unplug();
    await rm(this.dir, { recursive: true, force: true });
  }

  private plug(): Promise<void> {
    const child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${this.simulatorPath}`, `pty,raw,echo=0,link=${this.devicePath}`], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    return new Promise<void>((resolve, reject) => {
      let stderr = '';
      // socat answers within milliseconds; a hung start must not hang the caller.
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        reject(new Error(`socat did not make the pty pair within 5000 ms: ${stderr.trim()}`));
      }, 5000);
      const onData = (chunk: Buffer): void => {
        stderr += chunk.toString('latin1');
        // socat prints this once both ptys exist and their links are made.
        if (stderr.includes('starting data transfer loop')) {
          clearTimeout(timer);
          child.stderr?.off('data', onData);
          child.stderr?.resume();
          child.off('exit', onExit);
          this.process = child;
          child.once('exit', () => {
            if (this.process === child) this.process = undefined;
          });
          resolve();
        }
      };
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`socat exited (code ${code}) before the pty pair was ready: ${stderr.trim()}`));
      };
      child.once('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error.code === 'ENOENT' ? new Error('socat is not installed (apt-get install socat): the simulators need it for pseudo-terminals') : error);
      });
      child.once('exit', onExit);
      child.stderr?.on('data', onData);
    });
  }
}
