// kill -9 of the kiosk core in the middle of a dispense: nothing confirmed to the operator is lost,
// and a restarted core resumes at the same step and carries on to the next.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { startKioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { repoRoot, removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { requireBuiltKiosk } from './support/built.js';
import { floorClock } from '../support/floor-clock.js';

beforeAll(requireBuiltKiosk);
afterEach(async () => {
  await stopAll();
  removeTempDirs();
});

const ORDER = 'ORD-0001';
const dist = (file: string) => pathToFileURL(path.join(repoRoot, file)).href;

/** The operator's session in a child process: steps 1–3 up to one confirmed weighing, then it waits to be killed. */
const CHILD = `
import { startKioskCore } from '${dist('apps/kiosk/dist/core/kiosk.js')}';
import { openDatabase } from '${dist('apps/kiosk/dist/core/store/db.js')}';
import { identityTable } from '${dist('apps/kiosk/dist/core/store/identity.js')}';
import { loadOrCreateKey } from '${dist('apps/kiosk/dist/core/keys.js')}';
import { demoPlant } from '${dist('packages/domain/dist/index.js')}';
import path from 'node:path';
const [dataDir] = process.argv.slice(2);
const verifiers = JSON.parse(process.env.LINESIDE_TEST_VERIFIERS);
const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
const key = loadOrCreateKey(dataDir, false);
identityTable(db).save({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', stationId: 'DISP-1', status: 'active', publicKey: key.key.publicKey, serverUrl: 'http://127.0.0.1:1', enrolledAt: new Date().toISOString() });
db.close();
// The parent's floorClock: the plant's day at 10:00, running on in real time.
const { shiftMs, day } = JSON.parse(process.env.LINESIDE_TEST_FLOOR_CLOCK);
const clock = { wallMs: () => Date.now() + shiftMs, monoMs: () => process.hrtime.bigint() / 1000000n, utcOffsetMinutes: (at) => -new Date(at).getTimezoneOffset() };
const now = new Date(clock.wallMs());
const master = demoPlant(day);
const started = await startKioskCore({ clock, dataDir, serverUrl: 'http://127.0.0.1:1', sync: { backoff: { baseMs: 600000, maxMs: 600000 } },
  execution: { masterData: () => master, masterRefreshedAt: () => now.toISOString(), verifiers: (u) => ({ passwordVerifier: null, pinVerifier: verifiers[u] ?? null }) } });
if (!started.ok) throw new Error(started.message);
const ex = started.core.execution;
const must = async (label, result) => { const r = await result; if (!r.ok) { console.log('refused ' + label + ' ' + r.message); process.exit(3); } return r; };
await must('login max', ex.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
await must('test BAL-04', ex.recordRoutineTest({ equipmentId: 'BAL-04', testWeightId: 'TW-20KM1', reading: '20.000', stable: true, unit: 'kg', entry: { kind: 'instrument', rawFrame: '(read from the balance) 20.000' } }));
for (const [id, w, r] of [['BAL-01', 'TW-200E2', '200.00010'], ['BAL-02', 'TW-5KF1', '5000.01']]) await must('test ' + id, ex.recordRoutineTest({ equipmentId: id, testWeightId: w, reading: r, stable: true, unit: ['BAL-03', 'BAL-04'].includes(id) ? 'kg' : 'g', entry: { kind: 'instrument', rawFrame: \`(read from the balance) \${r}\` } }));
await must('login olivia', ex.login({ badgeOrUserId: '100001', pin: '1111' }));
const o = '${ORDER}';
await must('start', ex.startOrder({ orderId: o }));
await must('1', ex.startStep({ orderId: o, stepId: '1' }));
await must('ack', ex.acknowledgeInstruction({ orderId: o, stepId: '1' }));
await must('sign', ex.sign({ orderId: o, stepId: '1', userId: 'olivia.operator', pin: '1111', meaning: 'performed' }));
await must('2', ex.startStep({ orderId: o, stepId: '2' }));
await must('confirm', ex.confirmEquipmentStatus({ orderId: o, stepId: '2' }));
await must('3', ex.startStep({ orderId: o, stepId: '3' }));
await must('scan', ex.scanLot({ orderId: o, stepId: '3', scan: ']C10109501101540019172703311' + '0PCM-2401' }));
await must('balance', ex.selectBalance({ orderId: o, stepId: '3', balanceId: 'BAL-04' }));
await must('tare', ex.recordTare({ orderId: o, stepId: '3', reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
await must('weigh', ex.acceptWeighing({ orderId: o, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true } }));
// The weighing's own record (the operating state it derives is appended after it).
const weighed = started.core.db.prepare("SELECT seq, hash FROM records WHERE type = 'order.weighing-recorded' ORDER BY seq DESC LIMIT 1").get();
console.log('confirmed ' + weighed.seq + ' ' + weighed.hash);
setInterval(() => {}, 1000);
`;

