import type { ServerKeyRotation } from '@lineside/sync-protocol';
import { signServerKeyRotation, type ServerKeyRef } from '@lineside/sync-protocol/node';
import { insertServerKeyRotation } from '../db/server-key-rotations.js';
import type { Db } from '../db/types.js';
import type { ServerKey } from '../plugins/database.js';

/**
 * The step a key rotation must take before the server signs with `next`: the current key vouches for
 * it, and GET /sync/v1/server-key serves the statement, so kiosks that pinned the old key accept the new.
 */
export async function recordServerKeyRotation(db: Db, previous: ServerKey, next: ServerKeyRef, at: string): Promise<ServerKeyRotation> {
  const statement = signServerKeyRotation(previous, next, at);
  await insertServerKeyRotation(db, statement);
  return statement;
}
