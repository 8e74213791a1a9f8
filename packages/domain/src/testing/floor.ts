import type { ActiveHold, FloorContext } from '../context.js';
import { demoPlant } from '../demo-plant.js';
import { evolveEquipment } from '../equipment/equipment.js';
import type { EquipmentEvent } from '../equipment/equipment.js';
import type { EquipmentState } from '../equipment/state.js';
import { initialEquipmentState } from '../equipment/state.js';
import type { Signature } from '../esignature/signature.js';
import type { MasterData } from '../master-data/master-data.js';
import type { SignatureMeaning } from '../master-data/recipe.js';
import type { ShiftRef } from '../master-data/site.js';

export const TODAY = { year: 2026, month: 11, day: 25 } as const;
export const NOW = '2026-11-25T09:00:00+00:00';
export const EARLY: ShiftRef = { shiftId: 'early', date: '2026-11-25' };

/** Routine tests passed this shift, as the equipment fold would hold them after the morning checks. */
export function passedRoutineTests(ids: readonly string[], shift: ShiftRef = EARLY, at = '2026-11-25T06:10:00+00:00'): Record<string, EquipmentState> {
  const states: Record<string, EquipmentState> = {};
  for (const id of ids) {
    const event: EquipmentEvent = { type: 'RoutineTestPassed', at, shift, equipmentId: id, test: id.startsWith('PH') ? 'ph-buffer-calibration' : 'balance-sensitivity', performedBy: 'max.maintenance', details: {} };
    states[id] = evolveEquipment(initialEquipmentState(id), event);
  }
  return states;
}

export interface FloorOptions {
  readonly master?: MasterData;
  readonly now?: string;
  readonly today?: string;
  readonly shift?: ShiftRef;
  readonly stationId?: string;
  readonly masterDataRefreshedAt?: string;
  readonly equipmentStates?: Record<string, EquipmentState>;
  readonly activeHolds?: readonly ActiveHold[];
}

/** The demo plant on 2026-11-25, early shift, at DISP-1, morning checks done on all but BAL-03. */
export function floor(options: FloorOptions = {}): FloorContext {
  let n = 0;
  return {
    now: options.now ?? NOW,
    today: options.today ?? '2026-11-25',
    shift: options.shift ?? EARLY,
    master: options.master ?? demoPlant(TODAY),
    stationId: options.stationId ?? 'DISP-1',
    masterDataRefreshedAt: options.masterDataRefreshedAt ?? '2026-11-25T06:00:00+00:00',
    equipmentStates: options.equipmentStates ?? passedRoutineTests(['BAL-01', 'BAL-02', 'BAL-04', 'PH-01']),
    activeHolds: options.activeHolds ?? [],
    newId: () => `id-${(n += 1)}`,
  };
}

const NAMES: Record<string, string> = {
  'olivia.operator': 'Olivia Operator',
  'oscar.operator': 'Oscar Operator',
  'gina.granulation': 'Gina Granulation',
  'quinn.qa': 'Quinn QA',
  'sam.supervisor': 'Sam Supervisor',
  'max.maintenance': 'Max Maintenance',
  'ada.admin': 'Ada Admin',
};

/** A signature as SignatureApplied would carry it. */
export function signature(signerId: string, meaning: SignatureMeaning, extra: Partial<Signature> = {}): Signature {
  return { signatureId: `sig-${signerId}-${meaning}`, signerId, printedName: NAMES[signerId] ?? signerId, meaning, signedAt: NOW, signedHash: `sha256:${'a'.repeat(64)}`, components: 'id-and-secret', ...extra };
}
