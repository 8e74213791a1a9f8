import type { Migration } from './migration.js';

// The append-only log: one row per signed record, body = the canonical JSON that was signed.
export const migration0010Records: Migration = {
  version: 10,
  name: 'records',
  up: `
    CREATE TABLE records (
      seq INTEGER PRIMARY KEY CHECK (seq >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      key_id TEXT NOT NULL,
      hash TEXT NOT NULL UNIQUE,
      prev_hash TEXT NOT NULL,
      occurred_at TEXT NOT NULL,
      body TEXT NOT NULL
    ) STRICT;
    CREATE INDEX records_type_seq ON records (type, seq);
    CREATE TRIGGER records_no_update BEFORE UPDATE ON records
      BEGIN SELECT RAISE(ABORT, 'records are append-only: UPDATE refused'); END;
    CREATE TRIGGER records_no_delete BEFORE DELETE ON records
      BEGIN SELECT RAISE(ABORT, 'records are append-only: DELETE refused'); END;
  `,
};
