// Thermo Orion Star A2xx: GETMEAS polling; the echo and empty lines are skipped, the CSV record read.
// The record itself names model, serial number and firmware, so the first GETMEAS identifies the meter.
import type { Failure } from '../events.js';
import type { Frame, IdentityFields, Verdict } from '../driver/serial-device-driver.js';
import { encodeOrionCommand } from '../orion/commands.js';
import { parseOrionReply, type OrionRead } from '../orion/measurement.js';
import type { PhMeterDriverOptions } from '../ph-meter.js';
import { OrionPromptFramer } from './framers.js';
import { SerialPhMeterDriver, type Measured } from './serial-ph-driver.js';

const GETMEAS = encodeOrionCommand('GETMEAS');

// A frame with no CSV record (a prompt after some other output) does not answer GETMEAS.
const answersGetmeas = ({ parsed }: Frame<OrionRead>): Verdict => (parsed.ok || parsed.code !== 'no-record' ? 'answer' : 'not-mine');

export class OrionStarDriver extends SerialPhMeterDriver<OrionRead> {
  protected readonly protocolName = 'Orion Star';

  constructor(options: PhMeterDriverOptions) {
    super(options, new OrionPromptFramer());
  }

  protected parseLine(raw: string): { ok: true; value: OrionRead } {
    return { ok: true, value: parseOrionReply(raw) };
  }

  protected async identify(generation: number): Promise<IdentityFields | undefined> {
    const reply = await this.request('GETMEAS', GETMEAS, this.commandTimeoutMs, answersGetmeas);
    if (generation !== this.generation) return undefined;
    if (!reply.ok || !reply.parsed.ok) {
      const why = reply.ok ? (reply.parsed as Failure).message : reply.message;
      const code = reply.ok ? (reply.parsed as Failure).code : reply.code;
      this.emitError(code, `Orion Star meter on ${this.path} gave no measurement for GETMEAS: ${why}; check the cable (9600 8N1), that the meter is in pH mode and shows its measurement screen`, reply.ok ? reply.raw : '');
      await this.dropConnection(generation);
      return undefined;
    }
    const { model, serialNumber, firmware } = reply.parsed.measurement;
    if (serialNumber !== '' && !(await this.acceptSerialNumber(serialNumber, reply))) return undefined;
    return { at: reply.at, raw: reply.raw, model, serialNumber, firmware };
  }

  protected async measure(): Promise<Measured> {
    const reply = await this.request('GETMEAS', GETMEAS, this.commandTimeoutMs, answersGetmeas);
    if (!reply.ok) return reply;
    return this.handle(reply);
  }

  protected onUnsolicited(frame: Frame<OrionRead>): void {
    // Export Data / DataLog left on: the meter prints records by itself.
    if (this.phase === 'ready' && frame.parsed.ok) this.handle(frame);
  }

  private handle(frame: Frame<OrionRead>): Measured {
    const read = frame.parsed;
    if (!read.ok) {
      this.emitError(read.code, `${this.where()}: ${read.message}`, frame.raw, frame.at);
      return this.fail(read.code, read.message);
    }
    const m = read.measurement;
    return this.emitPh(frame, { ph: m.ph, mV: m.mV, temperatureC: m.temperatureC, slopePercent: m.slopePercent, stable: m.stable });
  }
}
