import type { FastifyInstance } from 'fastify';
import type { SignedRecord } from '@lineside/sync-protocol';
import { appendAudit } from '../db/audit.js';
import { findMasterEntity, nextMasterVersion, putMasterEntity, type EntityData } from '../db/master-data.js';

interface SignerPayload {
  readonly userId?: unknown;
  readonly at?: unknown;
  readonly until?: unknown;
  readonly by?: unknown;
  readonly reason?: unknown;
  readonly masterVersion?: unknown;
}

const ms = (instant: unknown) => (typeof instant === 'string' ? Date.parse(instant) : Number.NaN);

/**
 * A user locked out at one kiosk is locked out at every kiosk once the server knows (issue 9 §4): a
 * `signer.signer-locked-out` becomes `centralLockout` on the user, a master-data change every station
 * pulls. A `signer.signer-unlocked` given at a kiosk (QA's e-signature there) lifts it for all, as a
 * central unlock does. A lockout from before the last unlock the server knows of stays lifted, and one
 * already marked is kept: re-running (the sweep) changes nothing. A kiosk's record applying a central
 * unlock (`masterVersion`) only echoes what the server decided.
 */
export async function applyKioskLockouts(app: FastifyInstance, records: readonly SignedRecord[]): Promise<void> {
  for (const record of records) {
    if (record.type !== 'signer.signer-locked-out' && record.type !== 'signer.signer-unlocked') continue;
    const p = record.payload as SignerPayload;
    if (typeof p.userId !== 'string' || typeof p.at !== 'string' || Number.isNaN(ms(p.at))) continue;
    if (record.type === 'signer.signer-unlocked' && p.masterVersion !== undefined) continue;
    const userId = p.userId;
    const at = p.at;
    const now = app.now().toISOString();
    await app.db.transaction().execute(async (trx) => {
      const user = await findMasterEntity(trx, 'user', userId);
      if (!user) return;
      const lockout = user['centralLockout'] as { since?: string } | undefined;
      const unlock = user['centralUnlock'] as { at?: string } | undefined;
      let after: EntityData;
      let action: string;
      let reason: string;
      if (record.type === 'signer.signer-locked-out') {
        if (lockout || (unlock && ms(unlock.at) >= ms(at))) return;
        after = { ...user, centralLockout: { since: at, kioskId: record.kioskId, ...(typeof p.until === 'string' ? { until: p.until } : {}) } };
        action = 'user.kiosk-locked-out';
        reason = `locked out at kiosk ${record.kioskId} after repeated wrong PINs (record seq ${record.seq})`;
      } else {
        if (!lockout || ms(lockout.since) > ms(at) || typeof p.by !== 'string') return;
        const version = await nextMasterVersion(trx, app.engine);
        const { centralLockout: _lifted, ...rest } = user;
        after = { ...rest, centralUnlock: { at, by: p.by, reason: typeof p.reason === 'string' ? p.reason : '', version, kioskId: record.kioskId } };
        await putMasterEntity(trx, 'user', userId, after, version, now);
        await appendAudit(trx, { at: now, actor: p.by, action: 'user.unlocked', target: `user/${userId}`, reason: `unlocked at kiosk ${record.kioskId} (record seq ${record.seq}): ${String(p.reason ?? '')}`, details: { version, before: { centralLockout: lockout }, after: { centralUnlock: after['centralUnlock'] } } });
        return;
      }
      const version = await nextMasterVersion(trx, app.engine);
      await putMasterEntity(trx, 'user', userId, after, version, now);
      // 11.300(d): an attempted misuse is reported at once, to the audit trail and every kiosk.
      await appendAudit(trx, { at: now, actor: record.kioskId, action, target: `user/${userId}`, reason, details: { version, before: { centralLockout: null }, after: { centralLockout: after['centralLockout'] } } });
      app.log.warn({ userId, kioskId: record.kioskId, seq: record.seq }, 'user locked out at a kiosk: locked out at every kiosk until an unlock');
    });
  }
}
