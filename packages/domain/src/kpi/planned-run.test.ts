import { describe, expect, it } from 'vitest';
import { effectiveness } from './effectiveness.js';
import { plannedRunMinutesPerKg } from './planned-run.js';
import { emptyTotals } from './totals.js';

describe('PRI of a dispense step (ISO 22400-2 E = Σ(PRI·PQ) / APT)', () => {
  const pcm = { plannedRunMinutesPerKg: 0.2 };
  it('is the material’s unless the recipe step plans its own', () => {
    expect(plannedRunMinutesPerKg({}, pcm)).toBe(0.2);
    expect(plannedRunMinutesPerKg({ plannedRunMinutesPerKg: 0.5 }, pcm)).toBe(0.5);
    expect(plannedRunMinutesPerKg(undefined, {})).toBeUndefined();
  });

  it('worked example: 25 kg of paracetamol in 20 minutes of running, planned by the step at 0.5 min/kg', () => {
    // By the material: Σ PRI·PQ = 0.2 min/kg × 25 kg = 5 min, E = 5 / 20 = 0.25.
    // By the step:     Σ PRI·PQ = 0.5 min/kg × 25 kg = 12.5 min, E = 12.5 / 20 = 0.625.
    const minute = 60_000;
    const e = (pri: number) => effectiveness({ ...emptyTotals(), apt: 20 * minute, pq: 25, plannedRun: pri * 25 * minute });
    expect(e(plannedRunMinutesPerKg({}, pcm)!)).toMatchObject({ numerator: 5 * minute, denominator: 20 * minute, value: 0.25 });
    expect(e(plannedRunMinutesPerKg({ plannedRunMinutesPerKg: 0.5 }, pcm)!)).toMatchObject({ numerator: 12.5 * minute, denominator: 20 * minute, value: 0.625 });
  });
});
