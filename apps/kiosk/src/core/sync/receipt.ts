import type { Receipt } from '@lineside/sync-protocol';
import { importPublicKey, verifyObjectSignature } from '@lineside/sync-protocol/node';
import type { RecordsTable } from '../store/records.js';

export type ReceiptCheck = { ok: true } | { ok: false; code: 'bad-receipt'; message: string };

/**
 * A receipt counts only if the server's key signed it, it names this kiosk, and the hash it
 * acknowledges is the hash we hold at that seq: otherwise nothing is marked as delivered.
 */
export function checkReceipt(
  receipt: Receipt,
  expected: { kioskId: string; serverKeyId: string; serverPublicKey: string; records: RecordsTable },
): ReceiptCheck {
  const fail = (message: string): ReceiptCheck => ({ ok: false, code: 'bad-receipt', message: `receipt for ${receipt.kioskId} seq ${receipt.ackedSeq}: ${message}` });
  if (receipt.serverKeyId !== expected.serverKeyId) return fail(`signed by server key ${receipt.serverKeyId}, but the known server key is ${expected.serverKeyId}`);
  if (!verifyObjectSignature(receipt, importPublicKey(expected.serverPublicKey))) return fail(`signature does not verify with server key ${expected.serverKeyId}`);
  if (receipt.kioskId !== expected.kioskId) return fail(`names kiosk ${receipt.kioskId}, not this kiosk ${expected.kioskId}`);
  if (receipt.ackedSeq === 0) return { ok: true };
  const local = expected.records.bySeq(receipt.ackedSeq);
  if (!local) return fail(`acknowledges seq ${receipt.ackedSeq}, which this kiosk never wrote`);
  if (local.hash !== receipt.ackedHash) return fail(`acknowledges hash ${receipt.ackedHash}, but this kiosk's record has ${local.hash}`);
  return { ok: true };
}
