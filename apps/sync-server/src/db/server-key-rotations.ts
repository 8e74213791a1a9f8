import type { ServerKeyRotation } from '@lineside/sync-protocol';
import type { Db } from './types.js';

export async function insertServerKeyRotation(db: Db, rotation: ServerKeyRotation): Promise<void> {
  await db
    .insertInto('server_key_rotations')
    .values({ previous_key_id: rotation.previousKeyId, server_key_id: rotation.serverKeyId, public_key: rotation.publicKey, rotated_at: rotation.rotatedAt, sig: rotation.sig })
    .execute();
}

/** Every rotation the server signed, oldest first: a kiosk walks them from its pinned key. */
export async function listServerKeyRotations(db: Db): Promise<ServerKeyRotation[]> {
  const rows = await db.selectFrom('server_key_rotations').selectAll().orderBy('rotated_at').orderBy('previous_key_id').execute();
  return rows.map((r) => ({ previousKeyId: r.previous_key_id, serverKeyId: r.server_key_id, publicKey: r.public_key, rotatedAt: r.rotated_at, sig: r.sig }));
}
