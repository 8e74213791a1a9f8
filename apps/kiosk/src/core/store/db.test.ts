import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from './db.js';
import { MIGRATIONS } from './migrations/index.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('kiosk database', () => {
  it('opens in WAL with synchronous=FULL and applies each numbered migration once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-db-'));
    dirs.push(dir);
    const file = path.join(dir, 'kiosk.sqlite');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all()).toEqual([
      { version: 10, name: 'records' },
      { version: 20, name: 'sync-state' },
      { version: 30, name: 'identity' },
      { version: 40, name: 'master-data' },
    ]);
    expect(migrate(db, MIGRATIONS)).toEqual([]);
    db.close();
    const again = openDatabase(file);
    expect(again.prepare('SELECT acked_seq, acked_hash FROM sync_state').get()).toEqual({ acked_seq: 0, acked_hash: `sha256:${'0'.repeat(64)}` });
    again.close();
  });

  it('steps migration versions by 10', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => (i + 1) * 10));
  });
});
