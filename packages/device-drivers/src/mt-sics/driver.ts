// MT-SICS balance driver: replies correlated by response ID, stale replies dropped after a timeout
// (resync with '@'), ET resent once, SIR streaming with fallback to SI polling on ES.
import type { BalanceDriverOptions, CaptureResult, TareResult, ZeroResult } from '../balance.js';
import type { Failure, WeightEvent } from '../events.js';
import { SerialBalanceDriver, type Frame, type IdentityFields, type RequestResult, type Verdict } from '../driver/serial-balance-driver.js';
import { encodeCommand, parseBalanceData, parseReply, responseIdFor, weightErrorMeaning, type MtSicsReply } from './codec.js';

type Reply = Frame<MtSicsReply>;

export class MtSicsDriver extends SerialBalanceDriver<MtSicsReply> {
  protected readonly protocolName = 'MT-SICS';
  /** after a command timed out, every line is stale until '@' has been answered */
  private resyncNeeded = false;
  private discardingStale = false;
  private streaming = false;
  private streamUnsupported = false;
  private streamPaused = false;
  /** when the last SIR line arrived; a stream that goes quiet is checked like a missed reply */
  private lastStreamLineAt = 0;

  constructor(options: BalanceDriverOptions) {
    super(options, { delimiters: ['\r\n'], maxLineLength: 256 });
  }

  async captureStable(options: { timeoutMs?: number } = {}): Promise<CaptureResult> {
    const timeoutMs = options.timeoutMs ?? this.stabilityTimeoutMs;
    return this.run(async () => {
      const result = await this.exchange('S', timeoutMs);
      if (!result.ok) return result.code === 'no-reply' ? this.fail('no-stable-reading', `no stable weight from ${this.where()} within ${timeoutMs} ms`) : result;
      const reply = result.parsed;
      if (reply.kind === 'general-error' && reply.code === 'ES') return this.watchForStable(timeoutMs);
      const reading = this.handleWeightReply(result);
      if (reading !== undefined && reading.stable) return { ok: true, reading };
      return this.refusal(result, 'stable weight');
    });
  }

  async tare(): Promise<TareResult> {
    return this.run(async () => {
      const result = await this.exchange('T', this.stabilityTimeoutMs);
      if (!result.ok) return result;
      const reply = result.parsed;
      if (reply.kind === 'weight' && (reply.status === 'S' || reply.status === 'A')) {
        return { ok: true, tare: this.emitWeight(result, { value: reply.value, unit: reply.unit, stable: true, basis: 'tare' }) };
      }
      if (reply.kind === 'status' && reply.status === 'A') return { ok: true };
      return this.refusal(result, 'tare');
    });
  }

  async zero(): Promise<ZeroResult> {
    return this.run(async () => {
      const result = await this.exchange('Z', this.stabilityTimeoutMs);
      if (!result.ok) return result;
      if (result.parsed.kind === 'status' && result.parsed.status === 'A') return { ok: true };
      return this.refusal(result, 'zero');
    });
  }

  // ---- protocol hooks ----

  protected parseLine(raw: string): { ok: true; value: MtSicsReply } | Failure {
    const parsed = parseReply(raw);
    return parsed.ok ? { ok: true, value: parsed.reply } : parsed;
  }

  protected async identify(generation: number): Promise<IdentityFields | undefined> {
    this.streaming = false;
    this.resyncNeeded = false;
    // A SIR stream left running is answered by '@'; what comes before its I4 is stale.
    this.discardingStale = true;
    const reset = await this.exchange('@', this.commandTimeoutMs);
    this.discardingStale = false;
    if (generation !== this.generation) return undefined;
    if (!reset.ok || reset.parsed.kind !== 'data' || reset.parsed.id !== 'I4') {
      const reason = reset.ok ? `it answered ${JSON.stringify(reset.raw)} instead of I4 A "<serial>"` : reset.message;
      this.emitError(reset.ok ? 'unexpected-reply' : reset.code, `MT-SICS balance on ${this.path} did not identify itself to '@': ${reason}; check the cable, baud rate and parity, and that the balance is in dialog mode`, reset.ok ? reset.raw : '');
      await this.dropConnection(generation);
      return undefined;
    }
    const serialNumber = reset.parsed.fields[0] ?? '';
    if (!(await this.acceptSerialNumber(serialNumber, reset))) return undefined;
    const balanceData = await this.exchange('I2', this.commandTimeoutMs);
    const software = await this.exchange('I3', this.commandTimeoutMs);
    const identity = balanceData.ok && balanceData.parsed.kind === 'data' ? parseBalanceData(balanceData.parsed.fields) : undefined;
    const firmware = software.ok && software.parsed.kind === 'data' ? software.parsed.fields.join(' ') : undefined;
    return {
      at: reset.at,
      raw: [reset.raw, balanceData.ok ? balanceData.raw : '', software.ok ? software.raw : ''].filter((r) => r !== '').join('\r\n'),
      serialNumber,
      ...(identity !== undefined ? { model: identity.model } : {}),
      ...(identity?.capacity !== undefined ? { capacity: identity.capacity } : {}),
      ...(firmware !== undefined ? { firmware } : {}),
    };
  }

