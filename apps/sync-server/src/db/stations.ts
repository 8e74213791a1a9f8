import type { StationsTable } from './schema.js';
import type { Db } from './types.js';

export function findStation(db: Db, stationId: string): Promise<StationsTable | undefined> {
  return db.selectFrom('stations').selectAll().where('station_id', '=', stationId).executeTakeFirst();
}

export async function insertStation(db: Db, station: StationsTable): Promise<void> {
  await db.insertInto('stations').values(station).execute();
}

export function listStations(db: Db): Promise<StationsTable[]> {
  return db.selectFrom('stations').selectAll().orderBy('station_id').execute();
}
