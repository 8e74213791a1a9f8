// The serial lifecycle of SerialDeviceDriver with a line framer, weight readings and the balance API.
import type { BalanceDriver, BalanceDriverOptions, CaptureResult, TareResult, ZeroResult } from '../balance.js';
import type { WeightEvent } from '../events.js';
import { LineFramer, type LineFramerOptions } from '../framing/line-framer.js';
import { SerialDeviceDriver } from './serial-device-driver.js';

export type { Frame, IdentityFields, Phase, RangeState, RequestResult, Verdict } from './serial-device-driver.js';

export abstract class SerialBalanceDriver<P> extends SerialDeviceDriver<P, WeightEvent> implements BalanceDriver {
  protected readonly deviceNoun = 'balance';
  declare protected readonly options: BalanceDriverOptions;

  abstract captureStable(options?: { timeoutMs?: number }): Promise<CaptureResult>;
  abstract tare(): Promise<TareResult>;
  abstract zero(): Promise<ZeroResult>;

  constructor(options: BalanceDriverOptions, framing: LineFramerOptions) {
    super(options, new LineFramer(framing));
  }

  /** A weight reading: back in range, remembered as latest (unless it is a tare value), emitted. */
  protected emitWeight(frame: { raw: string; at: string }, reading: Pick<WeightEvent, 'value' | 'unit' | 'stable' | 'basis'>): WeightEvent {
    const event: WeightEvent = { kind: 'weight', deviceId: this.deviceId, at: frame.at, raw: frame.raw, ...reading };
    if (event.basis !== 'tare') this.setRange('in-range', frame, 'weight in range');
    return this.emitReading(event, event.basis !== 'tare');
  }
}
