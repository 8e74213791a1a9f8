import type { Migration } from './migration.js';

// The master data as last pulled (one row per entity), the signed pages it came from (so each record's
// masterDataVersion stays provable), and when the kiosk last heard the whole feed (offline grace).
export const migration0040MasterData: Migration = {
  version: 40,
  name: 'master-data',
  up: `
    CREATE TABLE master_data (
      entity TEXT NOT NULL,
      id TEXT NOT NULL,
      version INTEGER NOT NULL CHECK (version >= 1),
      data TEXT NOT NULL,
      PRIMARY KEY (entity, id)
    ) STRICT;
    CREATE TABLE master_pages (
      from_version INTEGER NOT NULL,
      to_version INTEGER NOT NULL,
      server_time TEXT NOT NULL,
      server_key_id TEXT NOT NULL,
      body TEXT NOT NULL,
      applied_at TEXT NOT NULL,
      PRIMARY KEY (from_version, to_version)
    ) STRICT;
    ALTER TABLE sync_state ADD COLUMN last_master_refresh_at TEXT;
  `,
};
