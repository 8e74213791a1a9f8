import type { AcceptedWeighing } from '../shared/api.js';
import type { BalanceWeight } from './balance-contract.js';
import type { RecordDraft } from './log.js';
import { parseStored, type StoredRecord } from './store/records.js';

export const WEIGHING_RECORDED = 'weighing.recorded';

/** The `weighing.recorded@1` record of http-contract.md, from a stable reading. */
export function weighingDraft(reading: BalanceWeight, balanceId: string): RecordDraft {
  return {
    type: WEIGHING_RECORDED,
    payloadSchema: 'weighing.recorded@1',
    actor: { kind: 'kiosk' },
    subject: { equipment: balanceId },
    payload: {
      equipmentId: balanceId,
      value: reading.value.text,
      unit: reading.unit,
      basis: reading.basis,
      stable: reading.stable,
      raw: reading.raw,
      readAt: reading.at,
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
