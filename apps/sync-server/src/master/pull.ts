import { userMayWorkAt } from '@lineside/domain';
import { signObject } from '@lineside/sync-protocol/node';
import { changesSince, type MasterEntity } from '../db/master-data.js';
import type { Db } from '../db/types.js';
import type { ServerKey } from '../plugins/database.js';
import type { JsonValue, MasterChange, PullResponse } from '@lineside/sync-protocol';

/**
 * Master-data changes after `cursor`, in commit order (SYNC.md §6.6), as the kiosk of `stationId` may
 * see them. A page never splits one version, so a kiosk that applies whole pages never holds half of a
 * master-data transaction.
 */
export async function pullSince(db: Db, key: ServerKey, stationId: string, cursor: number, limit: number, serverTime: string): Promise<PullResponse> {
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
  const verifiers = await db.selectFrom('users').select(['user_id', 'pin_verifier', 'pin_must_change']).execute();
  const changes = forStation(page, stationId, new Map(verifiers.map((v) => [v.user_id, { pinVerifier: v.pin_verifier, pinMustChange: Number(v.pin_must_change) === 1 }])));
  const to = changes.length > 0 ? changes[changes.length - 1]!.version : cursor;
  const unsigned = { from: cursor, to, complete: complete && changes.length === rows.length, changes, serverTime, serverKeyId: key.keyId };
  return signObject(unsigned, key.privateKey);
}

type Row = { entity: string; entity_id: string; data: string | null; version: number; removed: number };

/**
 * Kiosks check badge + PIN and e-signatures offline, so a user travels with their PIN verifier (a hash) —
 * but only to the kiosks of the stations where they may work (issue 9 §4): a stolen kiosk holds the
 * verifiers of its own station's people, not the plant's. Another station's user is sent as a `remove`
 * at the same version, so a kiosk drops a user who was moved away. Eligibility is a field of the user
 * (`stations`), so it changes only with the user's own version and a pull by cursor never misses it.
 * Password verifiers stay on the server: kiosks never check passwords.
 */
function forStation(rows: readonly Row[], stationId: string, pins: Map<string, { pinVerifier: string | null; pinMustChange: boolean }>): MasterChange[] {
  return rows.map((row) => {
    const data = row.removed === 1 || row.data === null ? null : (JSON.parse(row.data) as Record<string, JsonValue>);
    const change = { entity: row.entity as MasterEntity, id: row.entity_id, version: Number(row.version) };
    if (data === null) return { ...change, op: 'remove', data: null };
    if (row.entity !== 'user') return { ...change, op: 'put', data };
    const stations = Array.isArray(data['stations']) ? data['stations'].filter((s): s is string => typeof s === 'string') : undefined;
    if (!userMayWorkAt(stations === undefined ? {} : { stations }, stationId)) return { ...change, op: 'remove', data: null };
    const pin = pins.get(row.entity_id);
    // A reset PIN is temporary: the kiosk makes the user set their own before any work (issue 11).
    const secret = { ...(pin?.pinVerifier ? { pinVerifier: pin.pinVerifier } : {}), ...(pin?.pinMustChange ? { pinMustChange: true } : {}) };
    return { ...change, op: 'put', data: { ...data, ...secret } };
  });
}
