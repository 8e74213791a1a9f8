import type { Migration } from './migration.js';

// Who this kiosk is to the server; absent until enrollment answered. The private key is never here.
export const migration0030Identity: Migration = {
  version: 30,
  name: 'identity',
  up: `
    CREATE TABLE identity (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      kiosk_id TEXT NOT NULL,
      key_id TEXT NOT NULL,
      station_id TEXT NOT NULL,
      status TEXT NOT NULL,
      public_key TEXT NOT NULL,
      server_url TEXT NOT NULL,
      enrolled_at TEXT NOT NULL
    ) STRICT;
  `,
};
