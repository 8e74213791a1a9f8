// Driver for balances without reply IDs: poll with a print request, treat any weight line as its answer,
// confirm tare/zero by a stable net zero (most of these balances do not acknowledge them).
import type { BalanceDriverOptions, CaptureResult, TareResult, ZeroResult } from '../balance.js';
import type { Failure, WeightEvent } from '../events.js';
import { SerialBalanceDriver, type Frame, type IdentityFields, type Verdict } from '../driver/serial-balance-driver.js';
import type { PrintLineProtocol, PrintLineReading } from './protocol.js';

type Reading = Frame<PrintLineReading>;

const RANGE_WORDS = { overload: 'overloaded', underload: 'underloaded', busy: 'busy' } as const;

/** Polls that may go unanswered in a row before the link is dropped and reopened. */
const MISSED_POLLS_BEFORE_RECONNECT = 3;

const answersPrint = ({ parsed }: Reading): Verdict => (parsed.kind === 'weight' || parsed.kind === 'range' || parsed.kind === 'refusal' || parsed.kind === 'notice' ? 'answer' : 'not-mine');
const answersCommand = ({ parsed }: Reading): Verdict => (parsed.kind === 'ack' || parsed.kind === 'refusal' || (parsed.kind === 'range' && parsed.state === 'busy') ? 'answer' : 'not-mine');
const answersIdentity = ({ parsed }: Reading): Verdict => (parsed.kind === 'identity' || parsed.kind === 'text' || parsed.kind === 'refusal' ? 'answer' : 'not-mine');

export class PrintLineBalanceDriver extends SerialBalanceDriver<PrintLineReading> {
  protected readonly protocolName: string;
  private missedPolls = 0;
  /** the reading that proved the balance answers, emitted once it is identified */
  private probe: Reading | undefined;

  constructor(
    options: BalanceDriverOptions,
    private readonly protocol: PrintLineProtocol,
  ) {
    super(options, protocol.framing);
    this.protocolName = protocol.name;
  }

  async captureStable(options: { timeoutMs?: number } = {}): Promise<CaptureResult> {
    const timeoutMs = options.timeoutMs ?? this.stabilityTimeoutMs;
    return this.run(async () => {
      const result = await this.untilStable(timeoutMs);
      if (!result.ok) return result;
      return { ok: true, reading: result.reading };
    });
  }

  tare(): Promise<TareResult> {
    return this.setNetZero('tare', this.protocol.tare);
  }

  zero(): Promise<ZeroResult> {
    return this.setNetZero('zero', this.protocol.zero);
  }

  // ---- protocol hooks ----

  protected parseLine(raw: string): { ok: true; value: PrintLineReading } | Failure {
    return this.protocol.parse(raw);
  }

  protected async identify(generation: number): Promise<IdentityFields | undefined> {
    const fields: Partial<Record<'serialNumber' | 'model' | 'firmware', string>> = {};
    const raws: string[] = [];
    for (const request of this.protocol.identityRequests) {
      const answer = await this.request(`${request.field} request`, request.bytes, this.commandTimeoutMs, answersIdentity);
      if (generation !== this.generation) return undefined;
      if (!answer.ok || (answer.parsed.kind !== 'identity' && answer.parsed.kind !== 'text')) continue;
      const text = answer.parsed.text.trim();
      if (text === '') continue;
      raws.push(answer.raw);
      if (request.field === 'serialNumber' && !(await this.acceptSerialNumber(text, answer))) return undefined;
      fields[request.field] = text;
    }
    const probe = await this.request('print request', this.protocol.print, this.commandTimeoutMs, answersPrint);
    if (generation !== this.generation) return undefined;
    if (!probe.ok) {
      this.emitError(probe.code, `${this.protocol.name} balance on ${this.path} did not answer a print request: ${probe.message}; check the cable, baud rate and parity, and the balance's interface settings`);
      await this.dropConnection(generation);
      return undefined;
    }
    this.probe = probe;
    this.missedPolls = 0;
    return { at: probe.at, raw: raws.join('\r\n'), ...fields };
  }

  protected override async beforeReadLoop(): Promise<void> {
    const probe = this.probe;
    this.probe = undefined;
    if (probe !== undefined) this.handleReading(probe);
  }

