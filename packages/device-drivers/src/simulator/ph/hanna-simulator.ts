// A Hanna HI98190-style meter on a pty: MDR and RAS answered in STX…checksum…ETX, unknown commands NAK.
import { encodeHannaAnswer, NAK } from '../../hanna/framer.js';
import type { PtyPair } from '../pty-pair.js';
import { PtyDeviceHost } from '../pty-host.js';
import { PhModel, type PhSimulatorControl, type PhSimulatorOptions } from './ph-model.js';

export const HANNA_SIMULATED_MODEL = 'HI98190';

export class HannaSimulator extends PtyDeviceHost implements PhSimulatorControl {
  readonly model: PhModel;

  static start(options: PhSimulatorOptions = {}): Promise<HannaSimulator> {
    return PtyDeviceHost.openOnPty((pair) => new HannaSimulator(pair, options));
  }

  private constructor(pair: PtyPair, options: PhSimulatorOptions) {
    // Commands may start with a DLE (0x10) prefix; it is not part of the command.
    super(pair, { delimiters: ['\r', '\n'], maxLineLength: 256, dropLeading: [0x00, 0xff, 0x10] });
    this.model = new PhModel(options);
  }

  setReading(reading: { ph?: string; mV?: string; temperatureC?: string }): void {
    this.model.set(reading);
  }
  setUnstable(unstable: boolean): void {
    this.model.unstable = unstable;
  }
  setOutOfCalibration(outOfCalibration: boolean): void {
    this.model.outOfCalibration = outOfCalibration;
  }
  setSerialNumber(serialNumber: string): void {
    this.model.serialNumber = serialNumber;
  }

  /** RAS: mode 01 (pH 0.01), status (probe connected, 0x04 when out of calibration), R R, pH(11), mV(7), °C(7). */
  rasAnswer(): string {
    const m = this.model;
    const status = (0x10 | (m.outOfCalibration ? 0x04 : 0)).toString(16).toUpperCase().padStart(2, '0');
    return `01${status}RR${m.read().text.padStart(11)}${m.mV.text.padStart(7)}${m.temperatureC.text.padStart(7)}`;
  }

  protected async execute(line: string): Promise<void> {
    const command = line.trim().toUpperCase();
    if (command === 'RAS') await this.replyRaw(encodeHannaAnswer(this.rasAnswer()));
    else if (command === 'MDR') await this.replyRaw(encodeHannaAnswer(HANNA_SIMULATED_MODEL));
    else if (command !== '') await this.replyRaw(NAK);
  }
}
