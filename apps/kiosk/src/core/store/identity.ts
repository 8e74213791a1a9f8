import type { KioskStatus } from '@lineside/sync-protocol';
import type { Db } from './db.js';

/** SQL of the one-row `identity` table: what enrollment told us. */
export interface Identity {
  readonly kioskId: string;
  readonly keyId: string;
  readonly stationId: string;
  readonly status: KioskStatus;
  readonly publicKey: string;
  readonly serverUrl: string;
  readonly enrolledAt: string;
}

interface Row {
  kiosk_id: string;
  key_id: string;
  station_id: string;
  status: KioskStatus;
  public_key: string;
  server_url: string;
  enrolled_at: string;
}

export function identityTable(db: Db) {
  const getStmt = db.prepare<[], Row>('SELECT * FROM identity WHERE id = 1');
  const insertStmt = db.prepare(
    'INSERT INTO identity (id, kiosk_id, key_id, station_id, status, public_key, server_url, enrolled_at) VALUES (1, @kioskId, @keyId, @stationId, @status, @publicKey, @serverUrl, @enrolledAt)',
  );
  const statusStmt = db.prepare('UPDATE identity SET status = ? WHERE id = 1');
  return {
    get(): Identity | null {
      const row = getStmt.get();
      if (!row) return null;
      return {
        kioskId: row.kiosk_id,
        keyId: row.key_id,
        stationId: row.station_id,
        status: row.status,
        publicKey: row.public_key,
        serverUrl: row.server_url,
        enrolledAt: row.enrolled_at,
      };
    },
    save(identity: Identity): void {
      insertStmt.run(identity);
    },
    setStatus(status: KioskStatus): void {
      statusStmt.run(status);
    },
  };
}
export type IdentityTable = ReturnType<typeof identityTable>;
