import type { Decimal } from '../../decimal/decimal.js';
import { dec, decimalPlaces, div, mul, round, sub } from '../../decimal/decimal.js';
import type { MassUnit } from '../../decimal/quantity.js';
import { convertMass } from '../../decimal/quantity.js';
import type { Balance } from '../../master-data/equipment.js';

/**
 * Rounding rule for derived targets: half-up to the decimal places of the balance's readability
 * expressed in the step's unit (BAL-04, d = 0.005 kg → 3 places; BAL-02, d = 0.01 g → 0.00001 kg → 5).
 * We round to places, not to multiples of d: the tolerance band absorbs the last division.
 */
export function targetScale(balance: Balance, stepUnit: MassUnit): number {
  return decimalPlaces(convertMass(dec(balance.readability), balance.unit, stepUnit));
}

/** adjusted = nominal × reference potency ÷ lot potency (FLOOR.md), rounded per targetScale. */
export function potencyAdjustedTarget(nominal: Decimal, referencePercent: Decimal, lotPercent: Decimal, scale: number): Decimal {
  return div(mul(nominal, referencePercent), lotPercent, scale, 'half-up');
}

/** The filler gives up what the API gained, so the batch mass holds: nominal − (adjusted − nominal of the API). */
export function compensatedTarget(nominal: Decimal, surplus: Decimal, scale: number): Decimal {
  return round(sub(nominal, surplus), scale, 'half-up');
}
