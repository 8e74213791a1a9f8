import type { FastifyInstance } from 'fastify';
import { appendAudit } from '../db/audit.js';
import type { Db } from '../db/types.js';
import { findMasterEntity, nextMasterVersion, putMasterEntity, type EntityData, type MasterEntity } from '../db/master-data.js';

export type MasterWrite = { entity: MasterEntity; id: string; data: EntityData | null; actor: string; reason: string };

/**
 * One master-data change in one transaction: the next master version, the entity row and an audit
 * entry with before and after (Annex 11 §9: the reason is recorded with the change).
 */
export async function writeMasterEntity(app: FastifyInstance, change: MasterWrite & { action?: string }): Promise<{ version: number; before: EntityData | undefined }> {
  const at = app.now().toISOString();
  return app.db.transaction().execute(async (trx) => {
    const version = await nextMasterVersion(trx, app.engine);
    const before = await putWithAudit(trx, at, version, change);
    return { version, before };
  });
}

/**
 * Puts one entity at `version` (taken by the caller in this transaction) with its audit entry: reason,
 * actor, time, before and after. `action` names what happened when it is more than a put (a recipe
 * approved, an order released); `extra` adds details such as the signature.
 */
export async function putWithAudit(trx: Db, at: string, version: number, change: MasterWrite & { action?: string; extra?: Record<string, unknown> }): Promise<EntityData | undefined> {
  const before = await findMasterEntity(trx, change.entity, change.id);
  await putMasterEntity(trx, change.entity, change.id, change.data, version, at);
  if (change.entity === 'station' && change.data) await upsertStation(trx, change.id, change.data);
  await appendAudit(trx, {
    at,
    actor: change.actor,
    action: change.action ?? (change.data === null ? 'master-data.removed' : before ? 'master-data.changed' : 'master-data.created'),
    target: `${change.entity}/${change.id}`,
    reason: change.reason,
    details: { version, before: before ?? null, after: change.data, ...change.extra },
  });
  return before;
}

// Enrollment codes are bound to rows of the stations table, so a station edit keeps it in step.
async function upsertStation(trx: Db, id: string, data: EntityData): Promise<void> {
  const row = {
    station_id: id,
    kiosk_id: typeof data['kioskId'] === 'string' ? data['kioskId'] : `K-${id}`,
    plant_id: 'P1',
    name: typeof data['name'] === 'string' ? data['name'] : id,
    offline_grace_hours: typeof data['offlineGraceHours'] === 'number' ? data['offlineGraceHours'] : 72,
  };
  await trx.insertInto('stations').values(row).onConflict((oc) => oc.column('station_id').doUpdateSet({ name: row.name, offline_grace_hours: row.offline_grace_hours })).execute();
}
