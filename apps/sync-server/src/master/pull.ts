import { signObject } from '@lineside/sync-protocol/node';
import { changesSince, type MasterEntity } from '../db/master-data.js';
import type { Db } from '../db/types.js';
import type { ServerKey } from '../plugins/database.js';
import type { JsonValue, MasterChange, PullResponse } from '@lineside/sync-protocol';

/**
 * Master-data changes after `cursor`, in commit order (SYNC.md §6.6). A page never splits one
 * version, so a kiosk that applies whole pages never holds half of a master-data transaction.
 */
export async function pullSince(db: Db, key: ServerKey, cursor: number, limit: number, serverTime: string): Promise<PullResponse> {
  // One statement reads the changes: versions become visible in commit order (nextMasterVersion), so
  // nothing below the last version read can still appear later.
  const rows = await changesSince(db, cursor, limit + 1);
  let page = rows.slice(0, limit);
  const complete = rows.length <= limit;
  if (!complete && page.length > 0) {
    const cut = page[page.length - 1]!.version;
    if (rows[limit]!.version === cut) {
      const whole = page.filter((r) => r.version !== cut);
      // A single version bigger than the page is sent whole rather than split.
      page = whole.length > 0 ? whole : (await changesSince(db, cursor, Number.MAX_SAFE_INTEGER)).filter((r) => r.version === cut);
    }
  }
  const verifiers = await db.selectFrom('users').select(['user_id', 'password_verifier', 'pin_verifier']).execute();
  const changes = withVerifiers(page, new Map(verifiers.map((v) => [v.user_id, v])));
  const to = changes.length > 0 ? changes[changes.length - 1]!.version : cursor;
  const unsigned = { from: cursor, to, complete: complete && changes.length === rows.length, changes, serverTime, serverKeyId: key.keyId };
  return signObject(unsigned, key.privateKey);
}

type Row = { entity: string; entity_id: string; data: string | null; version: number; removed: number };

/** Kiosks check badge + PIN and e-signatures offline, so users travel with their verifiers (hashes only). */
function withVerifiers(rows: readonly Row[], verifiers: Map<string, { password_verifier: string; pin_verifier: string | null }>): MasterChange[] {
  return rows.map((row) => {
    const data = row.removed === 1 || row.data === null ? null : (JSON.parse(row.data) as Record<string, JsonValue>);
    const secrets = row.entity === 'user' ? verifiers.get(row.entity_id) : undefined;
    return {
      entity: row.entity as MasterEntity,
      id: row.entity_id,
      version: Number(row.version),
      op: data === null ? 'remove' : 'put',
      data: data && secrets ? { ...data, passwordVerifier: secrets.password_verifier, pinVerifier: secrets.pin_verifier } : data,
    };
  });
}
