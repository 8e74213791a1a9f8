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

/**
 * The demo plant for a kiosk core started offline in a test (`startKioskCore({ clock, execution })`), on
 * today's date at 10:00 (`floorClock`), with cheap PIN verifiers. Free weighing is a GMP weighing (issue 8 §1): `readyToWeigh` has
 * maintenance test BAL-01 for the shift (the reading as if captured) and logs Olivia in.
 */
export async function demoExecution() {
  // The same plant, clock and verifiers as the station fixture's (imported late: station.ts imports this file).
  const { offlinePlant } = await import('./station.js');
  const plant = await offlinePlant({ 'olivia.operator': '1111', 'max.maintenance': '4444', 'quinn.qa': '3333' });
  return {
    master: plant.master,
    /** The kiosk's clock for `startKioskCore({ clock })`: the plant's day at 10:00, never across midnight. */
    clock: plant.clock,
    options: plant.options.execution,
    async readyToWeigh(execution: { login(r: { badgeOrUserId: string; pin: string }): Promise<{ ok: boolean; message?: string }>; recordRoutineTest(c: never): { ok: boolean; message?: string } }) {
      const must = (r: { ok: boolean; message?: string }) => {
        if (!r.ok) throw new Error(r.message);
      };
      must(await execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
      must(execution.recordRoutineTest({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: 'S S    200.00010 g' } } as never));
      must(await execution.login({ badgeOrUserId: 'olivia.operator', pin: '1111' }));
    },
  };
}

/**
 * Puts today's demo plant into a kiosk data folder's master-data cache, as if pulled (no server), with
 * cheap PIN verifiers for `pins`: a kiosk process started on that folder logs people in offline.
 */
export async function seedDemoMasterData(db: ReturnType<typeof openDatabase>, pins: Readonly<Record<string, string>>) {
  const { demoPlant } = await import('@lineside/domain');
  const { makeVerifier } = await import('@lineside/sync-protocol/node');
  const { masterDataTable } = await import('../../../apps/kiosk/src/core/store/master-data.js');
  // The rows exactly as the server seeds and serves them (entity ids included).
  const { masterRows } = await import('../../../apps/sync-server/src/seed/master-entities.js');
  const now = new Date();
  const master = demoPlant({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
  const changes: { entity: string; id: string; version: number; op: 'put'; data: Record<string, unknown> }[] = [];
  for (const row of masterRows(master)) {
    const pin = row.entity === 'user' ? pins[row.id] : undefined;
    changes.push({ entity: row.entity, id: row.id, version: 1, op: 'put', data: { ...(row.data as Record<string, unknown>), ...(pin ? { pinVerifier: await makeVerifier(pin, 1024) } : {}) } });
  }
  const at = now.toISOString();
  masterDataTable(db).apply([{ from: 0, to: 1, complete: true, changes: changes as never, serverTime: at, serverKeyId: 'server#1', sig: 'test-seed' }], at);
  if (!masterDataTable(db).snapshot()) throw new Error('seeded master data has no site or settings');
}
