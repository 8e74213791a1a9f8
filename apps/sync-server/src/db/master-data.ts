import { MASTER_ENTITIES, type MasterEntity } from '@lineside/sync-protocol';
import type { Engine } from './engine.js';
import type { Db } from './types.js';

/** One entity kind per collection of the domain's MasterData (sync-protocol's catalog); the pull ships them in this vocabulary. */
export { MASTER_ENTITIES, type MasterEntity };

export type EntityData = Readonly<Record<string, unknown>>;

/**
 * History time of the plant's baseline: master data seeded, or present before history was kept.
 * The business checks take it as true since always, so a record is never judged against "nothing".
 */
export const BASELINE = '0000-01-01T00:00:00.000Z';

export async function findMasterEntity(db: Db, entity: MasterEntity, id: string): Promise<EntityData | undefined> {
  const row = await db.selectFrom('master_data').select(['data', 'removed']).where('entity', '=', entity).where('entity_id', '=', id).executeTakeFirst();
  return row && row.removed === 0 && row.data ? (JSON.parse(row.data) as EntityData) : undefined;
}

/**
 * Takes the next master version inside the caller's transaction. The row lock (PostgreSQL) or the
 * write transaction (SQLite) serialises master-data writers, so versions become visible in commit
 * order and a pull by cursor never skips a change (SYNC.md §6.6).
 */
export async function nextMasterVersion(trx: Db, _engine: Engine): Promise<number> {
  const row = await trx
    .updateTable('master_version')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('id', '=', 1)
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

export async function currentMasterVersion(db: Db): Promise<number> {
  const row = await db.selectFrom('master_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(row.version);
}

/** Sets the current state and appends it to the history with the server time `at` it took effect. */
export async function putMasterEntity(trx: Db, entity: MasterEntity, id: string, data: EntityData | null, version: number, at: string): Promise<void> {
  await trx.insertInto('master_history').values({ entity, entity_id: id, version, changed_at: at, data: data === null ? null : JSON.stringify(data) }).execute();
  await trx
    .insertInto('master_data')
    .values({ entity, entity_id: id, data: data === null ? null : JSON.stringify(data), version, removed: data === null ? 1 : 0 })
    .onConflict((oc) => oc.columns(['entity', 'entity_id']).doUpdateSet({ data: data === null ? null : JSON.stringify(data), version, removed: data === null ? 1 : 0 }))
    .execute();
}

export async function changesSince(db: Db, cursor: number, limit: number) {
  return db.selectFrom('master_data').selectAll().where('version', '>', cursor).orderBy('version').orderBy('entity').orderBy('entity_id').limit(limit).execute();
}

export async function listMasterEntities(db: Db, entity: MasterEntity): Promise<EntityData[]> {
  const rows = await db.selectFrom('master_data').select('data').where('entity', '=', entity).where('removed', '=', 0).orderBy('entity_id').execute();
  return rows.flatMap((r) => (r.data ? [JSON.parse(r.data) as EntityData] : []));
}
