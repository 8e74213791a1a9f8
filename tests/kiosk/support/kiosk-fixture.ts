import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Clock } from '../../../apps/kiosk/src/core/clock.js';
import { createClockWatch } from '../../../apps/kiosk/src/core/clock-watch.js';
import { loadOrCreateKey, type KioskKey } from '../../../apps/kiosk/src/core/keys.js';
import { createLog } from '../../../apps/kiosk/src/core/log.js';
import { openDatabase } from '../../../apps/kiosk/src/core/store/db.js';
import { identityTable } from '../../../apps/kiosk/src/core/store/identity.js';
import { recordsTable } from '../../../apps/kiosk/src/core/store/records.js';
import { syncStateTable } from '../../../apps/kiosk/src/core/store/sync-state.js';

/** A clock the test moves by hand: wall and monotonic advance together unless the wall is stepped. */
export function manualClock(startMs = Date.UTC(2026, 10, 25, 8, 0, 0)) {
  let wall = startMs;
  let mono = 1_000_000n;
  const clock: Clock & { advance(ms: number): void; stepWall(ms: number): void } = {
    wallMs: () => wall,
    monoMs: () => mono,
    utcOffsetMinutes: () => 60,
    advance(ms) {
      wall += ms;
      mono += BigInt(ms);
    },
    stepWall(ms) {
      wall += ms;
    },
  };
  return clock;
}

/** A real kiosk store (SQLite file + key file) in its own temp folder. */
export function openTestStore(options: { enrolled?: boolean; clock?: ReturnType<typeof manualClock> } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-store-'));
  const db = openDatabase(path.join(dir, 'kiosk.sqlite'));
  const records = recordsTable(db);
  const identity = identityTable(db);
  const syncState = syncStateTable(db);
  const loaded = loadOrCreateKey(dir, false);
  if (!loaded.ok) throw new Error(loaded.message);
  const key: KioskKey = loaded.key;
  if (options.enrolled !== false) enrollLocally(identity, key);
  const clock = options.clock ?? manualClock();
  const log = createLog({ db, records, identity, syncState, key, clock, clockWatch: createClockWatch(clock), bootId: 'boot-1', appVersion: '0.1.0' });
  return {
    dir,
    db,
    records,
    identity,
    syncState,
    key,
    clock,
    log,
    cleanup() {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function enrollLocally(identity: ReturnType<typeof identityTable>, key: KioskKey, kioskId = 'K-DISP-1', status: 'pending' | 'active' = 'active') {
  identity.save({ kioskId, keyId: `${kioskId}#1`, stationId: kioskId.replace(/^K-/, ''), status, publicKey: key.publicKey, serverUrl: 'http://127.0.0.1:1', enrolledAt: '2026-11-25T08:00:00.000Z' });
}

export const weighingDraft = (value: string) => ({
  type: 'weighing.recorded',
  payloadSchema: 'weighing.recorded@1',
  actor: { kind: 'kiosk' } as const,
  subject: { equipment: 'BAL-01' },
  payload: { equipmentId: 'BAL-01', value, unit: 'g', basis: 'net', stable: true, raw: `S S      ${value} g`, readAt: '2026-11-25T08:00:00.000Z' },
});