  protected override async beforeReadLoop(): Promise<void> {
    if (this.options.mode === 'stream' && !this.streamUnsupported) await this.run(() => this.startStream());
  }

  protected override polling(): boolean {
    // While streaming there is nothing to ask, unless the stream has gone quiet: then a poll (which
    // first stops the stream with '@') finds out whether the balance still answers.
    return !this.streaming || Date.now() - this.lastStreamLineAt > 2 * this.commandTimeoutMs;
  }

  protected async pollOnce(): Promise<void> {
    const result = await this.exchange('SI', this.commandTimeoutMs);
    if (result.ok) this.handleWeightReply(result);
    else if (result.code === 'no-reply') this.emitError('no-reply', result.message);
  }

  protected override async beforeTask(): Promise<Failure | undefined> {
    if (this.resyncNeeded && !(await this.resync())) return this.fail('no-reply', `${this.where()} stopped answering`);
    if (!this.streaming) return undefined;
    // SIR must be cancelled before any other command; '@' does that without touching tare or zero.
    this.streaming = false;
    this.streamPaused = true;
    const stopped = await this.exchange('@', this.commandTimeoutMs);
    return stopped.ok ? undefined : stopped;
  }

  protected override async afterTask(): Promise<void> {
    if (!this.streamPaused) return;
    this.streamPaused = false;
    if (this.phase === 'ready') await this.startStream();
  }

  protected override onRequestTimeout(): void {
    this.resyncNeeded = true;
  }

  protected onUnsolicited(frame: Reply): void {
    if (this.discardingStale) return;
    if (this.streaming) this.lastStreamLineAt = Date.now();
    if (this.phase !== 'ready') return;
    const reply = frame.parsed;
    // A line nobody asked for: the print key, or a SIR stream. Its status lines (S +, S -, S I, Error nn)
    // count as much as its weights; inside a stream a general error (ES/EL/ET) answers the stream too.
    if (reply.kind === 'general-error' ? this.streaming : reply.kind !== 'data' && reply.id === 'S') this.handleWeightReply(frame);
  }

  // ---- MT-SICS specifics ----

  private exchange(command: string, timeoutMs: number): Promise<RequestResult<MtSicsReply>> {
    const responseId = responseIdFor(command);
    let resentAfterEt = false;
    const accept = ({ parsed: reply }: Reply): Verdict => {
      if (this.discardingStale && command !== '@') return 'not-mine';
      if (reply.kind === 'general-error') {
        if (reply.code !== 'ET' || resentAfterEt) return 'answer';
        // ET = the balance received a garbled line: resend once.
        resentAfterEt = true;
        return 'resend';
      }
      if (reply.id !== responseId) return 'not-mine';
      // 'S' waits for stability, so a dynamic line is a stream or print line, not its answer.
      if (command === 'S' && reply.kind === 'weight' && reply.status === 'D') return 'not-mine';
      return reply.status === 'B' ? 'more' : 'answer';
    };
    return this.request(command, encodeCommand(command), timeoutMs, accept);
  }

  private async resync(): Promise<boolean> {
    const generation = this.generation;
    this.discardingStale = true;
    const result = await this.exchange('@', this.commandTimeoutMs);
    this.discardingStale = false;
    if (result.ok && result.parsed.kind === 'data' && result.parsed.id === 'I4') {
      this.resyncNeeded = false;
      return true;
    }
    this.emitError('no-reply', `MT-SICS balance on ${this.path} does not answer '@' any more; reconnecting`);
    await this.dropConnection(generation);
    return false;
  }

