// What the pH meter drivers share on top of the serial lifecycle: polling with a missed-poll limit,
// capture of the first stable reading, and the out-of-calibration guard.
import type { Failure, PhEvent } from '../events.js';
import { SerialDeviceDriver, type ChunkFramer } from '../driver/serial-device-driver.js';
import type { PhCaptureResult, PhMeterDriver, PhMeterDriverOptions } from '../ph-meter.js';

/** Polls that may go unanswered in a row before the link is dropped and reopened. */
const MISSED_POLLS_BEFORE_RECONNECT = 3;

/** Failures of one exchange (a lost or damaged frame): a capture asks again instead of giving up. */
const TRANSIENT = new Set(['no-reply', 'bad-checksum', 'command-corrupted', 'broken-frame', 'frame-too-long', 'unexpected-ack', 'unexpected-answer', 'no-record', 'bad-record', 'bad-ras-answer']);

export type Measured = { ok: true; reading: PhEvent } | Failure;
export type PhFields = Pick<PhEvent, 'ph' | 'mV' | 'temperatureC' | 'stable' | 'slopePercent'>;

export abstract class SerialPhMeterDriver<P> extends SerialDeviceDriver<P, PhEvent> implements PhMeterDriver {
  protected readonly deviceNoun = 'pH meter';
  declare protected readonly options: PhMeterDriverOptions;
  private missedPolls = 0;
  private outOfCalibration = false;

  /** One reading: ask, wait for the answer, emit what it says. */
  protected abstract measure(): Promise<Measured>;

  constructor(options: PhMeterDriverOptions, framer: ChunkFramer) {
    super(options, framer);
  }

  captureStable(options: { timeoutMs?: number } = {}): Promise<PhCaptureResult> {
    const timeoutMs = options.timeoutMs ?? this.stabilityTimeoutMs;
    return this.run(async () => {
      const deadline = Date.now() + timeoutMs;
      const generation = this.generation;
      while (Date.now() < deadline && generation === this.generation) {
        const result = await this.measure();
        if (result.ok && result.reading.stable) return result;
        if (!result.ok && !TRANSIENT.has(result.code)) return result;
        await this.sleep(this.pollIntervalMs, generation);
      }
      if (generation !== this.generation) return this.fail('disconnected', `${this.where()} disconnected while waiting for a stable reading`);
      return this.fail('no-stable-reading', `no stable pH from ${this.where()} within ${timeoutMs} ms`);
    });
  }

  protected async pollOnce(): Promise<void> {
    const result = await this.measure();
    if (result.ok || result.code !== 'no-reply') {
      this.missedPolls = 0;
      return;
    }
    this.emitError('no-reply', result.message);
    if (++this.missedPolls >= MISSED_POLLS_BEFORE_RECONNECT) await this.dropConnection(this.generation);
  }

  /** An in-calibration, in-range reading: remembered as latest and emitted. */
  protected emitPh(frame: { raw: string; at: string }, fields: PhFields): Measured {
    this.setRange('in-range', frame, 'pH in range');
    if (this.outOfCalibration) {
      this.outOfCalibration = false;
      this.emitStatus('connected', `${this.where()} is back within its calibration range`);
    }
    return { ok: true, reading: this.emitReading(this.phEvent(frame, fields), true) };
  }

  /**
   * The meter flags the reading as outside its calibrated range: it is shown (unstable, never latest)
   * but a GMP record must not take it. The error is said once per episode.
   */
  protected refuseUncalibrated(frame: { raw: string; at: string }, fields: PhFields): Failure {
    const message = `${this.where()} reports the reading is outside its calibration range: recalibrate the electrode before measuring`;
    if (!this.outOfCalibration) {
      this.outOfCalibration = true;
      this.emitError('out-of-calibration', message, frame.raw, frame.at);
    }
    this.emitReading(this.phEvent(frame, { ...fields, stable: false }), false);
    this.forgetLatest();
    return this.fail('out-of-calibration', message);
  }

  private phEvent(frame: { raw: string; at: string }, fields: PhFields): PhEvent {
    const event: PhEvent = { kind: 'ph', deviceId: this.deviceId, at: frame.at, raw: frame.raw, ph: fields.ph, stable: fields.stable };
    if (fields.mV !== undefined) event.mV = fields.mV;
    if (fields.temperatureC !== undefined) event.temperatureC = fields.temperatureC;
    if (fields.slopePercent !== undefined) event.slopePercent = fields.slopePercent;
    return event;
  }
}
