// The simulated electrode: exact decimal pH, mV and temperature, stability, calibration, noise.
import { makeDecimal, parseDecimal, type ExactDecimal } from '../../decimal.js';

export interface PhSimulatorOptions {
  ph?: string;
  mV?: string;
  temperatureC?: string;
  serialNumber?: string;
}

export interface PhSimulatorControl {
  readonly commands: readonly string[];
  setReading(reading: { ph?: string; mV?: string; temperatureC?: string }): void;
  /** an unstable reading changes on every request (never reaches an endpoint) */
  setUnstable(unstable: boolean): void;
  setSerialNumber(serialNumber: string): void;
  setSilent(silent: boolean): void;
  setReplyDelay(ms: number): void;
  setNoise(bytes: string | undefined): void;
  setFragmentation(chunkSize: number | undefined): void;
  writeRaw(bytes: string | Uint8Array): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
}

export class PhModel {
  ph: ExactDecimal;
  mV: ExactDecimal;
  temperatureC: ExactDecimal;
  unstable = false;
  outOfCalibration = false;
  serialNumber: string;
  private wobble = 0n;

  constructor(options: PhSimulatorOptions = {}) {
    this.ph = decimal(options.ph ?? '7.00', 'pH');
    this.mV = decimal(options.mV ?? '0.0', 'mV');
    this.temperatureC = decimal(options.temperatureC ?? '25.0', 'temperature');
    this.serialNumber = options.serialNumber ?? 'X51250';
  }

  set(reading: { ph?: string; mV?: string; temperatureC?: string }): void {
    if (reading.ph !== undefined) this.ph = decimal(reading.ph, 'pH');
    if (reading.mV !== undefined) this.mV = decimal(reading.mV, 'mV');
    if (reading.temperatureC !== undefined) this.temperatureC = decimal(reading.temperatureC, 'temperature');
  }

  /** The pH of the next reading: while unstable, it moves by one last digit each time. */
  read(): ExactDecimal {
    if (!this.unstable) return this.ph;
    this.wobble = (this.wobble + 1n) % 5n;
    return makeDecimal(BigInt(this.ph.units) + this.wobble - 2n, this.ph.exponent);
  }
}

function decimal(text: string, what: string): ExactDecimal {
  const value = parseDecimal(text);
  if (value === null) throw new RangeError(`simulated ${what} ${JSON.stringify(text)} is not a decimal`);
  return value;
}
