import type { FloorContext } from '../context.js';
import { add, sub, toString } from '../decimal/decimal.js';
import { findEquipment, findStation, findTestWeight } from '../master-data/master-data.js';
import { sensitivityLimits } from './routine-tests.js';
import { equipmentUsability } from './usability.js';

/** What the sensitivity test of a balance asks for, in the balance's unit and at its readability. */
export interface SensitivityPlan {
  readonly testWeightId: string;
  /** e.g. '5 kg, class F1'. */
  readonly testWeight: string;
  readonly unit: string;
  readonly expected: string;
  /** ± this much passes (nominal × tolerance %, shown at the balance's readability, rounded inwards). */
  readonly limit: string;
  readonly lowest: string;
  readonly highest: string;
  readonly tolerancePercent: string;
}

/** What the buffer calibration of a pH meter asks for: its buffers in order, and the limits it is judged by. */
export interface BufferPlan {
  readonly buffers: readonly string[];
  readonly slopeMinPercent: string;
  readonly slopeMaxPercent: string;
  readonly offsetLimitMv: string;
}

/** One instrument of the station on the daily-check list: may it be used now, and if not, why. */
export interface RoutineCheckItem {
  readonly equipmentId: string;
  readonly kind: 'balance' | 'ph-meter';
  readonly name: string;
  readonly frequency: 'day' | 'shift';
  /** ready: usable now; due: its test for this day/shift is missing; blocked: failed, on hold or out of calibration. */
  readonly status: 'ready' | 'due' | 'blocked';
  /** The domain's words for why it is not ready (or the calibration warning when it is). */
  readonly note: string | null;
  readonly sensitivity?: SensitivityPlan;
  readonly buffers?: BufferPlan;
}

/** The station's balances and pH meters with routine tests, in the station's order, with what each test asks. */
export function routineCheckList(ctx: FloorContext): RoutineCheckItem[] {
  const station = findStation(ctx.master, ctx.stationId);
  if (!station) return [];
  return station.equipmentIds.flatMap((id): RoutineCheckItem[] => {
    const equipment = findEquipment(ctx.master, id);
    if (!equipment || (equipment.kind !== 'balance' && equipment.kind !== 'ph-meter')) return [];
    const frequency = equipment.kind === 'balance' ? equipment.sensitivityTest?.frequency : equipment.bufferCalibration.frequency;
    if (!frequency) return [];
    const usable = equipmentUsability(id, equipment.kind, ctx);
    const status = usable.ok ? 'ready' : usable.code === 'equipment-routine-test-missing' ? 'due' : 'blocked';
    const note = usable.ok ? (usable.value.warnings[0] ?? null) : usable.message;
    const base = { equipmentId: id, kind: equipment.kind, name: equipment.name, frequency, status, note } as const;
    if (equipment.kind === 'ph-meter') {
      const { buffers, slopeMinPercent, slopeMaxPercent, offsetLimitMv } = equipment.bufferCalibration;
      return [{ ...base, buffers: { buffers, slopeMinPercent, slopeMaxPercent, offsetLimitMv } }];
    }
    if (!equipment.sensitivityTest) return [base];
    const weight = findTestWeight(ctx.master, equipment.sensitivityTest.testWeightId);
    if (!weight) return [base];
    const { expected, limit } = sensitivityLimits(equipment, weight, equipment.sensitivityTest.tolerancePercent);
    return [
      {
        ...base,
        sensitivity: {
          testWeightId: weight.id,
          testWeight: `${weight.nominal} ${weight.unit}, class ${weight.weightClass}`,
          unit: equipment.unit,
          expected: toString(expected),
          limit: toString(limit),
          lowest: toString(sub(expected, limit)),
          highest: toString(add(expected, limit)),
          tolerancePercent: equipment.sensitivityTest.tolerancePercent,
        },
      },
    ];
  });
}
