// The weighing cell every balance simulator shares: load, tare, zero, motion, ranges. Pure: no I/O, no clock.
import { makeDecimal, parseDecimal, scaleDecimal } from '../decimal.js';

export interface BalanceSettings {
  serialNumber: string;
  /** type text of I2, e.g. 'XS204 Excellence' */
  model: string;
  /** firmware text of I3 */
  firmware: string;
  /** capacity in `unit`, e.g. '220.00' */
  capacity: string;
  unit: string;
  /** decimals shown (readability 10^-decimals) */
  decimals: number;
}

export const DEFAULT_BALANCE_SETTINGS: BalanceSettings = {
  serialNumber: 'B207696838',
  model: 'XS204 Excellence',
  firmware: '1.10 18.6.4.1361.772',
  capacity: '220.0000',
  unit: 'g',
  decimals: 4,
};

function defaultCapacity(decimals: number): string {
  return decimals === 0 ? '220' : `220.${'0'.repeat(decimals)}`;
}

/** What a weight request sees right now. */
export type WeightState = { kind: 'value'; units: bigint; stable: boolean } | { kind: 'overload' } | { kind: 'underload' } | { kind: 'busy' } | { kind: 'error'; code: number };

export class BalanceModel {
  settings: BalanceSettings;
  /** gross load on the pan, in 10^-decimals of the unit */
  private gross = 0n;
  private zeroPoint = 0n;
  private tareValue = 0n;
  motion = false;
  /** pan removed / below the zero range */
  underload = false;
  weightErrorCode: number | undefined;
  /** executing something else (an internal adjustment): no reading can be given */
  busy = false;
  /** added to the gross on every reading: a warming or evaporating sample */
  driftPerReading = 0n;

  constructor(settings: Partial<BalanceSettings> = {}) {
    // Decimals without a capacity: the default capacity (220) shown at those decimals.
    const capacity = settings.capacity ?? (settings.decimals !== undefined && Number.isInteger(settings.decimals) && settings.decimals >= 0 ? defaultCapacity(settings.decimals) : DEFAULT_BALANCE_SETTINGS.capacity);
    this.settings = { ...DEFAULT_BALANCE_SETTINGS, ...settings, capacity };
    if (!Number.isInteger(this.settings.decimals) || this.settings.decimals < 0 || this.settings.decimals > 6) {
      throw new RangeError(`simulator decimals must be an integer 0..6, got ${this.settings.decimals}`);
    }
    this.toUnits(this.settings.capacity, 'capacity');
  }

  /** Puts a load on the pan (gross, in the balance unit, at most `decimals` decimals). */
  setLoad(text: string): void {
    this.gross = this.toUnits(text, 'load');
  }

  get capacityUnits(): bigint {
    return this.toUnits(this.settings.capacity, 'capacity');
  }

  /** The zero/tare range is ±2% of capacity around the power-up zero. */
  private get zeroRange(): bigint {
    return this.capacityUnits / 50n;
  }

  read(): WeightState {
    if (this.weightErrorCode !== undefined) return { kind: 'error', code: this.weightErrorCode };
    if (this.busy) return { kind: 'busy' };
    this.gross += this.driftPerReading;
    if (this.gross > this.capacityUnits) return { kind: 'overload' };
    if (this.underload) return { kind: 'underload' };
    return { kind: 'value', units: this.gross - this.zeroPoint - this.tareValue, stable: !this.motion };
  }

  /** T: tares the present load; refuses outside the tare range. */
  tare(): { ok: true; tare: bigint } | { ok: false; status: '+' | '-' } {
    const load = this.gross - this.zeroPoint;
    if (load > this.capacityUnits) return { ok: false, status: '+' };
    if (load < -this.zeroRange || this.underload) return { ok: false, status: '-' };
    this.tareValue = load;
    return { ok: true, tare: load };
  }

  get currentTare(): bigint {
    return this.tareValue;
  }

  presetTare(text: string): void {
    this.tareValue = this.toUnits(text, 'tare');
  }

  clearTare(): void {
    this.tareValue = 0n;
  }

  /** Z: new zero point, tare cleared; refuses outside ±2% of capacity. */
  zero(): { ok: true } | { ok: false; status: '+' | '-' } {
    if (this.gross > this.zeroRange) return { ok: false, status: '+' };
    if (this.gross < -this.zeroRange || this.underload) return { ok: false, status: '-' };
    this.zeroPoint = this.gross;
    this.tareValue = 0n;
    return { ok: true };
  }

  format(units: bigint): string {
    return makeDecimal(units, -this.settings.decimals).text;
  }

  private toUnits(text: string, what: string): bigint {
    const value = parseDecimal(text);
    if (value === null) throw new RangeError(`simulator ${what} ${JSON.stringify(text)} is not a decimal number`);
    if (-value.exponent > this.settings.decimals) throw new RangeError(`simulator ${what} ${text} has more than ${this.settings.decimals} decimals`);
    return scaleDecimal(value, -this.settings.decimals);
  }
}
