import type { FloorContext } from '../context.js';
import { findStation } from '../master-data/master-data.js';
import type { Refusal } from '../result.js';
import { refuse } from '../result.js';
import { instantMs } from '../time/calendar.js';

export const STATION_REFUSAL_CODES = ['station-unknown', 'station-offline-grace-exceeded'] as const;
export type StationRefusalCode = (typeof STATION_REFUSAL_CODES)[number];

const HOUR_MS = 3_600_000;

/** Past the grace period without a master-data refresh no new order starts; running ones may finish. */
export function offlineGraceRefusal(ctx: FloorContext): Refusal<StationRefusalCode> | undefined {
  const station = findStation(ctx.master, ctx.stationId);
  if (!station) return refuse('station-unknown', `Station ${ctx.stationId} is not in the master data`);
  const elapsedMs = instantMs(ctx.now) - instantMs(ctx.masterDataRefreshedAt);
  if (elapsedMs > station.offlineGraceHours * HOUR_MS) {
    const hours = Math.floor(elapsedMs / HOUR_MS);
    return refuse(
      'station-offline-grace-exceeded',
      `Station ${station.id} last refreshed master data at ${ctx.masterDataRefreshedAt}, ${hours} h ago, beyond its offline grace of ${station.offlineGraceHours} h — no new order may start until it reconnects`,
    );
  }
  return undefined;
}
