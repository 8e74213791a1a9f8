// What every framed serial instrument driver shares (balances, pH meters): open/identify/read lifecycle,
// one outstanding request with a timeout, reconnect with backoff, the serial-number guard, and events.
// A protocol subclass says how frames parse, how to identify, how to poll and what answers a request.
import type { SerialOptions } from '../balance.js';
import type { DeviceEvent, ErrorEvent, Failure, IdentityEvent, PhEvent, ScanEvent, StatusEvent, WeightEvent } from '../events.js';
import type { FramerOutput } from '../framing/line-framer.js';
import { SerialTransport } from '../transport/serial.js';
import { backoffDelay } from './backoff.js';
import { EventHub } from './event-hub.js';

export type Phase = 'idle' | 'connecting' | 'identifying' | 'ready' | 'reconnecting' | 'refused' | 'closed';
export type RangeState = 'in-range' | 'overload' | 'underload' | 'busy';

/** A parsed line with the bytes it came from and when it was completed. */
export interface Frame<P> {
  parsed: P;
  raw: string;
  at: string;
}
export type RequestResult<P> = ({ ok: true } & Frame<P>) | Failure;

/** How a pending request treats an incoming line. */
export type Verdict = 'answer' | 'more' | 'resend' | 'not-mine';

interface Pending<P> {
  label: string;
  bytes: string | Uint8Array;
  timeoutMs: number;
  timer: NodeJS.Timeout | undefined;
  accept: (frame: Frame<P>) => Verdict;
  resolve: (result: RequestResult<P>) => void;
}

export type IdentityFields = Omit<IdentityEvent, 'kind' | 'deviceId'>;

/** Bytes in, frames out; LineFramer is one, the Orion prompt and Hanna STX/ETX adapters are others. */
export interface ChunkFramer {
  push(chunk: Uint8Array): FramerOutput[];
  reset(): void;
  /** ms until bytes held for an unfinished frame time out; undefined when none are held or there is no timeout */
  idleMs?(): number | undefined;
  /** what the framer gives up on once idleMs() has passed (e.g. an interrupted scan) */
  expire?(): FramerOutput[];
}

export interface SerialDriverOptions extends SerialOptions {
  deviceId: string;
  /** polling period (default 100 ms) */
  pollIntervalMs?: number;
  now?: () => Date;
  /** the serial number the equipment register expects; a different instrument is refused */
  expectedSerialNumber?: string;
  /** answer time allowed for immediate commands (default 1000 ms) */
  commandTimeoutMs?: number;
  /** answer time allowed for commands that wait for stability (default 10000 ms) */
  stabilityTimeoutMs?: number;
  /** reconnect backoff: first delay and ceiling (defaults 250 ms and 10 s), with ±20% jitter */
  reconnect?: { initialMs?: number; maxMs?: number };
}

export abstract class SerialDeviceDriver<P, R extends WeightEvent | PhEvent | ScanEvent> {
  readonly deviceId: string;
  protected readonly path: string;
  protected readonly pollIntervalMs: number;
  protected readonly commandTimeoutMs: number;
  protected readonly stabilityTimeoutMs: number;
  protected readonly now: () => Date;
  protected phase: Phase = 'idle';
  /** bumped on every (re)connect and on close, so loops and timers of an old connection stop */
  protected generation = 0;
  private readonly hub = new EventHub();
  private transport: SerialTransport | undefined;
  private pending: Pending<P> | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  /** fires when the framer's held bytes time out (a scan that stopped mid-label) */
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly sleepers = new Set<() => void>();
  private serialNumber: string | undefined;
  /** 'in-range', a RangeState, or 'fault:<code>' while the instrument reports an error instead of a reading */
  private condition: string = 'in-range';
  private latestReading: R | undefined;
  private firstAttempt: Promise<void> | undefined;

  protected abstract readonly protocolName: string;
  /** 'balance', 'pH meter': how messages name the instrument */
  protected abstract readonly deviceNoun: string;
  /** one line -> typed, or a syntax failure reported as an error event */
  protected abstract parseLine(raw: string): { ok: true; value: P } | Failure;
  /** runs right after the port opened and was flushed; undefined = failed (already reported) */
  protected abstract identify(generation: number): Promise<IdentityFields | undefined>;
  /** one read of the weight, inside run() */
  protected abstract pollOnce(): Promise<void>;
  /** a line that answers no pending request: autoprint, print key, a stream */
  protected abstract onUnsolicited(frame: Frame<P>): void;

