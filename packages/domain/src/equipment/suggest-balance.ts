import type { FloorContext } from '../context.js';
import type { Decimal } from '../decimal/decimal.js';
import { compare, dec, decimalPlaces, div, gt, lt, toString } from '../decimal/decimal.js';
import type { MassUnit } from '../decimal/quantity.js';
import { convertMass } from '../decimal/quantity.js';
import type { Balance } from '../master-data/equipment.js';
import { minimumWeight } from './minimum-weight.js';
import { equipmentUsability } from './usability.js';

export interface BalanceFit {
  readonly balanceId: string;
  /** Fewest equal containers that keep each net within capacity and above the minimum weight. */
  readonly containers: number;
  readonly perContainer: string;
  readonly unit: MassUnit;
}

/**
 * Balances usable now at this station that can weigh `quantity` in at most `maxContainers`
 * containers, smallest capacity first (FLOOR.md: suggest the smallest balance that fits).
 * Tare is not known in advance, so capacity is checked against the net share only.
 */
export function suggestBalances(quantity: Decimal, unit: MassUnit, maxContainers: number, ctx: FloorContext, allowed?: readonly string[]): readonly BalanceFit[] {
  const fits: { fit: BalanceFit; balance: Balance }[] = [];
  for (const equipment of ctx.master.equipment) {
    if (equipment.kind !== 'balance' || (allowed && !allowed.includes(equipment.id))) continue;
    if (!equipmentUsability(equipment.id, 'balance', ctx).ok) continue;
    const amount = convertMass(quantity, unit, equipment.unit);
    const floorWeight = minimumWeight(equipment).withSafetyFactor;
    for (let n = 1; n <= maxContainers; n += 1) {
      const share = div(amount, dec(String(n)), amount.scale + 2, 'down');
      if (lt(share, floorWeight)) break;
      if (!gt(share, dec(equipment.capacity))) {
        fits.push({ fit: { balanceId: equipment.id, containers: n, perContainer: toString(div(amount, dec(String(n)), Math.max(amount.scale, decimalPlaces(dec(equipment.readability))), 'half-up')), unit: equipment.unit }, balance: equipment });
        break;
      }
    }
  }
  return fits.sort((a, b) => compare(convertMass(dec(a.balance.capacity), a.balance.unit, 'g'), convertMass(dec(b.balance.capacity), b.balance.unit, 'g'))).map((f) => f.fit);
}
