import type { Db } from '../db/types.js';
import { listMasterEntities } from '../db/master-data.js';

export const KPI_SCOPES = ['workUnit', 'station', 'plant'] as const;
export type KpiScope = (typeof KPI_SCOPES)[number];

/**
 * What the KPIs are computed over. A work unit is one instrument (a balance, a pH meter): its own
 * state records and its own weighings. A station is its instruments together (their states combined
 * by the time model's precedence) and every weighing of its kiosk. The plant is every station, its
 * figures the ratio of the summed station totals.
 */
export interface KpiUnit {
  readonly stationId: string;
  readonly kioskIds: readonly string[];
  /** The instruments whose states make this unit's time model. */
  readonly equipmentIds: readonly string[];
  /** Only weighings on this balance count (work-unit scope); absent: every weighing of the station. */
  readonly balanceId?: string;
}

interface StationData {
  readonly id: string;
  readonly name?: string;
  readonly equipmentIds?: readonly string[];
  readonly kioskId?: string;
}

export type ScopeResolution = { ok: true; units: KpiUnit[] } | { ok: false; message: string };

export async function resolveScope(db: Db, scope: KpiScope, id: string | undefined): Promise<ScopeResolution> {
  const stations = (await listMasterEntities(db, 'station')) as unknown as StationData[];
  const kiosks = await db.selectFrom('kiosks').select(['kiosk_id', 'station_id']).execute();
  const registered = await db.selectFrom('stations').select(['station_id', 'kiosk_id']).execute();
  const kiosksOf = (stationId: string) =>
    [...new Set([...kiosks.filter((k) => k.station_id === stationId).map((k) => k.kiosk_id), ...registered.filter((s) => s.station_id === stationId).map((s) => s.kiosk_id), ...stations.filter((s) => s.id === stationId && s.kioskId).map((s) => s.kioskId!)])].sort();
  const unitOf = (s: StationData): KpiUnit => ({ stationId: s.id, kioskIds: kiosksOf(s.id), equipmentIds: [...(s.equipmentIds ?? [])].sort() });
  if (scope === 'plant') return { ok: true, units: stations.map(unitOf).sort((a, b) => a.stationId.localeCompare(b.stationId)) };
  if (!id) return { ok: false, message: `scope ${scope} needs an id (the ${scope === 'station' ? 'station id, e.g. DISP-1' : 'equipment id, e.g. BAL-01'})` };
  if (scope === 'station') {
    const station = stations.find((s) => s.id === id);
    return station ? { ok: true, units: [unitOf(station)] } : { ok: false, message: `station ${id} is not in the master data` };
  }
  const station = stations.find((s) => s.equipmentIds?.includes(id));
  if (!station) return { ok: false, message: `equipment ${id} is not assigned to any station` };
  return { ok: true, units: [{ stationId: station.id, kioskIds: kiosksOf(station.id), equipmentIds: [id], balanceId: id }] };
}
