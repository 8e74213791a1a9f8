import { findStation, offlineGraceDeadlineMs, type MasterData } from '@lineside/domain';
import type { IdentityTable } from '../store/identity.js';
import type { CredentialVerifiers, MasterDataTable } from '../store/master-data.js';

/** What the rest of the kiosk reads of the pulled master data (`core.masterData`). */
export interface KioskMasterData {
  /** The domain snapshot deciders run against; null until the first complete pull. */
  snapshot(): MasterData | null;
  /** The applied master cursor; every appended record carries it as masterDataVersion. */
  version(): number;
  /** When the kiosk last pulled the whole feed (kiosk clock, ISO), or null if never. */
  lastRefreshAt(): string | null;
  /** lastRefreshAt + the station's offlineGraceHours; null when either is unknown. */
  graceExpiresAt(): string | null;
  /** True past the grace, and when there is no grace to be within (never pulled, station unknown). */
  graceExpired(nowMs: number): boolean;
  verifiers(userId: string): CredentialVerifiers | null;
}

/** The station's offline grace end (SYNC.md §6.7), from the pulled station and the last refresh. */
export function offlineGraceExpiresAt(snapshot: MasterData | null, stationId: string | undefined, lastRefreshAt: string | null): string | null {
  if (!snapshot || !stationId || !lastRefreshAt) return null;
  const station = findStation(snapshot, stationId);
  if (!station || !Number.isFinite(Date.parse(lastRefreshAt)) || !Number.isInteger(station.offlineGraceHours)) return null;
  // The domain's deadline, the same one that refuses a new order past the grace.
  return new Date(offlineGraceDeadlineMs(station, lastRefreshAt)).toISOString();
}

export function createKioskMasterData(table: MasterDataTable, identity: IdentityTable): KioskMasterData {
  const graceExpiresAt = () => offlineGraceExpiresAt(table.snapshot(), identity.get()?.stationId, table.cursor().lastRefreshAt);
  return {
    snapshot: () => table.snapshot(),
    version: () => table.cursor().version,
    lastRefreshAt: () => table.cursor().lastRefreshAt,
    graceExpiresAt,
    graceExpired(nowMs) {
      const expires = graceExpiresAt();
      return expires === null || nowMs > Date.parse(expires);
    },
    verifiers: (userId) => table.verifiers(userId),
  };
}
