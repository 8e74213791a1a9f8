// Hanna pH meters: MDR identifies, RAS polls; STX…ETX answers with a checksum, ACK/NAK/CAN controls.
// RAS has no stability flag, so a reading counts as stable when `hannaStableReadings` in a row agree exactly.
import { compareDecimal } from '../decimal.js';
import type { Frame, IdentityFields, Verdict } from '../driver/serial-device-driver.js';
import { encodeHannaCommand, type HannaCommand } from '../hanna/commands.js';
import type { HannaFrameEvent } from '../hanna/framer.js';
import { parseHannaError, parseRasAnswer, type HannaReading } from '../hanna/ras.js';
import type { PhMeterDriverOptions } from '../ph-meter.js';
import { HannaFrameQueue } from './framers.js';
import { SerialPhMeterDriver, type Measured } from './serial-ph-driver.js';

type HannaFrame = Frame<HannaFrameEvent>;

export class HannaDriver extends SerialPhMeterDriver<HannaFrameEvent> {
  protected readonly protocolName = 'Hanna';
  private readonly queue: HannaFrameQueue;
  private readonly stableReadings: number;
  private agreeing = 0;
  private previous: HannaReading | undefined;

  constructor(options: PhMeterDriverOptions) {
    const queue = new HannaFrameQueue();
    super(options, queue);
    this.queue = queue;
    this.stableReadings = Math.max(1, options.hannaStableReadings ?? 3);
  }

  protected parseLine(raw: string): { ok: true; value: HannaFrameEvent } | { ok: false; code: string; message: string } {
    const event = this.queue.take();
    if (event === undefined) throw new Error(`Hanna driver bug: no typed frame for ${JSON.stringify(raw)}`);
    return { ok: true, value: event };
  }

  protected async identify(generation: number): Promise<IdentityFields | undefined> {
    // Stability is counted on this connection only.
    this.agreeing = 0;
    this.previous = undefined;
    const reply = await this.ask('MDR');
    if (generation !== this.generation) return undefined;
    if (!reply.ok) {
      this.emitError(reply.code, `Hanna meter on ${this.path} did not answer MDR: ${reply.message}; check the cable and the meter's baud rate (Setup → Baud Rate) and that it is in measurement mode`);
      await this.dropConnection(generation);
      return undefined;
    }
    const model = reply.parsed.kind === 'answer' ? reply.parsed.answer.trim() : undefined;
    return { at: reply.at, raw: reply.raw, ...(model ? { model } : {}) };
  }

  protected async measure(): Promise<Measured> {
    const reply = await this.ask('RAS');
    if (!reply.ok) return reply;
    return this.handle(reply);
  }

  protected onUnsolicited(frame: HannaFrame): void {
    // Hanna meters speak only when asked; anything else is reported, never taken as a reading.
    if (frame.parsed.kind !== 'answer' && frame.parsed.kind !== 'ack') this.reportFrame(frame);
  }

  private ask(command: HannaCommand) {
    let resent = false;
    // CAN: the meter got a corrupted command; one resend, then it counts as the answer.
    const accept = ({ parsed }: HannaFrame): Verdict => {
      if (parsed.kind === 'can' && !resent) {
        resent = true;
        return 'resend';
      }
      return parsed.kind === 'overflow' ? 'not-mine' : 'answer';
    };
    return this.request(command, encodeHannaCommand(command, { prefix: this.options.hannaCommandPrefix }), this.commandTimeoutMs, accept);
  }

  private handle(frame: HannaFrame): Measured {
    const parsed = frame.parsed;
    if (parsed.kind !== 'answer') return this.reportFrame(frame);
    const read = parseRasAnswer(parsed.answer);
    if (!read.ok) {
      this.emitError(read.code, `${this.where()}: ${read.message}`, frame.raw, frame.at);
      return this.fail(read.code, read.message);
    }
    const reading = read.reading;
    if (reading.ph === undefined) {
      const message = `${this.where()} is in mV mode, not pH: set the meter to a pH range`;
      this.emitError('not-ph-mode', message, frame.raw, frame.at);
      return this.fail('not-ph-mode', message);
    }
    if (reading.primaryRange !== 'in-range') {
      const state = reading.primaryRange === 'over-range' ? 'overload' : 'underload';
      this.setRange(state, frame, `${this.where()}: pH reading is ${reading.primaryRange}`);
      this.agreeing = 0;
      return this.fail(state, `${this.where()}: pH reading is ${reading.primaryRange}`);
    }
    this.agreeing = this.previous !== undefined && sameReading(this.previous, reading) ? this.agreeing + 1 : 1;
    this.previous = reading;
    const fields = { ph: reading.ph, mV: reading.mV, temperatureC: reading.temperatureC, stable: this.agreeing >= this.stableReadings };
    if (reading.status.outOfCalibration) return this.refuseUncalibrated(frame, fields);
    return this.emitPh(frame, fields);
  }

  private reportFrame(frame: HannaFrame): { ok: false; code: string; message: string } {
    const parsed = frame.parsed;
    if (parsed.kind === 'answer') {
      const error = parseHannaError(parsed.answer);
      const code = error?.code ?? 'unexpected-answer';
      const message = `${this.where()}: ${error?.message ?? `answer ${JSON.stringify(parsed.answer)} was not asked for`}`;
      this.emitError(code, message, frame.raw, frame.at);
      return this.fail(code, message);
    }
    const code = parsed.kind === 'ack' ? 'unexpected-ack' : parsed.code;
    const message = `${this.where()}: ${parsed.kind === 'ack' ? 'ACK where a reading was expected' : parsed.message}`;
    this.emitError(code, message, frame.raw, frame.at);
    return this.fail(code, message);
  }
}

function sameReading(a: HannaReading, b: HannaReading): boolean {
  return a.ph !== undefined && b.ph !== undefined && compareDecimal(a.ph, b.ph) === 0 && compareDecimal(a.mV, b.mV) === 0 && compareDecimal(a.temperatureC, b.temperatureC) === 0;
}