  protected async pollOnce(): Promise<void> {
    const result = await this.request('print request', this.protocol.print, this.commandTimeoutMs, answersPrint);
    if (result.ok) {
      this.missedPolls = 0;
      this.handleReading(result);
      return;
    }
    if (result.code !== 'no-reply') return;
    this.emitError('no-reply', result.message);
    if (++this.missedPolls >= MISSED_POLLS_BEFORE_RECONNECT) await this.dropConnection(this.generation);
  }

  protected onUnsolicited(frame: Reading): void {
    // Autoprint, a continuous stream, the print key.
    if (this.phase === 'ready') this.handleReading(frame);
  }

  // ---- helpers ----

  private handleReading(frame: Reading): void {
    const reading = frame.parsed;
    switch (reading.kind) {
      case 'weight':
        this.emitWeight(frame, { value: reading.value, unit: reading.unit, stable: reading.stable, basis: reading.basis });
        return;
      case 'range':
        this.setRange(reading.state, frame, `${this.protocol.name} balance on ${this.path}: ${reading.message}`);
        return;
      case 'refusal':
      case 'notice':
        this.reportFault(reading.code, `${this.protocol.name} balance on ${this.path}: ${reading.message}`, frame);
        return;
      default:
        return;
    }
  }

  /** Prints until a stable weight, an out-of-range state or the deadline. */
  private async untilStable(timeoutMs: number): Promise<{ ok: true; reading: WeightEvent } | Failure> {
    const deadline = Date.now() + timeoutMs;
    const generation = this.generation;
    while (Date.now() < deadline && generation === this.generation) {
      const result = await this.request('print request', this.protocol.print, this.commandTimeoutMs, answersPrint);
      if (!result.ok) {
        if (result.code !== 'no-reply') return result;
      } else {
        const reading = result.parsed;
        if (reading.kind === 'weight') {
          const event = this.emitWeight(result, { value: reading.value, unit: reading.unit, stable: reading.stable, basis: reading.basis });
          if (event.stable) return { ok: true, reading: event };
        } else {
          this.handleReading(result);
          if (reading.kind === 'range') return this.fail(reading.state, `${this.where()} is ${RANGE_WORDS[reading.state]}: ${reading.message}`);
          if (reading.kind === 'refusal' || reading.kind === 'notice') return this.fail(reading.code, `${this.where()}: ${reading.message}`);
        }
      }
      await this.sleep(this.pollIntervalMs, generation);
    }
    if (generation !== this.generation) return this.fail('disconnected', `${this.where()} disconnected while waiting for a stable weight`);
    return this.fail('no-stable-reading', `no stable weight from ${this.where()} within ${timeoutMs} ms`);
  }

  private setNetZero(what: 'tare' | 'zero', bytes: Uint8Array | undefined): Promise<{ ok: true } | Failure> {
    return this.run(async () => {
      if (bytes === undefined) return this.fail('command-not-supported', `${this.protocol.name} balances have no ${what} command`);
      // A balance that answers does so after its own stability wait; silence is still no refusal.
      const sent = await this.request(what, bytes, this.protocol.answersTareZero ? this.stabilityTimeoutMs : this.commandTimeoutMs, answersCommand);
      if (!sent.ok && sent.code !== 'no-reply') return sent;
      if (sent.ok && sent.parsed.kind === 'refusal') return this.fail(sent.parsed.code, `${this.where()} refused ${what}: ${sent.parsed.message}`);
      if (sent.ok && sent.parsed.kind === 'range') return this.fail(sent.parsed.state, `${this.where()} refused ${what}: ${sent.parsed.message}`);
      const settled = await this.untilStable(this.stabilityTimeoutMs);
      if (!settled.ok) return settled.code === 'no-stable-reading' ? this.fail(`${what}-not-confirmed`, `${this.where()} did not show a stable net zero after ${what} within ${this.stabilityTimeoutMs} ms (refused, out of range, or still moving)`) : settled;
      if (settled.reading.value.units !== '0') {
        return this.fail(`${what}-not-confirmed`, `${this.where()} shows ${settled.reading.value.text} ${settled.reading.unit} after ${what}, not zero: the balance refused it (out of range?)`);
      }
      return { ok: true };
    });
  }
}
