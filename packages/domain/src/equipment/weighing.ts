import type { FloorContext } from '../context.js';
import type { Decimal } from '../decimal/decimal.js';
import { dec, gt, parseDecimal } from '../decimal/decimal.js';
import { isMassUnit } from '../decimal/quantity.js';
import type { Balance } from '../master-data/equipment.js';
import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';
import type { CalibrationStatus } from './calibration.js';
import type { UsabilityRefusalCode } from './usability.js';
import { equipmentUsability } from './usability.js';

export const WEIGHING_REFUSAL_CODES = ['reading-unstable', 'reading-invalid', 'weighing-unit-mismatch', 'balance-capacity-exceeded'] as const;
export type WeighingRefusalCode = (typeof WEIGHING_REFUSAL_CODES)[number] | UsabilityRefusalCode;

export interface BalanceReadingInput {
  readonly value: string;
  readonly unit: string;
  readonly stable: boolean;
}

export interface CheckedReading {
  readonly balance: Balance;
  readonly calibration: CalibrationStatus;
  readonly value: Decimal;
}

/**
 * The one gate every weighing passes, in a dispense step or a free weighing: the balance usable now
 * (calibration, routine test, holds, station), the reading stable, in the balance's unit, a number,
 * within capacity. Returns the calibration in force for the record.
 */
export function checkWeighingReading(balanceId: string, reading: BalanceReadingInput, ctx: FloorContext, what = ''): Result<CheckedReading, WeighingRefusalCode> {
  const usable = equipmentUsability(balanceId, 'balance', ctx);
  if (!usable.ok) return usable;
  const balance = usable.value.equipment;
  if (!reading.stable) return refuse('reading-unstable', `The ${what ? `${what} ` : ''}reading on ${balance.id} is not stable — wait for the stable indicator`);
  if (!isMassUnit(reading.unit) || reading.unit !== balance.unit) return refuse('weighing-unit-mismatch', `Balance ${balance.id} weighs in ${balance.unit}; the reading came in "${reading.unit}"`);
  const value = parseDecimal(reading.value);
  if (!value.ok) return refuse('reading-invalid', `${what ? `${what[0]?.toUpperCase() ?? ''}${what.slice(1)}` : 'Reading'} on ${balance.id}: ${value.message}`);
  if (gt(value.value, dec(balance.capacity))) return refuse('balance-capacity-exceeded', `${what ? `${what[0]?.toUpperCase() ?? ''}${what.slice(1)} ` : ''}${reading.value} ${balance.unit} exceeds the capacity ${balance.capacity} ${balance.unit} of ${balance.id}`);
  return accept({ balance, calibration: usable.value.calibration, value: value.value });
}
