import type { SignedRecord } from '@lineside/sync-protocol';
import { appendAudit } from '../db/audit.js';
import type { Engine } from '../db/engine.js';
import { findMasterEntity, nextMasterVersion, putMasterEntity } from '../db/master-data.js';
import type { Db } from '../db/types.js';

export const PIN_CHANGED = 'session.pin-changed';

/**
 * A user's own PIN set at a kiosk (`session.pin-changed`, issue 11) becomes the user's PIN everywhere, in
 * the push transaction that stores the record: the verifier replaces the admin-set one, `pin_must_change`
 * is cleared, and the user entity takes a new master version so every kiosk of the station pulls it.
 * A change citing a reset older than the user's last one is stored but not applied: the later reset wins. Of
 * two changes answering the same reset (set offline at two kiosks), the one set later by kiosk time wins,
 * whichever arrives last: an earlier one arriving after it is stored but not applied.
 * Returns how many changes were applied.
 */
export async function applyPinChanges(trx: Db, engine: Engine, records: readonly SignedRecord[], at: string): Promise<number> {
  let applied = 0;
  for (const record of records) {
    if (record.type !== PIN_CHANGED) continue;
    const { userId, pinVerifier, masterVersion } = record.payload;
    // The record contract was checked before the transaction; these guards only narrow the types.
    if (typeof userId !== 'string' || typeof pinVerifier !== 'string' || typeof masterVersion !== 'number') continue;
    const user = await trx.selectFrom('users').select(['pin_reset_version', 'pin_changed_at']).where('user_id', '=', userId).executeTakeFirst();
    const reason = `PIN set by the user at kiosk ${record.kioskId} (record seq ${record.seq}), replacing the one of master version ${masterVersion}`;
    if (!user) continue;
    if (Number(user.pin_reset_version) > masterVersion) {
      await appendAudit(trx, { at, actor: record.kioskId, action: 'user.pin-change-ignored', target: `user/${userId}`, reason: `${reason}: ignored, the PIN was reset again at master version ${user.pin_reset_version}`, details: { seq: record.seq, masterVersion } });
      continue;
    }
    if (user.pin_changed_at && Date.parse(user.pin_changed_at) > Date.parse(record.occurredAt)) {
      await appendAudit(trx, { at, actor: record.kioskId, action: 'user.pin-change-ignored', target: `user/${userId}`, reason: `${reason}: ignored, the user set a PIN later (${user.pin_changed_at}) than this one (${record.occurredAt})`, details: { seq: record.seq, masterVersion, occurredAt: record.occurredAt } });
      continue;
    }
    const version = await nextMasterVersion(trx, engine);
    await trx.updateTable('users').set({ pin_verifier: pinVerifier, pin_must_change: 0, pin_changed_at: record.occurredAt, master_version: version }).where('user_id', '=', userId).execute();
    const entity = await findMasterEntity(trx, 'user', userId);
    // The entity's data is unchanged; its new version is what makes kiosks pull the new verifier (pull.ts).
    if (entity) await putMasterEntity(trx, 'user', userId, entity, version, at);
    await appendAudit(trx, { at, actor: userId, action: 'user.pin-changed', target: `user/${userId}`, reason, details: { version, seq: record.seq, kioskId: record.kioskId, masterVersion } });
    applied += 1;
  }
  return applied;
}