describe('execution across kill -9', () => {
  it('keeps the confirmed weighing and resumes at step 3, which then completes and unlocks step 4', async () => {
    const dataDir = tempDir('kiosk-exec-kill');
    const verifiers = { 'olivia.operator': await makeVerifier('1111', 1024), 'max.maintenance': await makeVerifier('4444', 1024) };
    const script = path.join(dataDir, 'operator.mjs');
    writeFileSync(script, CHILD);
    const clock = floorClock();
    const floor = JSON.stringify({ shiftMs: clock.shiftMs, day: clock.day });
    const child = startProcess('node', [script, dataDir], { name: 'kiosk-operator', env: { ...process.env, LINESIDE_TEST_VERIFIERS: JSON.stringify(verifiers), LINESIDE_TEST_FLOOR_CLOCK: floor } });
    const [, seq, hash] = await child.waitForLine(/^confirmed (\d+) (sha256:[0-9a-f]{64})$/);
    await child.stop('SIGKILL');

    const master = demoPlant(clock.day);
    const started = await startKioskCore({
      clock,
      dataDir,
      serverUrl: 'http://127.0.0.1:1',
      sync: { backoff: { baseMs: 600_000, maxMs: 600_000 } },
      execution: { masterData: () => master, masterRefreshedAt: () => clock.startedAt.toISOString(), verifiers: (u) => ({ passwordVerifier: null, pinVerifier: verifiers[u as keyof typeof verifiers] ?? null }) },
    });
    if (!started.ok) throw new Error(started.message);
    const core = started.core;
    try {
      // The confirmed record is there, unchanged, and the fold puts the operator back at step 3.
      expect(core.log.head().seq).toBeGreaterThanOrEqual(Number(seq));
      const row = core.db.prepare<[number], { hash: string; type: string }>('SELECT hash, type FROM records WHERE seq = ?').get(Number(seq));
      expect(row).toEqual({ hash, type: 'order.weighing-recorded' });
      expect(core.execution.progress(ORDER)).toMatchObject({ ok: true, progress: { order: { status: 'running' }, step: { stepId: '3', phase: 'in-progress', containers: 1, dispensed: '25.200', lots: ['PCM-2401'] } } });
      // The session did not survive: the operator logs in again, and the step goes on.
      expect(core.execution.session()).toBeNull();
      expect(core.execution.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-04' })).toMatchObject({ ok: false, code: 'not-logged-in' });
      expect(await core.execution.login({ badgeOrUserId: '100001', pin: '1111' })).toMatchObject({ ok: true });
      expect(core.execution.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-04' })).toEqual({ ok: true });
      expect(core.execution.recordTare({ orderId: ORDER, stepId: '3', reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' })).toEqual({ ok: true });
      expect(core.execution.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.203', unit: 'kg', stable: true } })).toMatchObject({ ok: true });
      expect(await core.execution.completeDispense({ orderId: ORDER, stepId: '3' })).toMatchObject({ ok: true });
      expect(core.execution.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { stepId: '4', phase: 'not-started' } } });
    } finally {
      await core.close();
    }
  });
});
