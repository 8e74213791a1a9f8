import type { EquipmentState } from './equipment/state.js';
import type { HoldTarget } from './hold/events.js';
import type { MasterData } from './master-data/master-data.js';
import type { ShiftRef } from './master-data/site.js';
import type { Instant, IsoDate } from './time/calendar.js';

/** Everything a decider may know besides its own state: time, ids and the floor as the kiosk sees it. */
export interface FloorContext {
  readonly now: Instant;
  /** Plant-local calendar date of `now`. */
  readonly today: IsoDate;
  readonly shift: ShiftRef;
  readonly master: MasterData;
  readonly stationId: string;
  /** When the kiosk last refreshed master data from the server (offline grace). */
  readonly masterDataRefreshedAt: Instant;
  /** Folded equipment states (routine tests, holds, operating state) by equipment id. */
  readonly equipmentStates: Readonly<Record<string, EquipmentState>>;
  /** Holds in force that are not already a status in master data (placed on this kiosk or centrally). */
  readonly activeHolds: readonly ActiveHold[];
  /** Ids come in from outside (UUIDv7 on the kiosk); deciders never invent them. */
  readonly newId: () => string;
}

export interface ActiveHold {
  readonly holdId: string;
  readonly target: HoldTarget;
  readonly reason: string;
}
