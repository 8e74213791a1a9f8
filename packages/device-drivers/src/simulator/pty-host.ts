// One end of a socat pty pair for any simulated instrument (balances, pH meters, scanners): received
// command lines and waits on them, raw writes with fragmentation, a reply delay, silence, unplug/replug.
import { SerialPort } from 'serialport';
import { LineFramer, type LineFramerOptions } from '../framing/line-framer.js';
import { PtyPair } from './pty-pair.js';

export abstract class PtyDeviceHost {
  readonly commands: string[] = [];
  private port: SerialPort | undefined;
  private readonly framer: LineFramer;
  private chunkSize: number | undefined;
  private replyDelayMs = 0;
  private noise: string | undefined;
  private silent = false;
  private work: Promise<unknown> = Promise.resolve();
  private readonly commandWaiters = new Set<(line: string) => void>();
  private closed = false;

  /** answers one command line, in order */
  protected abstract execute(line: string): Promise<void>;

  protected constructor(
    private readonly pair: PtyPair,
    framing: LineFramerOptions,
  ) {
    this.framer = new LineFramer(framing);
  }

  protected static async openOnPty<T extends PtyDeviceHost>(create: (pair: PtyPair) => T): Promise<T> {
    const pair = await PtyPair.open();
    try {
      const host = create(pair);
      await host.openPort();
      return host;
    } catch (error) {
      await pair.close();
      throw error;
    }
  }

  /** The path a driver opens. */
  get path(): string {
    return this.pair.devicePath;
  }

  get ptyPair(): PtyPair {
    return this.pair;
  }

  /** resolves when a command line matching `predicate` is received; only lines from index `from` on count (default: from now) */
  waitForCommand(predicate: (line: string) => boolean, options: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? 5000;
    const seen = this.commands.slice(options.from ?? this.commands.length).find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = (line: string): void => {
        if (!predicate(line)) return;
        clearTimeout(timer);
        this.commandWaiters.delete(waiter);
        resolve(line);
      };
      const timer = setTimeout(() => {
        this.commandWaiters.delete(waiter);
        reject(new Error(`simulator on ${this.path} received no matching command within ${timeoutMs} ms (got ${JSON.stringify(this.commands.slice(-5))})`));
      }, timeoutMs);
      this.commandWaiters.add(waiter);
    });
  }

  /** no answers at all (wrong cable, wrong baud) */
  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  setReplyDelay(ms: number): void {
    this.replyDelayMs = ms;
  }

  /** line noise (latin1) sent before every reply, e.g. NUL/0xFF after a power glitch, XON/XOFF; undefined = none */
  setNoise(bytes: string | undefined): void {
    this.noise = bytes;
  }

  /** split every write into chunks of this many bytes, each written separately */
  setFragmentation(chunkSize: number | undefined): void {
    this.chunkSize = chunkSize;
  }

  /** bytes exactly as given (latin1): noise, partial frames */
  async writeRaw(bytes: string | Uint8Array): Promise<void> {
    await this.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes));
  }

  async unplug(): Promise<void> {
    await this.pair.unplug();
    await this.closePort();
  }

  async replug(): Promise<void> {
    await this.pair.replug();
    await this.openPort();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.closePort();
    await this.pair.close();
  }

  /** false: the line is logged but not executed (silent, or a balance in printer mode) */
  protected answers(_line: string): boolean {
    return !this.silent;
  }

  /** runs as a line arrives, before it is queued (MT-SICS '@' cancels a pending stability wait) */
  protected onCommand(_line: string): void {}

  protected async replyRaw(bytes: string): Promise<void> {
    if (this.replyDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.replyDelayMs));
    await this.writeRaw((this.noise ?? '') + bytes);
  }

  private async openPort(): Promise<void> {
    const port = new SerialPort({ path: this.pair.simulatorPath, baudRate: 9600, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('error', () => undefined);
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    this.framer.reset();
    this.port = port;
  }

  private async closePort(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen === true) await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  private onData(chunk: Buffer): void {
    for (const output of this.framer.push(chunk)) {
      if (output.type !== 'line') continue;
      const line = output.text;
      this.commands.push(line);
      for (const waiter of [...this.commandWaiters]) waiter(line);
      if (!this.answers(line)) continue;
      this.onCommand(line);
      this.work = this.work.then(() => this.execute(line)).catch(() => undefined);
    }
  }

  private async write(bytes: Buffer): Promise<void> {
    const size = this.chunkSize ?? bytes.length;
    for (let offset = 0; offset < bytes.length; offset += size) {
      const port = this.port;
      if (port === undefined || !port.isOpen) return;
      const chunk = bytes.subarray(offset, offset + size);
      // An unplug mid-write never calls back: settle on close too.
      let onClose = (): void => undefined;
      await new Promise<void>((resolve) => {
        onClose = resolve;
        port.once('close', onClose);
        port.write(chunk, () => port.drain(() => resolve()));
      });
      port.off('close', onClose);
      if (this.chunkSize !== undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}
