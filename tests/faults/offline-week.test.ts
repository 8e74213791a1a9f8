// A kiosk cut off from the server for a simulated week of work: everything arrives afterwards in
// order and verified, and what the kiosk could not know (a calibration revoked centrally) is flagged.
import { afterEach, expect, it } from 'vitest';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { startFaultProxy, type ProxyDecision } from '../kiosk/support/fault-proxy.js';
import { onEachEngine, storedRecordCount } from './support/engines.js';
import { approve, cleanupList, newEnrollCode, serverRecords, simulatedClock, startCore, startInProcessServer, syncReaches } from './support/sync-fixture.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const RECORDS = 10_000;
const WEEK_MS = 7 * 24 * 3_600_000;
const STEP_MS = Math.floor(WEEK_MS / RECORDS);
const DAY_MS = 24 * 3_600_000;

function weighing(core: KioskCore, equipmentId: string, value: string, readAt: string) {
  const result = core.log.append({
    type: 'weighing.recorded',
    payloadSchema: 'weighing.recorded@1',
    actor: { kind: 'kiosk' },
    subject: { equipment: equipmentId },
    payload: { equipmentId, value, unit: 'g', basis: 'net', stable: true, raw: `S S      ${value} g`, readAt },
  });
  if (!result.ok) throw new Error(result.message);
  return result.appended;
}

onEachEngine('a kiosk offline for a simulated week', (fresh, engine) => {
  it(`delivers ${RECORDS} records in order once back, verified, and flags BAL-02 use after its central revocation`, async () => {
    // One test clock for kiosk and server: the week passes for both, so request signatures stay in time.
    const clock = simulatedClock(Date.UTC(2026, 10, 2, 6, 0, 0));
    const database = await fresh();
    const server = await startInProcessServer(cleanups, { now: clock.now, database });
    let offline = false;
    const proxy = await startFaultProxy(server.url, (): ProxyDecision => (offline ? { action: 'drop' } : { action: 'forward' }));
    cleanups.add(() => proxy.close());
    const core = await startCore(cleanups, { serverUrl: proxy.url, enrollCode: await newEnrollCode(server.asAdmin), clock, sync: { backoff: { baseMs: 20, maxMs: 200 } } });
    await approve(server.asAdmin, core);
    const before = await syncReaches(core, (v) => v.phase === 'active' && (v.masterDataVersion ?? 0) > 0, 'active with master data');
    const versionBefore = before.masterDataVersion!;

    offline = true;
    const start = clock.wallMs();
    const revokeAt = start + 2 * DAY_MS;
    const dueOn = new Date(revokeAt).toISOString().slice(0, 10);
    let revocationVersion = 0;
    const appendStarted = performance.now();
    const appended: Array<{ seq: number; hash: string; equipmentId: string; day: string }> = [];
    for (let i = 0; i < RECORDS; i++) {
      clock.advance(STEP_MS);
      if (revocationVersion === 0 && clock.wallMs() >= revokeAt) {
        // Central QA revokes BAL-02's calibration (out of tolerance) while the kiosk cannot hear it.
        await server.asAdmin.login();
        const revoked = await server.asAdmin('PUT', '/api/v1/master-data/calibration/CAL-BAL-02-2', {
          data: { equipmentId: 'BAL-02', certificateId: 'CAL-BAL-02-2', calibratedOn: dueOn, dueOn, provider: 'QA: as-found out of tolerance' },
          reason: 'BAL-02 failed its as-found check; certificate withdrawn',
        });
        expect(revoked.status).toBe(200);
        revocationVersion = Number(revoked.body.version);
      }
      const equipmentId = i % 2 === 0 ? 'BAL-01' : 'BAL-02';
      const value = `${10 + (i % 50)}.${String(i % 1000).padStart(3, '0')}`;
      const record = weighing(core, equipmentId, value, new Date(clock.wallMs()).toISOString());
      appended.push({ seq: record.seq, hash: record.hash, equipmentId, day: record.record.occurredAt.slice(0, 10) });
      if (record.record.masterDataVersion !== versionBefore) throw new Error(`record ${record.seq} carries master version ${record.record.masterDataVersion}, not the cached ${versionBefore}`);
    }
    const appendMs = performance.now() - appendStarted;
    expect(clock.wallMs() - start).toBeGreaterThanOrEqual(WEEK_MS - STEP_MS);
    expect(revocationVersion).toBeGreaterThan(versionBefore);
    const stillOffline = await syncReaches(core, (v) => !v.online && v.headSeq === appended.at(-1)!.seq, 'offline with the whole week unsent');
    expect(stillOffline).toMatchObject({ online: false, ackedSeq: 0, unsent: appended.at(-1)!.seq });
    // Seven days without a refresh is past DISP-1's 72 h grace.
    expect(core.masterData.graceExpired(clock.wallMs())).toBe(true);

    offline = false;
    const drainStarted = performance.now();
    const done = await syncReaches(core, (v) => v.ackedSeq === appended.at(-1)!.seq && v.masterDataVersion === revocationVersion, 'the backlog acknowledged and the new master data pulled', 240_000);
    const drainMs = performance.now() - drainStarted;
    expect(done).toMatchObject({ online: true, unsent: 0, lastError: null });
    // Information only (no timing assertions here): the figures the report quotes.
    console.log(`offline week [${engine}]: ${RECORDS} appends in ${Math.round(appendMs)} ms, backlog pushed, flagged and master data pulled in ${Math.round(drainMs)} ms`);
    expect(core.masterData.graceExpired(clock.wallMs())).toBe(false);

    await server.asAdmin.login();
    const held = await serverRecords(server.asAdmin);
    const weighings = held.filter((r) => r.seq >= appended[0]!.seq);
    expect(weighings.map((r) => r.seq)).toEqual(appended.map((a) => a.seq));
    expect(weighings.every((r, i) => r.hash === appended[i]!.hash && r.signatureVerified)).toBe(true);
    expect(held.map((r) => r.seq)).toEqual(held.map((_, i) => i + 1));
    // Read from the engine under test itself, not only through the server's API.
    expect(await storedRecordCount(database)).toBe(held.length);

    // The server re-evaluated against the central register (SYNC.md §4.2): only BAL-02 after its due date.
    const flagged = weighings.filter((r) => r.flags.some((f) => f.code === 'CAL_INVALID_AT_USE'));
    const expected = appended.filter((a) => a.equipmentId === 'BAL-02' && a.day > dueOn);
    expect(expected.length).toBeGreaterThan(3_000);
    expect(flagged.map((r) => r.seq)).toEqual(expected.map((a) => a.seq));
    expect(flagged[0]!.flags.find((f) => f.code === 'CAL_INVALID_AT_USE')?.message).toMatch(new RegExp(`equipment BAL-02 was used on \\d{4}-\\d{2}-\\d{2} but its calibration was due ${dueOn}`, 'i'));
  }, 300_000);
});
