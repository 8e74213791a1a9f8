import type { MasterData } from '@lineside/domain';
import { assembleMasterData, isMasterEntity, parseMasterEntity, type MasterChange, type MasterEntity, type MasterEntityData, type PullResponse } from '@lineside/sync-protocol';
import type { Db } from './db.js';

/**
 * A pulled entity that does not keep its schema: the kiosk does not use it (it is as if absent, so a
 * malformed lot or calibration blocks rather than passes) and says so in its sync status.
 */
export interface RefusedMasterEntity {
  readonly entity: string;
  readonly id: string;
  readonly version: number;
  /** Each bad field, e.g. `/expiry must match pattern …`. */
  readonly problems: readonly string[];
}

export interface CredentialVerifiers {
  readonly passwordVerifier: string | null;
  readonly pinVerifier: string | null;
  /** The PIN was set by an administrator: the user sets their own before any work (issue 11). */
  readonly pinMustChange?: boolean;
  /** Master version of the pulled user entity these came with. */
  readonly version?: number;
}

interface Row {
  entity: string;
  id: string;
  version: number;
  data: string;
}

/** SQL of the kiosk's master-data cache (migration 0040) and of sync_state's master cursor. */
export function masterDataTable(db: Db) {
  const allStmt = db.prepare<[], Row>('SELECT entity, id, version, data FROM master_data ORDER BY entity, id');
  const putStmt = db.prepare('INSERT INTO master_data (entity, id, version, data) VALUES (?, ?, ?, ?) ON CONFLICT (entity, id) DO UPDATE SET version = excluded.version, data = excluded.data');
  const removeStmt = db.prepare('DELETE FROM master_data WHERE entity = ? AND id = ?');
  const pageStmt = db.prepare(
    'INSERT OR REPLACE INTO master_pages (from_version, to_version, server_time, server_key_id, body, applied_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const cursorStmt = db.prepare<[], { master_cursor: number; last_master_refresh_at: string | null }>('SELECT master_cursor, last_master_refresh_at FROM sync_state WHERE id = 1');
  const setCursorStmt = db.prepare('UPDATE sync_state SET master_cursor = ?, last_master_refresh_at = ? WHERE id = 1');
  const userStmt = db.prepare<[string], { data: string; version: number }>("SELECT data, version FROM master_data WHERE entity = 'user' AND id = ?");

  // Data changes only with the cursor (every change has a version above it), so the cursor keys the cache.
  let cached: { version: number; snapshot: MasterData | null; refused: readonly RefusedMasterEntity[] } | null = null;

  const applyTx = db.transaction((pages: readonly PullResponse[], at: string) => {
    const before = cursorStmt.get()!.master_cursor;
    for (const page of pages) {
      for (const change of page.changes) applyChange(change);
      pageStmt.run(page.from, page.to, page.serverTime, page.serverKeyId, JSON.stringify(page), at);
    }
    const to = pages.length > 0 ? pages[pages.length - 1]!.to : before;
    setCursorStmt.run(Math.max(before, to), at);
  });

  function applyChange(change: MasterChange): void {
    if (change.op === 'remove' || change.data === null) removeStmt.run(change.entity, change.id);
    else putStmt.run(change.entity, change.id, change.version, JSON.stringify(change.data));
  }

  /** Parses every stored entity with its schema: only entities that keep it reach the snapshot, never a cast. */
  function build(version: number): { snapshot: MasterData | null; refused: RefusedMasterEntity[] } {
    const rows = allStmt.all();
    const refused: RefusedMasterEntity[] = [];
    const kept: { entity: MasterEntity; value: MasterEntityData<MasterEntity> }[] = [];
    for (const row of rows) {
      // An entity kind this kiosk version does not know stays stored for a later version to read.
      if (!isMasterEntity(row.entity)) continue;
      const entity = row.entity;
      const parsed = parseMasterEntity(entity, JSON.parse(row.data) as unknown, { pulled: true });
      if (!parsed.ok) {
        refused.push({ entity, id: row.id, version: row.version, problems: parsed.issues.map((i) => `${i.path} ${i.message}`) });
        continue;
      }
      kept.push({ entity, value: parsed.value });
    }
    return { snapshot: assembleMasterData(version, kept), refused };
  }

  function current(): { snapshot: MasterData | null; refused: readonly RefusedMasterEntity[] } {
    const version = cursorStmt.get()!.master_cursor;
    if (cached?.version !== version) cached = { version, ...build(version) };
    return cached;
  }

  return {
    /**
     * Applies verified pages (a run that ends with a complete page) in ONE transaction: the cache never
     * holds half of the server's feed, and the cursor moves with the data or not at all.
     */
    apply(pages: readonly PullResponse[], at: string): void {
      applyTx(pages, at);
    },
    cursor(): { version: number; lastRefreshAt: string | null } {
      const row = cursorStmt.get();
      if (!row) throw new Error('sync_state row is missing: migration 0020 did not run');
      return { version: row.master_cursor, lastRefreshAt: row.last_master_refresh_at };
    },
    /** The domain's snapshot of what was pulled; null until the kiosk has a site and settings. */
    snapshot(): MasterData | null {
      return current().snapshot;
    },
    /** Pulled entities the kiosk refused because they break their schema (it acts as if they were absent). */
    refused(): readonly RefusedMasterEntity[] {
      return current().refused;
    },
    /** The scrypt verifiers shipped with a user (for offline badge + PIN and e-signature checks). */
    verifiers(userId: string): CredentialVerifiers | null {
      const row = userStmt.get(userId);
      if (!row) return null;
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === 'string' ? value : null);
      return { passwordVerifier: text(data['passwordVerifier']), pinVerifier: text(data['pinVerifier']), pinMustChange: data['pinMustChange'] === true, version: Number(row.version) };
    },
    /** How many signed pages are kept (proof of what each masterDataVersion meant). */
    pageCount(): number {
      return db.prepare<[], { n: number }>('SELECT count(*) AS n FROM master_pages').get()!.n;
    },
  };
}
export type MasterDataTable = ReturnType<typeof masterDataTable>;
