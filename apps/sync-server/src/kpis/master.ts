import { createHash } from 'node:crypto';
import { plannedRunMinutesPerKg, type Balance, type Recipe, type ShiftCalendar, type ShiftDefinition } from '@lineside/domain';
import { listMasterEntities } from '../db/master-data.js';
import type { Db } from '../db/types.js';

/** What the KPIs need from master data: the plant's calendar, down reasons, planned run times, balances. */
export interface KpiMaster {
  readonly calendar: ShiftCalendar;
  /** Down-time reasons (master data `downtime-reason`): planned ones are not failures (no FE, no TTR). */
  readonly plannedDownReasons: ReadonlySet<string>;
  /** PRI by material: planned run time per kilogram dispensed, ms. */
  readonly priMsPerKg: ReadonlyMap<string, number>;
  /** PRI of the dispense steps that plan their own (`recipeId@version/stepId`), ms per kg: it overrides the material's. */
  readonly stepPriMsPerKg: ReadonlyMap<string, number>;
  readonly balances: ReadonlyMap<string, Balance>;
  readonly heartbeatGapMs: number;
  /** A digest of all of the above and of the facts' definition: stored facts made under another are not used. */
  readonly key: string;
}

export const DEFAULT_HEARTBEAT_GAP_MINUTES = 30;
/** Raise when what a stored fact holds, or how it is computed, changes: every stored fact is then recomputed. */
// 4: a rejection with disposition 'reweigh' takes its weighing out of PQ (order.weighing-rejected@2).
const FACTS_DEFINITION = 4;

export async function loadKpiMaster(db: Db): Promise<KpiMaster> {
  const [site] = (await listMasterEntities(db, 'site')) as { timeZone?: string }[];
  const [settings] = (await listMasterEntities(db, 'settings')) as { kpiHeartbeatGapMinutes?: number }[];
  const downtimeReasons = (await listMasterEntities(db, 'downtime-reason')) as { id: string; category?: string }[];
  const shifts = (await listMasterEntities(db, 'shift')) as unknown as ShiftDefinition[];
  const materials = (await listMasterEntities(db, 'material')) as { id: string; plannedRunMinutesPerKg?: number | string }[];
  const equipment = (await listMasterEntities(db, 'equipment')) as unknown as { kind: string; id: string }[];
  const recipes = (await listMasterEntities(db, 'recipe')) as unknown as Recipe[];
  const stepPri = recipes.flatMap((r) => r.steps.flatMap((step) => (step.kind === 'dispense' && step.plannedRunMinutesPerKg !== undefined ? [[`${r.id}@${r.version}/${step.id}`, plannedRunMinutesPerKg(step, undefined)! * 60_000] as const] : [])));
  const master = {
    calendar: { timeZone: site?.timeZone ?? 'UTC', shifts: [...shifts].sort((a, b) => a.start.localeCompare(b.start)) },
    plannedDownReasons: new Set(downtimeReasons.filter((r) => r.category === 'planned').map((r) => r.id)),
    priMsPerKg: new Map(materials.filter((m) => m.plannedRunMinutesPerKg !== undefined).map((m) => [m.id, Number(m.plannedRunMinutesPerKg) * 60_000])),
    stepPriMsPerKg: new Map(stepPri),
    balances: new Map(equipment.filter((e): e is Balance => e.kind === 'balance').map((b) => [b.id, b])),
    heartbeatGapMs: (settings?.kpiHeartbeatGapMinutes ?? DEFAULT_HEARTBEAT_GAP_MINUTES) * 60_000,
  };
  const sorted = <T>(items: Iterable<T>) => [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const key = digest([FACTS_DEFINITION, master.calendar, sorted(master.plannedDownReasons), sorted(master.priMsPerKg), sorted(master.stepPriMsPerKg), sorted(master.balances), master.heartbeatGapMs]);
  return { ...master, key };
}

export const digest = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 32);