  private async startStream(): Promise<void> {
    const result = await this.exchange('SIR', this.commandTimeoutMs);
    if (!result.ok) return;
    if (result.parsed.kind === 'general-error' && result.parsed.code === 'ES') {
      this.streamUnsupported = true;
      this.emitError('command-not-supported', `balance on ${this.path} does not support SIR streaming (ES); polling SI every ${this.pollIntervalMs} ms instead`, result.raw);
      return;
    }
    this.streaming = true;
    this.lastStreamLineAt = Date.now();
    this.handleWeightReply(result);
  }

  /** Turns an S-type reply into a weight or a status/error event; returns the weight when there is one. */
  private handleWeightReply(frame: Reply): WeightEvent | undefined {
    const reply = frame.parsed;
    if (reply.kind === 'weight' && reply.id === 'S' && (reply.status === 'S' || reply.status === 'D')) {
      return this.emitWeight(frame, { value: reply.value, unit: reply.unit, stable: reply.status === 'S', basis: 'net' });
    }
    if (reply.kind === 'status' && reply.id === 'S') {
      if (reply.status === '+') this.setRange('overload', frame, `balance on ${this.path} is overloaded`);
      else if (reply.status === '-') this.setRange('underload', frame, `balance on ${this.path} is underloaded (weighing pan missing?)`);
      else if (reply.status === 'I') this.setRange('busy', frame, `balance on ${this.path} is busy or not stable`);
      return undefined;
    }
    if (reply.kind === 'weight-error') {
      this.reportFault(reply.errorCode === 15 ? 'adjustment-needed' : 'balance-error', `balance on ${this.path} reports ${reply.text}: ${weightErrorMeaning(reply.errorCode)}`, frame);
      return undefined;
    }
    if (reply.kind === 'general-error') {
      this.reportFault(generalErrorCode(reply.code), `balance on ${this.path} answered ${reply.code} (${generalErrorMeaning(reply.code)}) to a weight request`, frame);
    }
    return undefined;
  }

  /** Fallback for balances without 'S': wait for the next stable SI reading. */
  private async watchForStable(timeoutMs: number): Promise<CaptureResult> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const result = await this.exchange('SI', this.commandTimeoutMs);
      if (!result.ok) return result;
      const reading = this.handleWeightReply(result);
      if (reading?.stable === true) return { ok: true, reading };
      if (result.parsed.kind === 'status' && result.parsed.status !== 'I') return this.refusal(result, 'stable weight');
      await this.sleep(this.pollIntervalMs, this.generation);
    }
    return this.fail('no-stable-reading', `no stable weight from ${this.where()} within ${timeoutMs} ms`);
  }

  private refusal(frame: Reply, what: 'stable weight' | 'tare' | 'zero'): Failure {
    const reply = frame.parsed;
    const where = this.where();
    if (reply.kind === 'general-error') {
      return this.fail(generalErrorCode(reply.code), `${where} refused ${what}: ${reply.code} (${reply.code === 'ET' ? 'transmission error twice' : generalErrorMeaning(reply.code)})`);
    }
    if (reply.kind === 'weight-error') return this.fail(reply.errorCode === 15 ? 'adjustment-needed' : 'balance-error', `${where} reports ${reply.text}: ${weightErrorMeaning(reply.errorCode)}`);
    const status = reply.status;
    const range = what === 'zero' ? 'zero-range-exceeded' : what === 'tare' ? 'tare-range-exceeded' : undefined;
    if (status === 'I') return this.fail('no-stable-reading', `${where} could not ${what === 'stable weight' ? 'give a stable weight' : what}: busy or not stable (${reply.id} I)`);
    if (status === '+') return range !== undefined ? this.fail(range, `${where} refused ${what}: upper limit of the ${what} range exceeded (${reply.id} +)`) : this.fail('overload', `${where} is overloaded (${reply.id} +)`);
    if (status === '-') return range !== undefined ? this.fail(range, `${where} refused ${what}: lower limit of the ${what} range exceeded (${reply.id} -)`) : this.fail('underload', `${where} is underloaded (${reply.id} -)`);
    if (status === 'L') return this.fail('logical-error', `${where} refused ${what}: wrong parameter (${reply.id} L)`);
    return this.fail('unexpected-reply', `${where} answered ${JSON.stringify(frame.raw)} to ${what}`);
  }
}

function generalErrorCode(code: string): string {
  return code === 'ES' ? 'command-not-supported' : code === 'ET' ? 'transmission-error' : 'logical-error';
}

function generalErrorMeaning(code: string): string {
  return code === 'ES' ? 'command not supported' : code === 'ET' ? 'transmission error' : 'logical error';
}
