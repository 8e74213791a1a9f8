import type { FastifyInstance } from 'fastify';
import type { SignedRecord } from '@lineside/sync-protocol';
import { findMasterEntity, type EntityData } from '../db/master-data.js';
import { writeMasterEntity } from '../master/write.js';

/** What a kiosk hold left on the central lot, so that its release restores exactly what it replaced. */
interface HeldBy {
  readonly holdId: string;
  readonly kioskId: string;
  readonly previousStatus: string;
  readonly previousReason?: string;
}

interface HoldPayload {
  readonly holdId?: unknown;
  readonly target?: { readonly kind?: unknown; readonly id?: unknown };
  readonly reason?: unknown;
}

/**
 * A lot QA puts on hold at one kiosk must be held at every kiosk: the kiosk applies it to itself at once
 * (offline included), and the server, on receiving the signed record, makes it central lot status — a
 * master-data change by that QA user, audited, versioned and pulled by every station. The kiosk's
 * release restores the status the hold replaced, unless the lot was changed centrally since (then the
 * central decision stands). A lot already on hold centrally is left as it is. Equipment and order holds
 * stay with their station, where the instrument and the order are. Idempotent: the sweep may run it again.
 */
export async function applyKioskLotHolds(app: FastifyInstance, records: readonly SignedRecord[]): Promise<void> {
  for (const record of records) {
    if (record.type !== 'hold.hold-placed' && record.type !== 'hold.hold-released') continue;
    const payload = record.payload as HoldPayload;
    if (payload.target?.kind !== 'lot' || typeof payload.target.id !== 'string' || typeof payload.holdId !== 'string') continue;
    const lotId = payload.target.id;
    const holdId = payload.holdId;
    const reason = typeof payload.reason === 'string' ? payload.reason : '';
    const lot = await findMasterEntity(app.db, 'lot', lotId);
    if (!lot) continue;
    const actor = record.actor.kind === 'user' ? record.actor.userId : record.kioskId;
    const who = record.actor.kind === 'user' ? record.actor.printedName : record.kioskId;
    const heldBy = lot['heldBy'] as HeldBy | undefined;
    if (record.type === 'hold.hold-placed') {
      if (heldBy?.holdId === holdId || lot['status'] === 'on-hold') continue;
      const { statusReason, ...rest } = lot;
      const held: EntityData = {
        ...rest,
        status: 'on-hold',
        statusReason: `QA hold at kiosk ${record.kioskId} by ${who}: ${reason}`,
        heldBy: { holdId, kioskId: record.kioskId, previousStatus: String(lot['status']), ...(typeof statusReason === 'string' ? { previousReason: statusReason } : {}) },
      };
      await writeMasterEntity(app, { entity: 'lot', id: lotId, data: held, actor, reason: `hold ${holdId} placed at kiosk ${record.kioskId} (record seq ${record.seq}): ${reason}` });
    } else {
      if (heldBy?.holdId !== holdId) continue;
      const { heldBy: _released, statusReason: _heldReason, ...rest } = lot;
      const restored: EntityData = { ...rest, status: heldBy.previousStatus, ...(heldBy.previousReason !== undefined ? { statusReason: heldBy.previousReason } : {}) };
      await writeMasterEntity(app, { entity: 'lot', id: lotId, data: restored, actor, reason: `hold ${holdId} released at kiosk ${record.kioskId} (record seq ${record.seq}): ${reason}` });
    }
  }
}
