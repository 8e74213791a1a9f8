import type { FloorContext } from '../context.js';
import { findStation } from '../master-data/master-data.js';
import type { Station } from '../master-data/site.js';
import type { Refusal } from '../result.js';
import { refuse } from '../result.js';
import { instantMs } from '../time/calendar.js';

export const STATION_REFUSAL_CODES = ['station-unknown', 'station-offline-grace-exceeded'] as const;
export type StationRefusalCode = (typeof STATION_REFUSAL_CODES)[number];

const HOUR_MS = 3_600_000;

/** The one place the offline grace ends: the last master-data refresh plus the station's offlineGraceHours (ms). */
export function offlineGraceDeadlineMs(station: Pick<Station, 'offlineGraceHours'>, masterDataRefreshedAt: string): number {
  return instantMs(masterDataRefreshedAt) + station.offlineGraceHours * HOUR_MS;
}

/** Past the grace period without a master-data refresh no new order starts; running ones may finish. */
export function offlineGraceRefusal(ctx: FloorContext): Refusal<StationRefusalCode> | undefined {
  const station = findStation(ctx.master, ctx.stationId);
  if (!station) return refuse('station-unknown', `Station ${ctx.stationId} is not in the master data`);
  if (instantMs(ctx.now) > offlineGraceDeadlineMs(station, ctx.masterDataRefreshedAt)) {
    const elapsedMs = instantMs(ctx.now) - instantMs(ctx.masterDataRefreshedAt);
    const hours = Math.floor(elapsedMs / HOUR_MS);
    return refuse(
      'station-offline-grace-exceeded',
      `Station ${station.id} last refreshed master data at ${ctx.masterDataRefreshedAt}, ${hours} h ago, beyond its offline grace of ${station.offlineGraceHours} h — no new order may start until it reconnects`,
    );
  }
  return undefined;
}
