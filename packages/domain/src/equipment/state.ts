import type { ShiftRef } from '../master-data/site.js';
import type { Instant } from '../time/calendar.js';

/** ISO 22400 equipment states the KPIs need: processing, idle, setup (incl. routine tests), down. */
export const OPERATING_STATES = ['running', 'idle', 'setup', 'down'] as const;
export type OperatingState = (typeof OPERATING_STATES)[number];

export interface RoutineTestResult {
  readonly shift: ShiftRef;
  readonly passed: boolean;
  readonly at: Instant;
}

interface EquipmentStateBase {
  readonly equipmentId: string;
  readonly lastRoutineTest?: RoutineTestResult;
  readonly operating: { readonly state: OperatingState; readonly since?: Instant; readonly reason?: string };
}

export type EquipmentState =
  | (EquipmentStateBase & { readonly status: 'available' })
  | (EquipmentStateBase & { readonly status: 'on-hold'; readonly holdIds: readonly string[] });

export const initialEquipmentState = (equipmentId: string): EquipmentState => ({ status: 'available', equipmentId, operating: { state: 'idle' } });
