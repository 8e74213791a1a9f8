import type { Decimal } from '../decimal/decimal.js';
import { dec, max, mul } from '../decimal/decimal.js';
import type { Balance } from '../master-data/equipment.js';

/**
 * USP <41>: fit for net m when 2·s/m ≤ 0.10 %, so m_min = 2000·s, with s never below 0.41·d
 * (m_min ≥ 820·d); the site's safety factor multiplies it. Result in the balance's unit.
 */
export function minimumWeight(balance: Balance): { readonly usp41: Decimal; readonly withSafetyFactor: Decimal } {
  const usp41 = max(mul(dec('2000'), dec(balance.repeatabilitySd)), mul(dec('820'), dec(balance.readability)));
  return { usp41, withSafetyFactor: mul(usp41, dec(balance.safetyFactor)) };
}
