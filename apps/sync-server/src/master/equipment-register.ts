import {
  calibrationStatus,
  equipmentUsability,
  evolveEquipment,
  initialEquipmentState,
  localDateTime,
  minimumWeight,
  sensitivityLimits,
  shiftOfLocal,
  toString,
  type ActiveHold,
  type Equipment,
  type EquipmentEvent,
  type EquipmentState,
  type FloorContext,
  type HoldEvent,
  type MasterData,
} from '@lineside/domain';
import { assembleMasterData, MASTER_ENTITIES, parseMasterEntity, type MasterEntity, type MasterEntityData } from '@lineside/sync-protocol';
import { currentMasterVersion, listMasterEntities } from '../db/master-data.js';
import { envelopesOfTypes } from '../db/records.js';
import type { Db } from '../db/types.js';

/** The records that move an instrument's state on a kiosk: routine tests and holds (equipment or QA holds). */
const EQUIPMENT_RECORD_TYPES = ['equipment.routine-test-passed', 'equipment.routine-test-failed', 'equipment.hold-placed', 'hold.hold-placed', 'hold.hold-released'] as const;

/** The master data in force as the domain's snapshot: every entity parsed with its schema, as a kiosk does after a pull. */
export async function masterSnapshot(db: Db): Promise<MasterData | null> {
  const kept: { entity: MasterEntity; value: MasterEntityData<MasterEntity> }[] = [];
  for (const entity of MASTER_ENTITIES) {
    for (const data of await listMasterEntities(db, entity)) {
      const parsed = parseMasterEntity(entity, data, { pulled: true });
      if (parsed.ok) kept.push({ entity, value: parsed.value });
    }
  }
  return assembleMasterData(await currentMasterVersion(db), kept);
}

export interface RoutineTestEntry {
  readonly at: string;
  readonly kioskId: string;
  readonly seq: number;
  readonly kind: 'test-passed' | 'test-failed' | 'hold-placed' | 'hold-released';
  readonly test?: string;
  readonly by?: string;
  readonly details?: Record<string, unknown>;
  readonly reason?: string;
}

export interface EquipmentFold {
  readonly states: Readonly<Record<string, EquipmentState>>;
  readonly holds: readonly ActiveHold[];
  readonly history: Readonly<Record<string, RoutineTestEntry[]>>;
}

type Envelope = { type: string; kioskId: string; seq: number; occurredAt: string; payload: (EquipmentEvent | HoldEvent) & Record<string, unknown> };

/**
 * Folds the stored kiosk records of routine tests and holds, from every kiosk in kiosk time, through the
 * domain's evolveEquipment: the state the kiosks' own rules read (last routine test, on hold or not).
 */
