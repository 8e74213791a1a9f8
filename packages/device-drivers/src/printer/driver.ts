// A ZPL label printer: connect (TCP 9100 or serial), ask ~HS before each label so out of paper, paused or
// head open is said before anything is sent, send the format, and reconnect with backoff when the link
// goes away. One request at a time, like every other instrument driver here.
import { backoffDelay } from '../driver/backoff.js';
import { EventHub } from '../driver/event-hub.js';
import type { DeviceEvent, Failure } from '../events.js';
import type { PrinterConnection } from './connection.js';
import { ETX, parseHostStatus, printerNotReady, STX, type PrinterHostStatus } from './host-status.js';

export type PrinterFailure = Failure & { code: string };

export interface ZplPrinterDriverOptions {
  deviceId: string;
  /** a new connection for each attempt (TcpPrinterConnection or SerialPrinterConnection) */
  connect: () => PrinterConnection;
  /** answer time allowed for ~HS (default 2000 ms) */
  statusTimeoutMs?: number;
  reconnect?: { initialMs?: number; maxMs?: number };
  now?: () => Date;
}

export type PrinterPhase = 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed';

export class ZplPrinterDriver {
  readonly deviceId: string;
  private phase: PrinterPhase = 'idle';
  private connection: PrinterConnection | undefined;
  private where = '';
  private readonly hub = new EventHub();
  private chain: Promise<unknown> = Promise.resolve();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private buffer = '';
  private statusWaiter: ((strings: string[]) => void) | undefined;
  private lastStatus: PrinterHostStatus | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ZplPrinterDriverOptions) {
    this.deviceId = options.deviceId;
    this.now = options.now ?? (() => new Date());
  }

  on(listener: (event: DeviceEvent) => void): () => void {
    return this.hub.on(listener);
  }

  get state(): PrinterPhase {
    return this.phase;
  }

  /** The last ~HS answer, undefined before the first or while disconnected. */
  get status(): PrinterHostStatus | undefined {
    return this.lastStatus;
  }

  async start(): Promise<void> {
    if (this.phase !== 'idle') return;
    await this.connect();
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    clearTimeout(this.reconnectTimer);
    this.statusWaiter?.([]);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    this.emitStatus('closed', `closed printer ${this.deviceId}`);
  }

  private async connect(): Promise<void> {
    this.phase = 'connecting';
    const connection = this.options.connect();
    this.where = connection.where;
    this.emitStatus('connecting', `connecting to printer at ${connection.where}`);
    const opened = await connection.open();
    if ((this.phase as PrinterPhase) === 'closed') {
      await connection.close();
      return;
    }
    if (!opened.ok) {
      this.emitError(opened.code, opened.message);
      this.scheduleReconnect();
      return;
    }
    this.connection = connection;
    this.buffer = '';
    connection.onData((chunk) => this.onData(chunk.toString('latin1')));
    connection.onClose((message) => {
      if (this.connection !== connection || this.phase === 'closed') return;
      this.connection = undefined;
      this.lastStatus = undefined;
      this.statusWaiter?.([]);
      this.emitStatus('disconnected', message);
      this.scheduleReconnect();
    });
    this.attempt = 0;
    this.phase = 'ready';
    this.emitStatus('connected', `printer ready at ${connection.where}`);
  }

  private scheduleReconnect(): void {
    if (this.phase === 'closed') return;
    this.phase = 'reconnecting';
    const delay = backoffDelay(this.attempt++, this.options.reconnect);
    this.emitStatus(
      'reconnecting',
      `reconnecting to printer at ${this.where} in ${delay} ms (attempt ${this.attempt})`,
    );
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = setTimeout(() => {
      if (this.phase === 'reconnecting') void this.connect();
    }, delay);
  }

  private onData(text: string): void {
    this.buffer += text;
    // Only ~HS answers come back: three STX…ETX strings.
    const strings = [...this.buffer.matchAll(new RegExp(`${STX}([^${ETX}]*)${ETX}`, 'g'))].map(
      (m) => m[1] ?? '',
    );
    if (strings.length >= 3 && this.statusWaiter) {
      const waiter = this.statusWaiter;
      this.statusWaiter = undefined;
      this.buffer = '';
      waiter(strings.slice(0, 3));
    } else if (this.buffer.length > 4096) {
      this.buffer = '';
    }
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const result = this.chain.then(task);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private notConnected(): PrinterFailure {
    return {
      ok: false,
      code: 'printer-offline',
      message: `printer ${this.deviceId} at ${this.where || 'its address'} is offline (${this.phase})`,
    };
  }

  private queryStatus(): Promise<{ ok: true; status: PrinterHostStatus } | PrinterFailure> {
    const connection = this.connection;
    if (!connection || this.phase !== 'ready') return Promise.resolve(this.notConnected());
    const timeoutMs = this.options.statusTimeoutMs ?? 2000;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.statusWaiter = undefined;
        resolve({
          ok: false,
          code: 'printer-no-reply',
          message: `printer ${this.deviceId} at ${this.where} did not answer ~HS within ${timeoutMs} ms`,
        });
      }, timeoutMs);
      this.buffer = '';
      this.statusWaiter = (strings) => {
        clearTimeout(timer);
        if (strings.length === 0) return resolve(this.notConnected());
        const parsed = parseHostStatus(strings);
        if (!parsed.ok)
          return resolve({
            ok: false,
            code: parsed.code,
            message: `printer ${this.deviceId}: ${parsed.message}`,
          });
        this.lastStatus = parsed.value;
        resolve({ ok: true, status: parsed.value });
      };
      void connection.write('~HS\r\n').then((written) => {
        if (written.ok) return;
        clearTimeout(timer);
        this.statusWaiter = undefined;
        resolve(written);
      });
    });
  }

  /** Asks the printer for its host status. */
  hostStatus(): Promise<{ ok: true; status: PrinterHostStatus } | PrinterFailure> {
    return this.serial(() => this.queryStatus());
  }

  /** Sends one ZPL format after ~HS says the printer can print; a refusal says why in the operator's words. */
  print(zpl: string): Promise<{ ok: true; status: PrinterHostStatus } | PrinterFailure> {
    return this.serial(async () => {
      const before = await this.queryStatus();
      if (!before.ok) return before;
      const notReady = printerNotReady(before.status);
      if (notReady)
        return {
          ok: false,
          code: `printer-${notReady.code}`,
          message: `Printer ${this.deviceId}: ${notReady.message}`,
        };
      const connection = this.connection;
      if (!connection) return this.notConnected();
      const sent = await connection.write(zpl);
      if (!sent.ok)
        return { ok: false, code: 'printer-offline', message: `Printer ${this.deviceId}: ${sent.message}` };
      return { ok: true, status: before.status };
    });
  }

  private emitStatus(
    state: 'connecting' | 'connected' | 'disconnected' | 'reconnecting' | 'closed',
    message: string,
  ): void {
    this.hub.emit({
      kind: 'status',
      deviceId: this.deviceId,
      at: this.now().toISOString(),
      raw: '',
      state,
      message,
    });
  }

  private emitError(code: string, message: string): void {
    this.hub.emit({
      kind: 'error',
      deviceId: this.deviceId,
      at: this.now().toISOString(),
      raw: '',
      code,
      message,
    });
  }
}
