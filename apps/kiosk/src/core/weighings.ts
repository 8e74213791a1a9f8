import type { CalibrationStatus } from '@lineside/domain';
import type { AcceptedWeighing } from '../shared/api.js';
import type { BalanceWeight } from './balance-contract.js';
import type { RecordDraft } from './log.js';
import { parseStored, type StoredRecord } from './store/records.js';

export const WEIGHING_RECORDED = 'weighing.recorded';

/**
 * The `weighing.recorded@1` record of a free weighing, from a stable reading: the logged-in user is its actor
 * and the calibration in force at use is in the record (the domain's checkWeighingReading decided it).
 */
export function weighingDraft(reading: BalanceWeight, balanceId: string, by: { userId: string; printedName: string }, calibration: CalibrationStatus): RecordDraft {
  return {
    type: WEIGHING_RECORDED,
    payloadSchema: 'weighing.recorded@1',
    actor: { kind: 'user', userId: by.userId, printedName: by.printedName },
    subject: { equipment: balanceId },
    payload: {
      equipmentId: balanceId,
      value: reading.value.text,
      unit: reading.unit,
      basis: reading.basis,
      stable: reading.stable,
      raw: reading.raw,
      readAt: reading.at,
      calibration,
    },
  };
}

export function toAcceptedWeighing(stored: StoredRecord, ackedSeq: number): AcceptedWeighing {
  const record = parseStored(stored);
  const payload = record.payload as { equipmentId?: string; value?: string; unit?: string; basis?: AcceptedWeighing['basis'] };
  return {
    seq: stored.seq,
    id: stored.id,
    hash: stored.hash,
    balanceId: payload.equipmentId ?? '',
    value: payload.value ?? '',
    unit: payload.unit ?? '',
    basis: payload.basis ?? 'unknown',
    occurredAt: stored.occurredAt,
    synced: stored.seq <= ackedSeq,
  };
}
