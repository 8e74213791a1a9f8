import type { KioskStatus } from '@lineside/sync-protocol';
import type { Engine } from './engine.js';
import type { KioskKeysTable, KiosksTable } from './schema.js';
import type { Db } from './types.js';

export interface Kiosk {
  readonly kioskId: string;
  readonly stationId: string;
  readonly status: KioskStatus;
  readonly keyId: string;
  /** A replacement key enrolled but not approved yet. */
  readonly pendingKeyId: string | null;
  readonly hostname: string | null;
  readonly appVersion: string;
  readonly enrolledAt: string;
  readonly statusChangedAt: string;
  readonly statusChangedBy: string | null;
  readonly statusReason: string | null;
}

function toKiosk(row: KiosksTable): Kiosk {
  return {
    kioskId: row.kiosk_id,
    stationId: row.station_id,
    status: row.status as KioskStatus,
    keyId: row.current_key_id,
    pendingKeyId: row.pending_key_id ?? null,
    hostname: row.hostname,
    appVersion: row.app_version,
    enrolledAt: row.enrolled_at,
    statusChangedAt: row.status_changed_at,
    statusChangedBy: row.status_changed_by,
    statusReason: row.status_reason,
  };
}

export async function findKiosk(db: Db, kioskId: string, engine?: Engine): Promise<Kiosk | undefined> {
  let query = db.selectFrom('kiosks').selectAll().where('kiosk_id', '=', kioskId);
  // Locks the kiosk row on PostgreSQL so a push and a revoke/quarantine serialise per kiosk.
  if (engine === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row ? toKiosk(row) : undefined;
}

export async function listKiosks(db: Db): Promise<Kiosk[]> {
  const rows = await db.selectFrom('kiosks').selectAll().orderBy('kiosk_id').execute();
  return rows.map(toKiosk);
}

export async function insertKiosk(db: Db, row: KiosksTable): Promise<void> {
  await db.insertInto('kiosks').values(row).execute();
}

export async function replaceKioskKey(db: Db, kioskId: string, fields: Pick<KiosksTable, 'current_key_id' | 'hostname' | 'app_version' | 'enrolled_at' | 'status_changed_at'>): Promise<void> {
  await db
    .updateTable('kiosks')
    .set({ ...fields, status: 'pending', status_changed_by: null, status_reason: 're-enrolled with a new key' })
    .where('kiosk_id', '=', kioskId)
    .execute();
}

/** A new key for a kiosk that already has a working one: it waits, the current key stays in use. */
export async function setPendingKey(db: Db, kioskId: string, keyId: string): Promise<void> {
  await db.updateTable('kiosks').set({ pending_key_id: keyId }).where('kiosk_id', '=', kioskId).execute();
}

/** Approval of a pending replacement key: it becomes the kiosk's key, the old one is retired. */
export async function promotePendingKey(db: Db, kioskId: string, change: { at: string; by: string }): Promise<void> {
  const kiosk = await db.selectFrom('kiosks').select('pending_key_id').where('kiosk_id', '=', kioskId).executeTakeFirstOrThrow();
  if (!kiosk.pending_key_id) throw new Error(`kiosk ${kioskId} has no pending key to approve`);
  await db
    .updateTable('kiosks')
    .set({ current_key_id: kiosk.pending_key_id, pending_key_id: null, status: 'active', status_changed_at: change.at, status_changed_by: change.by, status_reason: 'approved a replacement key' })
    .where('kiosk_id', '=', kioskId)
    .execute();
}

export async function setKioskStatus(db: Db, kioskId: string, status: KioskStatus, change: { at: string; by: string | null; reason: string | null }): Promise<void> {
  await db
    .updateTable('kiosks')
    .set({ status, status_changed_at: change.at, status_changed_by: change.by, status_reason: change.reason })
    .where('kiosk_id', '=', kioskId)
    .execute();
}

export async function insertKioskKey(db: Db, row: KioskKeysTable): Promise<void> {
  await db.insertInto('kiosk_keys').values(row).execute();
}

export function findKioskKey(db: Db, keyId: string): Promise<KioskKeysTable | undefined> {
  return db.selectFrom('kiosk_keys').selectAll().where('key_id', '=', keyId).executeTakeFirst();
}

export function findKeyByPublicKey(db: Db, publicKey: string): Promise<KioskKeysTable | undefined> {
  return db.selectFrom('kiosk_keys').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
}

export async function lastKeyNumber(db: Db, kioskId: string): Promise<number> {
  const row = await db
    .selectFrom('kiosk_keys')
    .select((eb) => eb.fn.max('key_number').as('n'))
    .where('kiosk_id', '=', kioskId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Every key of the given kiosks (current, waiting and retired). */
export async function keysOfKiosks(db: Db, kioskIds: readonly string[]): Promise<KioskKeysTable[]> {
  if (kioskIds.length === 0) return [];
  return db.selectFrom('kiosk_keys').selectAll().where('kiosk_id', 'in', kioskIds).orderBy('kiosk_id').orderBy('key_number').execute();
}
