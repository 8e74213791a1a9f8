// How the printer driver reaches a printer: a raw TCP socket (port 9100, "JetDirect") or a serial port.
import { Socket } from 'node:net';
import { SerialTransport } from '../transport/serial.js';

export type ConnectionFailure = { ok: false; code: string; message: string };

export interface PrinterConnection {
  readonly where: string;
  open(): Promise<{ ok: true } | ConnectionFailure>;
  write(bytes: string): Promise<{ ok: true } | ConnectionFailure>;
  onData(listener: (chunk: Buffer) => void): void;
  /** called once when the link goes away (not when we close it) */
  onClose(listener: (message: string) => void): void;
  close(): Promise<void>;
}

export class TcpPrinterConnection implements PrinterConnection {
  readonly where: string;
  private socket: Socket | undefined;
  private dataListener: ((chunk: Buffer) => void) | undefined;
  private closeListener: ((message: string) => void) | undefined;
  private closing = false;

  constructor(
    private readonly host: string,
    private readonly port = 9100,
    private readonly connectTimeoutMs = 3000,
  ) {
    this.where = `tcp://${host}:${port}`;
  }

  open(): Promise<{ ok: true } | ConnectionFailure> {
    return new Promise((resolve) => {
      const socket = new Socket();
      const fail = (message: string) => {
        socket.destroy();
        resolve({
          ok: false,
          code: 'printer-unreachable',
          message: `printer at ${this.where} cannot be reached: ${message}`,
        });
      };
      socket.setTimeout(this.connectTimeoutMs, () => fail(`no answer within ${this.connectTimeoutMs} ms`));
      socket.once('error', (error) => fail(error.message));
      socket.connect(this.port, this.host, () => {
        socket.setTimeout(0);
        socket.removeAllListeners('error');
        socket.setKeepAlive(true, 5000);
        socket.on('data', (chunk) => this.dataListener?.(chunk));
        socket.on('error', () => undefined);
        socket.once('close', () => {
          if (this.socket === socket) this.socket = undefined;
          if (!this.closing) this.closeListener?.(`printer at ${this.where} closed the connection`);
        });
        this.socket = socket;
        resolve({ ok: true });
      });
    });
  }

  write(bytes: string): Promise<{ ok: true } | ConnectionFailure> {
    const socket = this.socket;
    if (!socket || socket.destroyed)
      return Promise.resolve({
        ok: false,
        code: 'not-connected',
        message: `printer at ${this.where} is not connected`,
      });
    return new Promise((resolve) =>
      socket.write(bytes, 'utf8', (error) =>
        resolve(
          error
            ? {
                ok: false,
                code: 'write-failed',
                message: `sending to ${this.where} failed: ${error.message}`,
              }
            : { ok: true },
        ),
      ),
    );
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.dataListener = listener;
  }
  onClose(listener: (message: string) => void): void {
    this.closeListener = listener;
  }

  async close(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }
}

export class SerialPrinterConnection implements PrinterConnection {
  readonly where: string;
  private readonly transport: SerialTransport;
  private closing = false;

  constructor(path: string, baudRate = 9600) {
    this.where = path;
    this.transport = new SerialTransport({ path, baudRate });
  }

  async open(): Promise<{ ok: true } | ConnectionFailure> {
    return this.transport.open();
  }
  async write(bytes: string): Promise<{ ok: true } | ConnectionFailure> {
    return this.transport.write(bytes);
  }
  onData(listener: (chunk: Buffer) => void): void {
    this.transport.on('data', listener);
  }
  onClose(listener: (message: string) => void): void {
    this.transport.on('close', (info) => {
      if (!this.closing) listener(info.message);
    });
  }
  async close(): Promise<void> {
    this.closing = true;
    await this.transport.close();
  }
}
