import type { Migration } from './migration.js';

// One row: what the server has confirmed (the outbox is seq > acked_seq) and what we learnt of its clock.
export const migration0020SyncState: Migration = {
  version: 20,
  name: 'sync-state',
  up: `
    CREATE TABLE sync_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      acked_seq INTEGER NOT NULL DEFAULT 0,
      acked_hash TEXT NOT NULL,
      last_receipt TEXT,
      master_cursor INTEGER NOT NULL DEFAULT 0,
      last_server_sync TEXT,
      clock_offset_ms REAL,
      clock_rtt_ms REAL,
      clock_server_time TEXT,
      server_key_id TEXT,
      server_public_key TEXT
    ) STRICT;
    INSERT INTO sync_state (id, acked_seq, acked_hash) VALUES (1, 0, 'sha256:0000000000000000000000000000000000000000000000000000000000000000');
  `,
};
