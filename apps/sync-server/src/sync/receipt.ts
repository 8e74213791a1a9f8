import type { Receipt } from '@lineside/sync-protocol';
import { signObject } from '@lineside/sync-protocol/node';
import type { ServerKey } from '../plugins/database.js';

/** The server's signed word that it durably holds a kiosk's chain up to ackedSeq (SYNC.md §6.4 step 7). */
export function makeReceipt(key: ServerKey, fields: { kioskId: string; ackedSeq: number; ackedHash: string; serverTime: string }): Receipt {
  return signObject({ ...fields, serverKeyId: key.keyId }, key.privateKey);
}
