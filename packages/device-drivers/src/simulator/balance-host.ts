// What every simulated balance shares on top of the pty host: a weighing cell, dialog/printer/silent
// modes, the print key and streams, stability waits, and the faults of DEVICES.md §7.
// A protocol subclass only says how it frames commands, answers them and prints a weight.
import type { LineFramerOptions } from '../framing/line-framer.js';
import type { PtyPair } from './pty-pair.js';
import { PtyDeviceHost } from './pty-host.js';
import { BalanceModel, type BalanceSettings } from './balance-model.js';

export const SIMULATOR_MODES = ['dialog', 'printer', 'silent'] as const;
/** dialog: answers commands; printer: ignores commands (print key and streams only); silent: nothing at all */
export type SimulatorMode = (typeof SIMULATOR_MODES)[number];

export interface BalanceSimulatorOptions extends Partial<BalanceSettings> {
  /** gross load at start, e.g. '0.0000' */
  load?: string;
  /** how long stable-weight, tare and zero requests wait for stability (default 2000 ms) */
  stabilityTimeoutMs?: number;
  /** period of continuous output (default 100 ms) */
  updateIntervalMs?: number;
}

/** What a test or scenario may do to any simulated balance. */
export interface BalanceSimulatorControl {
  readonly model: BalanceModel;
  /** every command line received, in order, without its terminator */
  readonly commands: readonly string[];
  setLoad(text: string, options?: { motion?: boolean }): void;
  setMotion(moving: boolean): void;
  setDrift(unitsPerReading: bigint): void;
  setOverload(): void;
  setUnderload(underload: boolean): void;
  setWeightError(code: number | undefined): void;
  /** the balance is busy (e.g. adjusting itself) and answers weight requests with its busy state */
  setBusy(busy: boolean): void;
  setUnit(unit: string): void;
  setSerialNumber(serialNumber: string): void;
  setMode(mode: SimulatorMode): void;
  /** hold every reply this long (to make replies arrive after the driver's timeout) */
  setReplyDelay(ms: number): void;
  /** split every write into chunks of this many bytes, each written separately */
  setFragmentation(chunkSize: number | undefined): void;
  /** bytes exactly as given (latin1): noise, partial lines, overlong lines */
  writeRaw(bytes: string | Uint8Array): Promise<void>;
  /** the print key: an unsolicited weight line */
  pressPrint(): Promise<void>;
  /** continuous output, as if a previous session (or the menu) had left it on */
  startStream(): void;
  /** resolves when a command line matching `predicate` is received; only lines from index `from` on count (default: from now) */
  waitForCommand(predicate: (line: string) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<string>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
}

export abstract class SimulatedBalanceHost extends PtyDeviceHost implements BalanceSimulatorControl {
  readonly model: BalanceModel;
  protected mode: SimulatorMode = 'dialog';
  protected readonly stabilityTimeoutMs: number;
  protected readonly updateIntervalMs: number;
  private streamTimer: NodeJS.Timeout | undefined;
  private readonly stabilityWaiters = new Set<(outcome: 'stable' | 'cancelled') => void>();

  /** the line the print key or the stream prints for the present weight */
  protected abstract printLine(): string;

  protected constructor(pair: PtyPair, options: BalanceSimulatorOptions, framing: LineFramerOptions) {
    super(pair, framing);
    const { load, stabilityTimeoutMs, updateIntervalMs, ...settings } = options;
    this.model = new BalanceModel(settings);
    this.model.setLoad(load ?? '0');
    this.stabilityTimeoutMs = stabilityTimeoutMs ?? 2000;
    this.updateIntervalMs = updateIntervalMs ?? 100;
  }

  // ---- control ----

  setLoad(text: string, options: { motion?: boolean } = {}): void {
    this.model.setLoad(text);
    this.model.underload = false;
    if (options.motion !== undefined) this.setMotion(options.motion);
  }

  setMotion(moving: boolean): void {
    this.model.motion = moving;
    if (!moving) for (const waiter of [...this.stabilityWaiters]) waiter('stable');
  }

  setDrift(unitsPerReading: bigint): void {
    this.model.driftPerReading = unitsPerReading;
  }

  setOverload(): void {
    this.model.setLoad(this.model.format(this.model.capacityUnits + 1n));
  }

  setUnderload(underload: boolean): void {
    this.model.underload = underload;
  }

  setWeightError(code: number | undefined): void {
    this.model.weightErrorCode = code;
  }

  setBusy(busy: boolean): void {
    this.model.busy = busy;
  }

  setUnit(unit: string): void {
    this.model.settings = { ...this.model.settings, unit };
  }

  setSerialNumber(serialNumber: string): void {
    this.model.settings = { ...this.model.settings, serialNumber };
  }

  setMode(mode: SimulatorMode): void {
    this.mode = mode;
  }

  async pressPrint(): Promise<void> {
    if (this.mode !== 'silent') await this.writeLine(this.printLine());
  }

  startStream(): void {
    this.stopStream();
    this.streamTimer = setInterval(() => {
      if (this.mode !== 'silent') void this.writeLine(this.printLine());
    }, this.updateIntervalMs);
  }

  override async unplug(): Promise<void> {
    this.stopStream();
    await super.unplug();
  }

  override async close(): Promise<void> {
    this.stopStream();
    this.cancelStabilityWaits();
    await super.close();
  }

  // ---- for protocol subclasses ----

  protected override answers(line: string): boolean {
    return this.mode === 'dialog' && super.answers(line);
  }

  protected override onCommand(line: string): void {
    if (this.interrupts(line)) this.cancelStabilityWaits();
  }

  /** A command that is executed at once, ahead of the queue (MT-SICS '@'); default none. */
  protected interrupts(_line: string): boolean {
    return false;
  }

  protected cancelStabilityWaits(): void {
    for (const waiter of [...this.stabilityWaiters]) waiter('cancelled');
  }

  /** Waits until the load stops moving, the stability timeout passes, or the wait is cancelled. */
  protected waitStable(): Promise<'stable' | 'cancelled' | 'timeout'> {
    if (!this.model.motion) return Promise.resolve('stable');
    return new Promise((resolve) => {
      const finish = (outcome: 'stable' | 'cancelled' | 'timeout'): void => {
        clearTimeout(timer);
        this.stabilityWaiters.delete(finish);
        resolve(outcome);
      };
      const timer = setTimeout(() => finish('timeout'), this.stabilityTimeoutMs);
      this.stabilityWaiters.add(finish);
    });
  }

  protected reply(line: string): Promise<void> {
    return this.replyRaw(line + '\r\n');
  }

  protected writeLine(line: string): Promise<void> {
    return this.writeRaw(line + '\r\n');
  }

  protected stopStream(): void {
    clearInterval(this.streamTimer);
    this.streamTimer = undefined;
  }
}
