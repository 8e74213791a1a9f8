import type { Receipt } from '@lineside/sync-protocol';
import type { Db } from './db.js';

/** SQL of the one-row `sync_state` table. */
export interface SyncState {
  readonly ackedSeq: number;
  readonly ackedHash: string;
  readonly lastReceipt: Receipt | null;
  readonly masterCursor: number;
  readonly lastServerSync: string | null;
  readonly clock: { readonly offsetMs: number; readonly rttMs: number; readonly serverTime: string } | null;
  readonly serverKey: { readonly keyId: string; readonly publicKey: string } | null;
}

interface Row {
  acked_seq: number;
  acked_hash: string;
  last_receipt: string | null;
  master_cursor: number;
  last_server_sync: string | null;
  clock_offset_ms: number | null;
  clock_rtt_ms: number | null;
  clock_server_time: string | null;
  server_key_id: string | null;
  server_public_key: string | null;
}

export function syncStateTable(db: Db) {
  const getStmt = db.prepare<[], Row>('SELECT * FROM sync_state WHERE id = 1');
  const ackStmt = db.prepare('UPDATE sync_state SET acked_seq = ?, acked_hash = ?, last_receipt = ?, last_server_sync = ? WHERE id = 1');
  const clockStmt = db.prepare('UPDATE sync_state SET clock_offset_ms = ?, clock_rtt_ms = ?, clock_server_time = ? WHERE id = 1');
  const serverKeyStmt = db.prepare('UPDATE sync_state SET server_key_id = ?, server_public_key = ? WHERE id = 1');

  return {
    get(): SyncState {
      const row = getStmt.get();
      if (!row) throw new Error('sync_state row is missing: migration 0020 did not run');
      return {
        ackedSeq: row.acked_seq,
        ackedHash: row.acked_hash,
        lastReceipt: row.last_receipt ? (JSON.parse(row.last_receipt) as Receipt) : null,
        masterCursor: row.master_cursor,
        lastServerSync: row.last_server_sync,
        clock:
          row.clock_offset_ms !== null && row.clock_rtt_ms !== null && row.clock_server_time !== null
            ? { offsetMs: row.clock_offset_ms, rttMs: row.clock_rtt_ms, serverTime: row.clock_server_time }
            : null,
        serverKey: row.server_key_id && row.server_public_key ? { keyId: row.server_key_id, publicKey: row.server_public_key } : null,
      };
    },
    acknowledge(receipt: Receipt, at: string): void {
      ackStmt.run(receipt.ackedSeq, receipt.ackedHash, JSON.stringify(receipt), at);
    },
    setClock(offsetMs: number, rttMs: number, serverTime: string): void {
      clockStmt.run(offsetMs, rttMs, serverTime);
    },
    setServerKey(keyId: string, publicKey: string): void {
      serverKeyStmt.run(keyId, publicKey);
    },
  };
}
export type SyncStateTable = ReturnType<typeof syncStateTable>;
