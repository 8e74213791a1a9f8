import { GENESIS_HASH, type SignedRecord } from '@lineside/sync-protocol';
import type { Db } from './db.js';

/** SQL of the `records` table (append-only). */
export interface StoredRecord {
  readonly seq: number;
  readonly id: string;
  readonly type: string;
  readonly keyId: string;
  readonly hash: string;
  readonly prevHash: string;
  readonly occurredAt: string;
  /** Canonical JSON of the signed record: exactly the bytes pushed to the server. */
  readonly body: string;
}

export interface Head {
  readonly seq: number;
  readonly hash: string;
}

interface Row {
  seq: number;
  id: string;
  type: string;
  key_id: string;
  hash: string;
  prev_hash: string;
  occurred_at: string;
  body: string;
}

const toStored = (row: Row): StoredRecord => ({
  seq: row.seq,
  id: row.id,
  type: row.type,
  keyId: row.key_id,
  hash: row.hash,
  prevHash: row.prev_hash,
  occurredAt: row.occurred_at,
  body: row.body,
});

export function recordsTable(db: Db) {
  const headStmt = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1');
  const insertStmt = db.prepare(
    'INSERT INTO records (seq, id, type, key_id, hash, prev_hash, occurred_at, body) VALUES (@seq, @id, @type, @keyId, @hash, @prevHash, @occurredAt, @body)',
  );
  const afterStmt = db.prepare<[number, number], Row>('SELECT * FROM records WHERE seq > ? ORDER BY seq LIMIT ?');
  const bySeqStmt = db.prepare<[number], Row>('SELECT * FROM records WHERE seq = ?');
  const lastOfTypeStmt = db.prepare<[string, number], Row>('SELECT * FROM records WHERE type = ? ORDER BY seq DESC LIMIT ?');
  const lastStmt = db.prepare<[], Row>('SELECT * FROM records ORDER BY seq DESC LIMIT 1');

  return {
    head(): Head {
      return headStmt.get() ?? { seq: 0, hash: GENESIS_HASH };
    },
    insert(record: SignedRecord, hash: string, body: string): void {
      insertStmt.run({ seq: record.seq, id: record.id, type: record.type, keyId: record.keyId, hash, prevHash: record.prevHash, occurredAt: record.occurredAt, body });
    },
    after(seq: number, limit: number): StoredRecord[] {
      return afterStmt.all(seq, limit).map(toStored);
    },
    bySeq(seq: number): StoredRecord | undefined {
      const row = bySeqStmt.get(seq);
      return row ? toStored(row) : undefined;
    },
    last(): StoredRecord | undefined {
      const row = lastStmt.get();
      return row ? toStored(row) : undefined;
    },
    lastOfType(type: string, limit: number): StoredRecord[] {
      return lastOfTypeStmt.all(type, limit).map(toStored);
    },
    /** Every record whose type is `<prefix>.…` for one of `prefixes` (e.g. 'order' → order.*), in log order. */
    ofTypePrefixes(prefixes: readonly string[]): StoredRecord[] {
      if (prefixes.length === 0) return [];
      const where = prefixes.map(() => 'type LIKE ?').join(' OR ');
      return db
        .prepare<string[], Row>(`SELECT * FROM records WHERE ${where} ORDER BY seq`)
        .all(...prefixes.map((prefix) => `${prefix}.%`))
        .map(toStored);
    },
  };
}
export type RecordsTable = ReturnType<typeof recordsTable>;

export function parseStored(record: StoredRecord): SignedRecord {
  return JSON.parse(record.body) as SignedRecord;
}