  constructor(
    protected readonly options: SerialDriverOptions,
    private readonly framer: ChunkFramer,
  ) {
    this.deviceId = options.deviceId;
    this.path = options.path;
    this.now = options.now ?? (() => new Date());
    this.pollIntervalMs = options.pollIntervalMs ?? 100;
    this.commandTimeoutMs = options.commandTimeoutMs ?? 1000;
    this.stabilityTimeoutMs = options.stabilityTimeoutMs ?? 10_000;
    this.serialNumber = options.expectedSerialNumber;
  }

  on(listener: (event: DeviceEvent) => void): () => void {
    return this.hub.on(listener);
  }

  /** The last reading, or undefined once it can no longer be trusted as current (disconnected, overload, busy, closed). */
  latest(): R | undefined {
    return this.latestReading;
  }

  start(): Promise<void> {
    if (this.firstAttempt === undefined) {
      if (this.phase === 'closed') return Promise.resolve();
      this.firstAttempt = this.connect();
    }
    return this.firstAttempt;
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.generation++;
    this.latestReading = undefined;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.idleTimer);
    this.wakeSleepers();
    this.settlePending({ ok: false, code: 'closed', message: `driver for ${this.where()} was closed` });
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
    this.emitStatus('closed', `closed ${this.where()}`);
  }

  // ---- lifecycle ----

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.phase = 'connecting';
    this.emitStatus('connecting', `opening ${this.path}`);
    const transport = new SerialTransport(this.options);
    const opened = await transport.open();
    if (generation !== this.generation) {
      await transport.close();
      return;
    }
    if (!opened.ok) {
      this.emitError(opened.code, opened.message);
      this.scheduleReconnect();
      return;
    }
    this.transport = transport;
    transport.on('data', (chunk) => this.onData(chunk, generation));
    transport.on('close', (info) => this.onTransportClosed(info, generation));
    // Bytes that waited in the port (a stream from a previous session) are stale.
    await transport.flush();
    clearTimeout(this.idleTimer);
    this.framer.reset();
    this.phase = 'identifying';
    const identity = await this.identify(generation);
    if (generation !== this.generation || identity === undefined) return;
    const serialNumber = identity.serialNumber;
    // A serial scanner says nothing about itself: no identity event rather than an empty one.
    if (identity.model !== undefined || serialNumber !== undefined || identity.firmware !== undefined) this.emit({ kind: 'identity', deviceId: this.deviceId, ...identity });
    this.attempt = 0;
    this.phase = 'ready';
    this.condition = 'in-range';
    this.emitStatus('connected', `${this.protocolName} ${this.deviceNoun}${serialNumber !== undefined ? ` ${serialNumber}` : ''} ready on ${this.path}`);
    void this.readLoop(generation);
  }

  /**
   * Called by identify() as soon as the instrument told its serial number: a different one than the one
   * registered (or seen before) is refused and reading stops. Returns false when refused.
   */
  protected async acceptSerialNumber(serialNumber: string, frame: { raw: string; at: string }): Promise<boolean> {
    if (this.serialNumber === undefined || serialNumber === this.serialNumber) {
      this.serialNumber = serialNumber;
      return true;
    }
    await this.refuse(serialNumber, frame.raw, frame.at);
    return false;
  }

  private async refuse(serialNumber: string, raw: string, at: string): Promise<void> {
    this.phase = 'refused';
    this.latestReading = undefined;
    this.emitError(
      'serial-number-changed',
      `${this.deviceNoun} on ${this.path} reports serial number ${JSON.stringify(serialNumber)} but device ${this.deviceId} is ${JSON.stringify(this.serialNumber)}; readings refused until the ${this.deviceNoun} is re-registered`,
      raw,
      at,
    );
    this.generation++;
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
    this.emitStatus('disconnected', `stopped reading ${this.path}: a different ${this.deviceNoun} (serial number ${serialNumber}) is connected`);
  }

  private onTransportClosed(info: { disconnected: boolean; message: string }, generation: number): void {
    if (generation !== this.generation || this.phase === 'closed' || this.phase === 'refused') return;
    this.generation++;
    this.latestReading = undefined;
    this.transport = undefined;
    this.wakeSleepers();
    this.settlePending({ ok: false, code: 'disconnected', message: info.message });
    this.emitStatus('disconnected', info.message);
    this.scheduleReconnect();
  }

  /** Closes a connection that does not answer, then retries it with backoff. */
  protected async dropConnection(generation: number): Promise<void> {
    if (generation !== this.generation) return;
    this.generation++;
    this.latestReading = undefined;
    this.wakeSleepers();
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.phase === 'closed' || this.phase === 'refused') return;
    this.phase = 'reconnecting';
    const delay = backoffDelay(this.attempt++, this.options.reconnect);
    this.emitStatus('reconnecting', `reconnecting to ${this.path} in ${delay} ms (attempt ${this.attempt})`);
    this.reconnectTimer = setTimeout(() => {
      if (this.phase === 'reconnecting') void this.connect();
    }, delay);
  }

  protected async beforeReadLoop(): Promise<void> {}
  /** false while the instrument streams by itself (no need to ask) */
  protected polling(): boolean {
    return true;
  }

  private async readLoop(generation: number): Promise<void> {
    await this.beforeReadLoop();
    while (generation === this.generation && this.phase === 'ready') {
      if (this.polling()) await this.run(() => this.pollOnce());
      await this.sleep(this.pollIntervalMs, generation);
    }
  }

  // ---- requests ----

  /** Hooks around every task run(): e.g. resync after a timeout, stop and restart a stream. */
  protected async beforeTask(): Promise<Failure | undefined> {
    return undefined;
  }
  protected async afterTask(): Promise<void> {}

  /** Serialises work: strictly one outstanding request, in call order. */
  protected run<T>(task: () => Promise<T | Failure>): Promise<T | Failure> {
    const result = this.chain.then(async (): Promise<T | Failure> => {
      if (this.phase !== 'ready') return this.fail('not-connected', `${this.where()} is not connected (${this.phase})`);
      const refused = await this.beforeTask();
      if (refused !== undefined) return refused;
      try {
        return await task();
      } finally {
        await this.afterTask();
      }
    });
    this.chain = result.catch(() => undefined);
    return result;
  }

  /** Sends bytes and waits for the line `accept` calls its answer; 'resend' sends the same bytes again. */
  protected request(label: string, bytes: string | Uint8Array, timeoutMs: number, accept: (frame: Frame<P>) => Verdict): Promise<RequestResult<P>> {
    const transport = this.transport;
    if (transport === undefined) return Promise.resolve(this.fail('not-connected', `${this.where()} is not connected`));
    if (this.pending !== undefined) throw new Error(`${this.protocolName} driver bug: ${label} sent while ${this.pending.label} is outstanding`);
    return new Promise((resolve) => {
      const pending: Pending<P> = { label, bytes, timeoutMs, timer: undefined, accept, resolve };
      this.pending = pending;
      this.send(pending, transport);
    });
  }

  /** Called when a request timed out; a protocol may mark the link for a resync. */
  protected onRequestTimeout(_label: string): void {}

  private send(pending: Pending<P>, transport: SerialTransport): void {
    clearTimeout(pending.timer);
    pending.timer = setTimeout(() => {
      if (this.pending !== pending) return;
      this.pending = undefined;
      this.onRequestTimeout(pending.label);
      pending.resolve(this.fail('no-reply', `${this.protocolName} ${this.deviceNoun} on ${this.path} did not answer ${pending.label} within ${pending.timeoutMs} ms`));
    }, pending.timeoutMs);
    void transport.write(pending.bytes).then((written) => {
      if (written.ok || this.pending !== pending) return;
      clearTimeout(pending.timer);
      this.pending = undefined;
      pending.resolve(written);
    });
  }

  private settlePending(result: Failure): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(result);
  }

  // ---- incoming bytes ----

  private onData(chunk: Buffer, generation: number): void {
    if (generation !== this.generation) return;
    this.onFramed(this.framer.push(chunk));
    this.armIdleTimer(generation);
  }

  private armIdleTimer(generation: number): void {
    clearTimeout(this.idleTimer);
    const wait = this.framer.idleMs?.();
    if (wait === undefined) return;
    this.idleTimer = setTimeout(() => {
      if (generation !== this.generation) return;
      this.onFramed(this.framer.expire?.() ?? []);
      // Woken a little early by a coarse timer: wait for the rest.
      this.armIdleTimer(generation);
    }, wait);
  }

  private onFramed(outputs: readonly FramerOutput[]): void {
    for (const output of outputs) {
      if (output.type === 'overflow') {
        this.emitError('line-too-long', `line from ${this.path} longer than ${output.limit} bytes discarded up to the next terminator`, output.preview);
      } else if (output.type === 'discarded') {
        this.emitError(output.code, `${this.where()}: ${output.message}`, output.raw);
      } else {
        this.onLine(output.text);
      }
    }
  }

  private onLine(raw: string): void {
    const at = this.now().toISOString();
    const parsed = this.parseLine(raw);
    if (!parsed.ok) {
      this.emitError(parsed.code, `${this.where()}: ${parsed.message}`, raw, at);
      return;
    }
    const frame: Frame<P> = { parsed: parsed.value, raw, at };
    const pending = this.pending;
    if (pending !== undefined) {
      const verdict = pending.accept(frame);
      if (verdict === 'resend' && this.transport !== undefined) {
        this.send(pending, this.transport);
        return;
      }
      if (verdict === 'more') return;
      if (verdict === 'answer') {
        this.pending = undefined;
        clearTimeout(pending.timer);
        pending.resolve({ ok: true, ...frame });
        return;
      }
    }
    this.onUnsolicited(frame);
  }

  // ---- events ----

  /**
   * The instrument reports a state instead of a reading (overload, underload, busy) or a fresh reading
   * ('in-range'). Any state but in-range withdraws the last reading; each change is reported once.
   */
  protected setRange(state: RangeState, frame: { raw: string; at: string }, message: string): void {
    if (state !== 'in-range') this.latestReading = undefined;
    if (this.condition === state) return;
    this.condition = state;
    const statusState: StatusEvent['state'] = state === 'in-range' ? 'connected' : state;
    this.emit({ kind: 'status', deviceId: this.deviceId, at: frame.at, raw: frame.raw, state: statusState, message });
  }

  /**
   * The instrument answers a reading request with an error (MT-SICS ES/EL/Error 15, an SBI Err line):
   * the last reading is withdrawn, and the error is reported once per change, not on every poll.
   */
  protected reportFault(code: string, message: string, frame: { raw: string; at: string }): void {
    this.latestReading = undefined;
    const condition = `fault:${code}`;
    if (this.condition === condition) return;
    this.condition = condition;
    this.emitError(code, message, frame.raw, frame.at);
  }

  /** The last reading can no longer be trusted as current. */
  protected forgetLatest(): void {
    this.latestReading = undefined;
  }

  /** A reading: emitted, and remembered as latest when it describes the sample (not a tare value). */
  protected emitReading(event: R, remember: boolean): R {
    if (remember) this.latestReading = event;
    this.emit(event);
    return event;
  }

  protected fail(code: string, message: string): Failure {
    return { ok: false, code, message };
  }

  protected where(): string {
    return `${this.deviceNoun} ${this.deviceId} on ${this.path}`;
  }

  private emit(event: DeviceEvent): void {
    this.hub.emit(event);
  }

  protected emitStatus(state: StatusEvent['state'], message: string): void {
    this.emit({ kind: 'status', deviceId: this.deviceId, at: this.now().toISOString(), raw: '', state, message });
  }

  protected emitError(code: string, message: string, raw = '', at = this.now().toISOString()): void {
    const event: ErrorEvent = { kind: 'error', deviceId: this.deviceId, at, raw, code, message };
    this.emit(event);
  }

  protected sleep(ms: number, generation: number): Promise<void> {
    if (generation !== this.generation) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private wakeSleepers(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}
