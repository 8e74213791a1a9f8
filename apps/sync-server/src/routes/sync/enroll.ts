import type { FastifyInstance } from 'fastify';
import { parseEnrollmentCode, type EnrollRequest, type EnrollResponse, type ErrorReason } from '@lineside/sync-protocol';
import { importPublicKey, keyFingerprint } from '@lineside/sync-protocol/node';
import { appendAudit } from '../../db/audit.js';
import { findEnrollmentCode, useEnrollmentCode } from '../../db/enrollment-codes.js';
import { EMPTY_CHAIN, insertCursor } from '../../db/key-cursor.js';
import { findKeyByPublicKey, findKiosk, insertKiosk, insertKioskKey, lastKeyNumber, replaceKioskKey, setPendingKey } from '../../db/kiosks.js';
import { normaliseEnrollmentCode, tokenHash } from '../../security/tokens.js';

type Refusal = { ok: false; statusCode: number; reason: ErrorReason; message: string };
const refusal = (statusCode: number, reason: ErrorReason, message: string): Refusal => ({ ok: false, statusCode, reason, message });

/** Enrollment (SYNC.md §6.1): a one-time code bound to a station admits one public key, as pending. */
export async function enroll(app: FastifyInstance, request: EnrollRequest): Promise<{ ok: true; value: EnrollResponse } | Refusal> {
  const now = app.now();
  const at = now.toISOString();
  // A kiosk sends the code alone; one pasted with its @fingerprint still counts.
  const parts = parseEnrollmentCode(request.code);
  const codeHash = tokenHash(normaliseEnrollmentCode(parts.ok ? parts.value.code : request.code));
  const code = await findEnrollmentCode(app.db, codeHash);
  if (!code) return refusal(404, 'unknown-enrollment-code', 'the enrollment code is not known: ask an admin for a new code');
  if (code.used_at) return refusal(409, 'enrollment-code-used', `the enrollment code for station ${code.station_id} was already used at ${code.used_at}: ask an admin for a new code`);
  if (code.expires_at <= at) return refusal(410, 'enrollment-code-expired', `the enrollment code for station ${code.station_id} expired at ${code.expires_at}: ask an admin for a new code`);
  try {
    importPublicKey(request.publicKey);
  } catch (error) {
    return refusal(400, 'bad-public-key', `the kiosk public key cannot be used: ${(error as Error).message}`);
  }
  if (await findKeyByPublicKey(app.db, request.publicKey)) {
    return refusal(409, 'key-already-enrolled', 'this public key is already enrolled: a kiosk makes a new key pair before it enrolls again');
  }

  return app.db.transaction().execute(async (trx): Promise<{ ok: true; value: EnrollResponse } | Refusal> => {
    const kioskId = code.kiosk_id;
    const existing = await findKiosk(trx, kioskId, app.engine);
    const keyNumber = (await lastKeyNumber(trx, kioskId)) + 1;
    const keyId = `${kioskId}#${keyNumber}`;
    // Marked used first: of two kiosks racing with one code, exactly one gets past this line.
    if (!(await useEnrollmentCode(trx, codeHash, keyId, at))) {
      return refusal(409, 'enrollment-code-used', `the enrollment code for station ${code.station_id} was just used by another request`);
    }
    if (existing) {
      await insertKioskKey(trx, { key_id: keyId, kiosk_id: kioskId, key_number: keyNumber, public_key: request.publicKey, fingerprint: keyFingerprint(request.publicKey), created_at: at });
      // A key that was never approved may simply be replaced; an approved one keeps working until the new one is approved.
      if (existing.status === 'pending') await replaceKioskKey(trx, kioskId, { current_key_id: keyId, hostname: request.hostname ?? null, app_version: request.appVersion, enrolled_at: at, status_changed_at: at });
      else await setPendingKey(trx, kioskId, keyId);
    } else {
      await insertKiosk(trx, {
        kiosk_id: kioskId,
        station_id: code.station_id,
        status: 'pending',
        current_key_id: keyId,
        pending_key_id: null,
        hostname: request.hostname ?? null,
        app_version: request.appVersion,
        enrolled_at: at,
        status_changed_at: at,
        status_changed_by: null,
        status_reason: 'enrolled',
      });
      await insertKioskKey(trx, { key_id: keyId, kiosk_id: kioskId, key_number: keyNumber, public_key: request.publicKey, fingerprint: keyFingerprint(request.publicKey), created_at: at });
    }
    // Every key owns its chain (an epoch of the kiosk): it starts at seq 1 from the genesis hash.
    await insertCursor(trx, { keyId, kioskId }, EMPTY_CHAIN);
    await appendAudit(trx, {
      at,
      actor: `kiosk:${kioskId}`,
      action: 'kiosk.enrolled',
      target: kioskId,
      details: { keyId, ...(existing && existing.status !== 'pending' ? { replacesKeyId: existing.keyId } : {}), fingerprint: keyFingerprint(request.publicKey), hostname: request.hostname ?? null, appVersion: request.appVersion, codeIssuedBy: code.created_by },
    });
    // `as never`: sync-protocol's status union types as never (reported to the lead).
    return { ok: true, value: { kioskId, keyId, stationId: code.station_id, status: 'pending' as never, serverTime: app.now().toISOString() } };
  });
}
