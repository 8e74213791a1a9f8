// A simulated Zebra-type label printer: accepts ZPL and keeps every format it prints (decoded with
// readZpl), answers ~HS, and can be out of paper, paused, or offline. It listens on a TCP port (like
// port 9100 of a real printer) and/or on one end of a socat pty pair (a serial printer).
import { createServer, type Server, type Socket } from 'node:net';
import { SerialPort } from 'serialport';
import { readZpl, type ZplFormat } from '../label/zpl-read.js';
import { PtyPair } from '../simulator/pty-pair.js';
import { formatHostStatus } from './host-status.js';

export interface PrintedLabel extends ZplFormat {
  readonly at: string;
}

/** The printer's state and what it received; transports feed bytes in and send what it answers. */
export class ZplPrinterModel {
  readonly printed: PrintedLabel[] = [];
  /** formats received while out of paper or paused: printed when the printer can print again */
  readonly held: ZplFormat[] = [];
  paperOut = false;
  paused = false;
  headUp = false;
  private pending = '';
  private readonly waiters = new Set<() => void>();

  /** Bytes from the host; returns what the printer answers (the ~HS reply), possibly ''. */
  receive(text: string): string {
    let reply = '';
    this.pending += text;
    // ~HS is an immediate command: answered wherever it is, even while paused.
    this.pending = this.pending.replace(/~HS/g, () => {
      reply += formatHostStatus({
        paperOut: this.paperOut,
        paused: this.paused,
        headUp: this.headUp,
        ribbonOut: false,
        bufferFull: false,
        formatsInBuffer: this.held.length,
        labelsRemaining: this.held.length,
      });
      return '';
    });
    const end = this.pending.lastIndexOf('^XZ');
    if (end >= 0) {
      const complete = this.pending.slice(0, end + 3);
      this.pending = this.pending.slice(end + 3);
      this.held.push(...readZpl(complete));
      this.flush();
    }
    if (this.pending.length > 1_000_000) this.pending = '';
    return reply;
  }

  setPaperOut(out: boolean): void {
    this.paperOut = out;
    this.flush();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    this.flush();
  }

  /** Resolves once `count` labels have been printed in all. */
  waitForPrinted(count: number, timeoutMs = 5000): Promise<PrintedLabel[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.printed.length < count) return false;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(this.printed.slice());
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(
          new Error(
            `printer simulator: ${this.printed.length} labels printed, ${count} awaited within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.add(check);
    });
  }

  private flush(): void {
    if (this.paperOut || this.paused || this.headUp) return;
    for (const format of this.held.splice(0)) this.printed.push({ ...format, at: new Date().toISOString() });
    for (const waiter of [...this.waiters]) waiter();
  }
}

/** The printer on a TCP port of 127.0.0.1; offline closes the port and every connection. */
export class ZplPrinterTcpSimulator {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly model: ZplPrinterModel,
    private portNumber: number,
  ) {}

  static async start(
    options: { port?: number; model?: ZplPrinterModel } = {},
  ): Promise<ZplPrinterTcpSimulator> {
    const sim = new ZplPrinterTcpSimulator(options.model ?? new ZplPrinterModel(), options.port ?? 0);
    await sim.listen();
    return sim;
  }

  get port(): number {
    return this.portNumber;
  }

  get online(): boolean {
    return this.server !== undefined;
  }

  private listen(): Promise<void> {
    const server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on('data', (chunk) => {
        const reply = this.model.receive(chunk.toString('utf8'));
        if (reply !== '') socket.write(reply, 'latin1');
      });
      socket.on('error', () => undefined);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.portNumber, '127.0.0.1', () => {
        server.off('error', reject);
        this.portNumber = (server.address() as { port: number }).port;
        this.server = server;
        resolve();
      });
    });
  }

  /** Offline: the port stops listening and open connections are cut (power off, cable pulled). */
  async setOffline(offline: boolean): Promise<void> {
    if (offline && this.server) {
      const server = this.server;
      this.server = undefined;
      for (const socket of this.sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    } else if (!offline && !this.server) {
      await this.listen();
    }
  }

  async close(): Promise<void> {
    await this.setOffline(true);
  }
}

/** The printer on a pty: offline unplugs the pty pair (the driver's port closes), online plugs it back. */
export class ZplPrinterPtySimulator {
  private port: SerialPort | undefined;

  private constructor(
    readonly model: ZplPrinterModel,
    private readonly pair: PtyPair,
  ) {}

  static async start(options: { model?: ZplPrinterModel } = {}): Promise<ZplPrinterPtySimulator> {
    const pair = await PtyPair.open();
    const sim = new ZplPrinterPtySimulator(options.model ?? new ZplPrinterModel(), pair);
    try {
      await sim.openPort();
    } catch (error) {
      await pair.close();
      throw error;
    }
    return sim;
  }

  /** The path a driver opens. */
  get path(): string {
    return this.pair.devicePath;
  }

  private async openPort(): Promise<void> {
    const port = new SerialPort({
      path: this.pair.simulatorPath,
      baudRate: 9600,
      autoOpen: false,
      lock: false,
    });
    await new Promise<void>((resolve, reject) => port.open((error) => (error ? reject(error) : resolve())));
    port.on('data', (chunk: Buffer) => {
      const reply = this.model.receive(chunk.toString('utf8'));
      if (reply !== '') port.write(Buffer.from(reply, 'latin1'));
    });
    port.on('error', () => undefined);
    this.port = port;
  }

  async setOffline(offline: boolean): Promise<void> {
    if (offline) {
      const port = this.port;
      this.port = undefined;
      await this.pair.unplug();
      if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    } else if (!this.pair.plugged) {
      await this.pair.replug();
      await this.openPort();
    }
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = undefined;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    await this.pair.close();
  }
}
