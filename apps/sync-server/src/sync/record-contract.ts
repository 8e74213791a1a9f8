import { checkRecordContract, type SignedRecord } from '@lineside/sync-protocol';

/** The first pushed record that breaks its record contract (sync-protocol's catalog), with the JSON path. */
export interface BrokenContract {
  readonly seq: number;
  readonly path: string;
  readonly message: string;
}

/**
 * Every pushed record must match the schema of its payloadSchema: an unknown type@version or a payload
 * the catalog does not describe is refused as `invalid-record`, so the business checks only ever read
 * fields that are there and mean what the spec says.
 */
export function firstBrokenContract(records: readonly SignedRecord[]): BrokenContract | undefined {
  for (const [index, record] of records.entries()) {
    const broken = checkRecordContract(record);
    if (broken) return { seq: record.seq, path: broken.path, message: `record seq ${record.seq} (index ${index}) breaks its record contract at ${broken.path}: ${broken.message}` };
  }
  return undefined;
}