export async function foldEquipmentRecords(db: Db): Promise<EquipmentFold> {
  const envelopes = (await envelopesOfTypes(db, EQUIPMENT_RECORD_TYPES)).map((text) => JSON.parse(text) as Envelope).sort((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.seq - b.seq);
  const states: Record<string, EquipmentState> = {};
  const holds = new Map<string, ActiveHold>();
  const history: Record<string, RoutineTestEntry[]> = {};
  for (const e of envelopes) {
    const event = e.payload;
    const equipmentId = event.type === 'HoldPlaced' || event.type === 'HoldReleased' ? (event.target.kind === 'equipment' ? event.target.id : undefined) : 'equipmentId' in event ? event.equipmentId : undefined;
    if (equipmentId === undefined) continue;
    states[equipmentId] = evolveEquipment(states[equipmentId] ?? initialEquipmentState(equipmentId), event);
    const base = { at: e.occurredAt, kioskId: e.kioskId, seq: e.seq };
    let entry: RoutineTestEntry | undefined;
    if (event.type === 'RoutineTestPassed' || event.type === 'RoutineTestFailed') {
      entry = { ...base, kind: event.type === 'RoutineTestPassed' ? 'test-passed' : 'test-failed', test: event.test, by: event.performedBy, details: event.details as Record<string, unknown> };
    } else if (event.type === 'HoldPlaced') {
      holds.set(event.holdId, { holdId: event.holdId, target: event.target, reason: event.reason });
      entry = { ...base, kind: 'hold-placed', reason: event.reason };
    } else if (event.type === 'HoldReleased') {
      holds.delete(event.holdId);
      entry = { ...base, kind: 'hold-released', ...('reason' in event && typeof event.reason === 'string' ? { reason: event.reason } : {}) };
    }
    if (entry) (history[equipmentId] ??= []).push(entry);
  }
  return { states, holds: [...holds.values()], history };
}

export interface UsabilityAt {
  readonly stationId: string;
  readonly usable: boolean;
  /** The domain's refusal code, or undefined when usable. */
  readonly code?: string;
  /** Why, in the kiosk's own words; a warning when usable inside the calibration warning band. */
  readonly message: string;
}

export interface InstrumentRegister {
  readonly equipment: Equipment;
  readonly calibration: ReturnType<typeof calibrationStatus>;
  readonly certificates: readonly MasterData['calibrations'][number][];
  readonly minimumWeight?: { readonly usp41: string; readonly withSafetyFactor: string; readonly unit: string };
  readonly sensitivityLimits?: { readonly testWeightId: string; readonly expected: string; readonly limit: string; readonly unit: string };
  readonly usability: readonly UsabilityAt[];
  readonly state: EquipmentState;
  readonly history: readonly RoutineTestEntry[];
}

/** Plant-local day and shift of `now`, as a kiosk of the plant would see them (site time zone). */
export function plantNow(master: MasterData, now: Date): { local: string; today: string; shift: FloorContext['shift'] } {
  const zone = master.site.timeZone ?? 'UTC';
  const { date, hhmm } = localDateTime(zone, now.getTime());
  const local = `${date}T${hhmm}:00`;
  return { local, today: date, shift: shiftOfLocal(master.shifts, local) };
}

/**
 * One instrument as the register shows it: certificates, the calibration status and warning band, the
 * minimum weight, the routine-test limits, and — per station it is assigned to — whether a kiosk there
 * would let it be used today and why not, decided by the domain's equipmentUsability.
 */
export function instrumentRegister(master: MasterData, fold: EquipmentFold, equipment: Equipment, now: Date): InstrumentRegister {
  const { local, today, shift } = plantNow(master, now);
  const state = fold.states[equipment.id] ?? initialEquipmentState(equipment.id);
  const stations = master.stations.filter((s) => s.equipmentIds.includes(equipment.id));
  const usability = stations.map((station): UsabilityAt => {
    const ctx: FloorContext = {
      now: local,
      today,
      shift,
      master,
      stationId: station.id,
      masterDataRefreshedAt: now.toISOString(),
      equipmentStates: fold.states,
      activeHolds: fold.holds,
      newId: () => 'register',
    };
    const verdict = equipmentUsability(equipment.id, equipment.kind, ctx);
    if (!verdict.ok) return { stationId: station.id, usable: false, code: verdict.code, message: verdict.message };
    return { stationId: station.id, usable: true, message: verdict.value.warnings.join('; ') || `${equipment.id} may be used at ${station.id} today` };
  });
  const certificates = master.calibrations.filter((c) => c.equipmentId === equipment.id).sort((a, b) => b.calibratedOn.localeCompare(a.calibratedOn));
  const result: InstrumentRegister = { equipment, calibration: calibrationStatus(master, equipment.id, today), certificates, usability, state, history: [...(fold.history[equipment.id] ?? [])].reverse() };
  if (equipment.kind !== 'balance') return result;
  const min = minimumWeight(equipment);
  const weight = equipment.sensitivityTest ? master.testWeights.find((w) => w.id === equipment.sensitivityTest!.testWeightId) : undefined;
  const limits = weight && equipment.sensitivityTest ? sensitivityLimits(equipment, weight, equipment.sensitivityTest.tolerancePercent) : undefined;
  return {
    ...result,
    minimumWeight: { usp41: toString(min.usp41), withSafetyFactor: toString(min.withSafetyFactor), unit: equipment.unit },
    ...(limits && weight ? { sensitivityLimits: { testWeightId: weight.id, expected: toString(limits.expected), limit: toString(limits.limit), unit: equipment.unit } } : {}),
  };
}
