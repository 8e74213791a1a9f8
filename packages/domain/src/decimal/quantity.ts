import type { Decimal } from './decimal.js';
import { shift } from './decimal.js';

export const MASS_UNITS = ['mg', 'g', 'kg'] as const;
export type MassUnit = (typeof MASS_UNITS)[number];

const EXPONENT: Record<MassUnit, number> = { mg: -3, g: 0, kg: 3 };

/** Convert a mass exactly (a power of ten, never a float). */
export function convertMass(value: Decimal, from: MassUnit, to: MassUnit): Decimal {
  return shift(value, EXPONENT[from] - EXPONENT[to]);
}

export function isMassUnit(text: string): text is MassUnit {
  return (MASS_UNITS as readonly string[]).includes(text);
}
