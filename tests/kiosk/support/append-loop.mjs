// Appends weighings to a kiosk log as fast as it can, printing each seq only after its commit
// returned; the crash test kills this process with SIGKILL mid-stream.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createClockWatch } from '../../../apps/kiosk/dist/core/clock-watch.js';
import { newBootId, systemClock } from '../../../apps/kiosk/dist/core/clock.js';
import { loadOrCreateKey } from '../../../apps/kiosk/dist/core/keys.js';
import { createLog } from '../../../apps/kiosk/dist/core/log.js';
import { openDatabase } from '../../../apps/kiosk/dist/core/store/db.js';
import { identityTable } from '../../../apps/kiosk/dist/core/store/identity.js';
import { recordsTable } from '../../../apps/kiosk/dist/core/store/records.js';
import { syncStateTable } from '../../../apps/kiosk/dist/core/store/sync-state.js';

const dataDir = process.argv[2];
mkdirSync(dataDir, { recursive: true });
const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
const records = recordsTable(db);
const identity = identityTable(db);
const syncState = syncStateTable(db);
const loaded = loadOrCreateKey(dataDir, identity.get() !== null);
if (!loaded.ok) throw new Error(loaded.message);
if (!identity.get()) {
  identity.save({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', stationId: 'DISP-1', status: 'active', publicKey: loaded.key.publicKey, serverUrl: 'http://127.0.0.1:1', enrolledAt: new Date().toISOString() });
}
const log = createLog({ db, records, identity, syncState, key: loaded.key, clock: systemClock, clockWatch: createClockWatch(systemClock), bootId: newBootId(), appVersion: '0.1.0' });
process.stdout.write(`ready ${log.head().seq}\n`);
for (let i = 0; ; i++) {
  const value = (12 + (i % 1000) / 1000).toFixed(3);
  const result = log.append({
    type: 'weighing.recorded',
    payloadSchema: 'weighing.recorded@1',
    actor: { kind: 'kiosk' },
    subject: { equipment: 'BAL-01' },
    payload: { equipmentId: 'BAL-01', value, unit: 'g', basis: 'net', stable: true, raw: `S S      ${value} g`, readAt: new Date().toISOString() },
  });
  if (!result.ok) throw new Error(result.message);
  process.stdout.write(`confirmed ${result.appended.seq} ${result.appended.hash}\n`);
}
