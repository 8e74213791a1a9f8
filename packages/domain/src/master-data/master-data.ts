import type { DispensedContainer } from './container.js';
import type { DowntimeReason } from './downtime.js';
import type { CalibrationCertificate, Equipment, TestWeight } from './equipment.js';
import type { Lot, Material } from './material.js';
import type { User } from './people.js';
import type { PlannedOrder, Recipe } from './recipe.js';
import type { Settings, Shift, Site, Station } from './site.js';

/** The snapshot a kiosk decides against; `version` is the server's master-data cursor. */
export interface MasterData {
  readonly version: number;
  readonly site: Site;
  readonly shifts: readonly Shift[];
  readonly settings: Settings;
  readonly materials: readonly Material[];
  readonly lots: readonly Lot[];
  readonly equipment: readonly Equipment[];
  readonly testWeights: readonly TestWeight[];
  readonly calibrations: readonly CalibrationCertificate[];
  readonly stations: readonly Station[];
  readonly users: readonly User[];
  readonly recipes: readonly Recipe[];
  readonly orders: readonly PlannedOrder[];
  readonly downtimeReasons: readonly DowntimeReason[];
  /** Dispensed containers the server knows (derived from the kiosks' records); absent: none pulled yet. */
  readonly containers?: readonly DispensedContainer[];
}

export const findMaterial = (md: MasterData, id: string) => md.materials.find((m) => m.id === id);
export const findLot = (md: MasterData, id: string) => md.lots.find((l) => l.id === id);
export const findEquipment = (md: MasterData, id: string) => md.equipment.find((e) => e.id === id);
export const findStation = (md: MasterData, id: string) => md.stations.find((s) => s.id === id);
export const findUser = (md: MasterData, id: string) => md.users.find((u) => u.id === id);
export const findTestWeight = (md: MasterData, id: string) => md.testWeights.find((w) => w.id === id);
export const findRecipe = (md: MasterData, id: string, version: number) => md.recipes.find((r) => r.id === id && r.version === version);
export const findContainer = (md: MasterData, sscc: string) => md.containers?.find((c) => c.id === sscc);
export const findPlannedOrder = (md: MasterData, id: string) => md.orders.find((o) => o.id === id);

/** The certificate in force: the latest calibration of that equipment. */
export function calibrationInForce(md: MasterData, equipmentId: string): CalibrationCertificate | undefined {
  return md.calibrations.filter((c) => c.equipmentId === equipmentId).reduce<CalibrationCertificate | undefined>((latest, c) => (!latest || c.calibratedOn > latest.calibratedOn ? c : latest), undefined);
}
