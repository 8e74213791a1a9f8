import type { FloorContext } from '../context.js';
import type { Equipment } from '../master-data/equipment.js';
import { findEquipment, findStation } from '../master-data/master-data.js';
import type { ShiftRef } from '../master-data/site.js';
import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';
import type { CalibrationStatus } from './calibration.js';
import { calibrationStatus } from './calibration.js';
import type { EquipmentState } from './state.js';
import { initialEquipmentState } from './state.js';

export const USABILITY_REFUSAL_CODES = [
  'equipment-unknown',
  'equipment-wrong-kind',
  'equipment-not-at-station',
  'equipment-never-calibrated',
  'equipment-calibration-expired',
  'equipment-on-hold',
  'equipment-routine-test-missing',
  'equipment-routine-test-failed',
] as const;
export type UsabilityRefusalCode = (typeof USABILITY_REFUSAL_CODES)[number];

export interface Usable {
  readonly equipment: Equipment;
  /** The calibration status in force, kept on the record of what was measured with it. */
  readonly calibration: CalibrationStatus;
  readonly warnings: readonly string[];
}

const KIND_NAME = { balance: 'Balance', 'ph-meter': 'pH meter', scanner: 'Scanner' } as const;
const ACT = { balance: 'weighing blocked', 'ph-meter': 'measurement blocked', scanner: 'scanning blocked' } as const;

export function sameTestPeriod(a: ShiftRef, b: ShiftRef, frequency: 'shift' | 'day'): boolean {
  return a.date === b.date && (frequency === 'day' || a.shiftId === b.shiftId);
}

/**
 * May this instrument be used now at this station? In calibration, routine test passed for the
 * day/shift, not on hold. Calibration inside the warning band passes with a warning.
 */
export function equipmentUsability<K extends Equipment['kind']>(equipmentId: string, kind: K, ctx: FloorContext): Result<Usable & { readonly equipment: Extract<Equipment, { kind: K }> }, UsabilityRefusalCode> {
  const equipment = findEquipment(ctx.master, equipmentId);
  if (!equipment) return refuse('equipment-unknown', `Equipment ${equipmentId} is not in the master data`);
  if (equipment.kind !== kind) return refuse('equipment-wrong-kind', `${equipmentId} is a ${KIND_NAME[equipment.kind].toLowerCase()}, not a ${KIND_NAME[kind].toLowerCase()}`);
  const name = `${KIND_NAME[equipment.kind]} ${equipmentId}`;
  const station = findStation(ctx.master, ctx.stationId);
  if (!station || !station.equipmentIds.includes(equipmentId)) return refuse('equipment-not-at-station', `${name} is not assigned to station ${ctx.stationId} — ${ACT[equipment.kind]}`);
  if (equipment.kind === 'scanner') return accept({ equipment: equipment as Extract<Equipment, { kind: K }>, calibration: { status: 'never-calibrated' }, warnings: [] });

  const calibration = calibrationStatus(ctx.master, equipmentId, ctx.today);
  if (calibration.status === 'never-calibrated') return refuse('equipment-never-calibrated', `${name} has no calibration certificate — ${ACT[equipment.kind]}`);
  if (calibration.status === 'expired') return refuse('equipment-calibration-expired', `${name} calibration expired on ${calibration.dueOn} — ${ACT[equipment.kind]}`);

  const state: EquipmentState = ctx.equipmentStates[equipmentId] ?? initialEquipmentState(equipmentId);
  const hold = ctx.activeHolds.find((h) => h.target.kind === 'equipment' && h.target.id === equipmentId);
  if (state.status === 'on-hold' || hold) {
    const why = hold ? `: ${hold.reason}` : '';
    return refuse('equipment-on-hold', `${name} is on hold${why} — ${ACT[equipment.kind]} until QA releases it`);
  }

  const frequency = equipment.kind === 'balance' ? equipment.sensitivityTest?.frequency : equipment.bufferCalibration.frequency;
  if (frequency) {
    const test = state.lastRoutineTest;
    const what = equipment.kind === 'balance' ? 'sensitivity test' : 'buffer calibration';
    const period = frequency === 'day' ? `today (${ctx.today})` : `this shift (${ctx.shift.shiftId} on ${ctx.shift.date})`;
    if (!test || !sameTestPeriod(test.shift, ctx.shift, frequency)) return refuse('equipment-routine-test-missing', `${name} has no passed ${what} ${period} — ${ACT[equipment.kind]}`);
    if (!test.passed) return refuse('equipment-routine-test-failed', `${name} failed its ${what} ${period} — ${ACT[equipment.kind]}`);
  }

  const warnings = calibration.status === 'due-soon' ? [`${name} calibration is due on ${calibration.dueOn} (in ${calibration.daysLeft} day${calibration.daysLeft === 1 ? '' : 's'})`] : [];
  return accept({ equipment: equipment as Extract<Equipment, { kind: K }>, calibration, warnings });
}
