import type { SignedRecord } from '@lineside/sync-protocol';
import { Type, type Static } from 'typebox';
import { pendingOf, type StoredRecord } from '../../db/records.js';
import type { Db } from '../../db/types.js';

export const RecordViewSchema = Type.Object(
  {
    kioskId: Type.String(),
    seq: Type.Integer(),
    id: Type.String(),
    type: Type.String(),
    hash: Type.String(),
    prevHash: Type.String(),
    occurredAt: Type.String(),
    receivedAt: Type.String(),
    actor: Type.Record(Type.String(), Type.Unknown()),
    payload: Type.Record(Type.String(), Type.Unknown()),
    subject: Type.Record(Type.String(), Type.String()),
    masterDataVersion: Type.Integer(),
    signatureVerified: Type.Literal(true, { description: 'every stored record was verified before it was stored' }),
    keyId: Type.String(),
    flags: Type.Array(Type.Object({ code: Type.String(), message: Type.String() })),
    checksPending: Type.Boolean({ description: 'true until the business checks have run on the record: its flags are not known yet' }),
    envelope: Type.Record(Type.String(), Type.Unknown(), {
      description: "the exact signed record as stored (every member, sig included): verify it with the kiosk's public key as the spec §1.2 says",
    }),
  },
  { additionalProperties: false },
);
export type RecordView = Static<typeof RecordViewSchema>;

/** What people see of a stored record: the envelope's facts plus what the server added. */
export function toRecordView(row: StoredRecord, checksPending: boolean): RecordView {
  const envelope = JSON.parse(row.envelope) as SignedRecord;
  return {
    kioskId: row.kiosk_id,
    seq: Number(row.seq),
    id: row.record_id,
    type: row.type,
    hash: row.hash,
    prevHash: row.prev_hash,
    occurredAt: row.occurred_at,
    receivedAt: row.received_at,
    actor: envelope.actor,
    payload: envelope.payload,
    subject: { ...(envelope.subject ?? {}) },
    masterDataVersion: envelope.masterDataVersion,
    // Nothing reaches the table without verifyChain passing inside the storing transaction.
    signatureVerified: true,
    keyId: row.key_id,
    flags: JSON.parse(row.flags) as RecordView['flags'],
    checksPending,
    envelope: { ...envelope },
  };
}

/** Stored records as people see them, each knowing whether its business checks are still to run. */
export async function toRecordViews(db: Db, rows: readonly StoredRecord[]): Promise<RecordView[]> {
  const pending = await pendingOf(db, rows);
  return rows.map((row) => toRecordView(row, pending(row)));
}
