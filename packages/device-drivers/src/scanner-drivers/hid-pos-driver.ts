// USB HID POS scanner (usage page 0x8C): 64-byte reports assembled into scans by H2's decoder;
// a device removed mid-read is an error event, then the driver reopens it with backoff.
import { backoffDelay } from '../driver/backoff.js';
import { EventHub } from '../driver/event-hub.js';
import type { DeviceEvent, ScanEvent, StatusEvent } from '../events.js';
import { createHidPosAssembler, type HidPosAssembler } from '../scanner/hid-pos.js';
import type { HidScannerOptions, ScannerDriver } from '../scanner-driver.js';
import type { HidTransport } from './hid-transport.js';
import { NodeHidTransport } from './node-hid-transport.js';

/** Continuation reports follow within a USB polling interval or two; 100 ms of nothing is a stopped scan. */
export const DEFAULT_HID_INTER_REPORT_TIMEOUT_MS = 100;

export class HidPosScannerDriver implements ScannerDriver {
  readonly deviceId: string;
  private readonly hub = new EventHub();
  private readonly assembler: HidPosAssembler;
  private readonly now: () => Date;
  private readonly makeTransport: () => HidTransport;
  private transport: HidTransport | undefined;
  private phase: 'idle' | 'connecting' | 'ready' | 'reconnecting' | 'closed' = 'idle';
  private generation = 0;
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private firstAttempt: Promise<void> | undefined;
  /** the reports of the scan in progress, as latin1, for the event's raw */
  private raw = '';
  /** a continued report's next one must come within this; otherwise the scan is dropped (issue 8 §3) */
  private readonly interReportTimeoutMs: number;
  private continuationTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: HidScannerOptions) {
    this.deviceId = options.deviceId;
    this.now = options.now ?? (() => new Date());
    this.makeTransport = options.transport ?? (() => new NodeHidTransport());
    this.interReportTimeoutMs = options.interReportTimeoutMs ?? DEFAULT_HID_INTER_REPORT_TIMEOUT_MS;
    this.assembler = createHidPosAssembler({ ...(options.reportIdPresent !== undefined ? { reportIdPresent: options.reportIdPresent } : {}), ...(options.lengthRule !== undefined ? { lengthRule: options.lengthRule } : {}) });
  }

  on(listener: (event: DeviceEvent) => void): () => void {
    return this.hub.on(listener);
  }

  start(): Promise<void> {
    if (this.phase === 'closed') return Promise.resolve();
    this.firstAttempt ??= this.connect();
    return this.firstAttempt;
  }

  async close(): Promise<void> {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.generation++;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.continuationTimer);
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
    this.status('closed', `closed HID POS scanner ${this.deviceId} on ${this.options.path}`);
  }

  private async connect(): Promise<void> {
    const generation = ++this.generation;
    this.phase = 'connecting';
    this.status('connecting', `opening HID device ${this.options.path}`);
    const transport = this.makeTransport();
    const opened = await transport.open(this.options.path);
    if (generation !== this.generation) {
      await transport.close();
      return;
    }
    if (!opened.ok) {
      this.error(opened.code, opened.message);
      this.scheduleReconnect();
      return;
    }
    this.transport = transport;
    this.assembler.reset();
    this.raw = '';
    transport.on('data', (report) => this.onReport(report, generation));
    transport.on('error', (error) => void this.onRemoved(error, generation));
    this.attempt = 0;
    this.phase = 'ready';
    this.status('connected', `HID POS scanner ready on ${this.options.path}`);
  }

  private onReport(report: Uint8Array, generation: number): void {
    if (generation !== this.generation) return;
    clearTimeout(this.continuationTimer);
    this.raw += Buffer.from(report).toString('latin1');
    const out = this.assembler.push(report);
    if (out === null) {
      if (this.assembler.pending() === 0) this.raw = ''; // a dropped over-long run ended
      else this.continuationTimer = setTimeout(() => this.onContinuationMissing(generation), this.interReportTimeoutMs);
      return;
    }
    const raw = this.raw;
    this.raw = '';
    const at = this.now().toISOString();
    if (out.kind === 'error') {
      this.error(out.code, `HID POS scanner on ${this.options.path}: ${out.message}`, raw, at);
      return;
    }
    const scan: ScanEvent = { kind: 'scan', deviceId: this.deviceId, at, raw, data: out.data };
    if (out.symbology !== undefined) scan.symbology = out.symbology;
    this.hub.emit(scan);
  }

  /** The scan in progress is dropped and named: it must not be glued onto the next scan's reports. */
  private onContinuationMissing(generation: number): void {
    if (generation !== this.generation || this.assembler.pending() === 0) return;
    const partial = this.assembler.partial();
    const count = this.assembler.pending();
    const raw = this.raw;
    this.assembler.reset();
    this.raw = '';
    this.error(
      'scan-interrupted',
      `HID POS scanner on ${this.options.path}: scan stopped after ${count} characters: the continuation report did not come within ${this.interReportTimeoutMs} ms; discarded ${JSON.stringify(partial)} — scan the label again`,
      raw,
    );
  }

  private async onRemoved(error: Error, generation: number): Promise<void> {
    if (generation !== this.generation || this.phase === 'closed') return;
    this.generation++;
    const partial = this.assembler.pending() > 0;
    clearTimeout(this.continuationTimer);
    this.assembler.reset();
    this.raw = '';
    this.error('device-removed', `HID POS scanner on ${this.options.path} stopped delivering reports (${error.message})${partial ? '; the scan in progress was incomplete and is dropped: scan it again' : ''}`);
    const transport = this.transport;
    this.transport = undefined;
    await transport?.close();
    this.status('disconnected', `HID device ${this.options.path} is gone`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.phase === 'closed') return;
    this.phase = 'reconnecting';
    const delay = backoffDelay(this.attempt++, this.options.reconnect);
    this.status('reconnecting', `reopening HID device ${this.options.path} in ${delay} ms (attempt ${this.attempt})`);
    this.reconnectTimer = setTimeout(() => {
      if (this.phase === 'reconnecting') void this.connect();
    }, delay);
  }

  private status(state: StatusEvent['state'], message: string): void {
    this.hub.emit({ kind: 'status', deviceId: this.deviceId, at: this.now().toISOString(), raw: '', state, message });
  }

  private error(code: string, message: string, raw = '', at = this.now().toISOString()): void {
    this.hub.emit({ kind: 'error', deviceId: this.deviceId, at, raw, code, message });
  }
}
