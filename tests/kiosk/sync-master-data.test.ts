import { afterEach, describe, expect, it } from 'vitest';
import { calibrationInForce, findStation } from '@lineside/domain';
import { startFaultProxy, type ProxyDecision } from './support/fault-proxy.js';
import { weighingDraft } from './support/kiosk-fixture.js';
import { nextMasterVersion, putMasterEntity } from '../../apps/sync-server/src/db/master-data.js';
import { approve, cleanupList, newEnrollCode, startCore, startInProcessServer, syncReaches } from '../faults/support/sync-fixture.js';

const cleanups = cleanupList();
/** A certificate due the day it was issued is withdrawn; yesterday's is later than the seeded one, so it is in force. */
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
afterEach(() => cleanups.run());

describe('kiosk master-data pull against the real sync server', () => {
  it('pulls the whole feed once active, builds the domain snapshot and stamps new records with its version', async () => {
    const server = await startInProcessServer(cleanups);
    const core = await startCore(cleanups, { serverUrl: server.url, enrollCode: await newEnrollCode(server.asAdmin), sync: { masterPageLimit: 7 } });
    expect(core.masterData.snapshot()).toBeNull();
    await approve(server.asAdmin, core);
    const pulled = await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first master-data pull');

    const { body: current } = await server.asAdmin('GET', '/api/v1/master-data/station');
    expect(pulled.masterDataVersion).toBe(current.version);
    expect(pulled.lastMasterRefreshAt).not.toBeNull();
    // Seven changes a page: the feed came in several signed pages, applied together and all kept.
    const pages = core.db.prepare('SELECT from_version, to_version FROM master_pages ORDER BY from_version').all() as Array<{ from_version: number; to_version: number }>;
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.map((p) => p.from_version)).toEqual([0, ...pages.slice(0, -1).map((p) => p.to_version)]);
    expect(pages.at(-1)?.to_version).toBe(current.version);
    // DISP-1 has 72 h of offline grace in the demo plant.
    expect(Date.parse(pulled.offlineGraceExpiresAt ?? '') - Date.parse(pulled.lastMasterRefreshAt ?? '')).toBe(72 * 3_600_000);
    expect(core.masterData.graceExpired(Date.parse(pulled.lastMasterRefreshAt ?? ''))).toBe(false);

    const snapshot = core.masterData.snapshot();
    expect(snapshot?.version).toBe(current.version);
    expect(snapshot && findStation(snapshot, 'DISP-1')).toMatchObject({ kioskId: 'K-DISP-1', offlineGraceHours: 72 });
    expect(snapshot?.equipment.map((e) => e.id)).toEqual(expect.arrayContaining(['BAL-01', 'BAL-02', 'BAL-03', 'BAL-04']));
    expect(snapshot && calibrationInForce(snapshot, 'BAL-02')).toMatchObject({ certificateId: 'CAL-BAL-02-1' });
    // Users arrive without secrets in the snapshot; their verifiers are kept apart for offline checks.
    expect(snapshot?.users.some((u) => 'pinVerifier' in u || 'passwordVerifier' in u)).toBe(false);
    expect(core.masterData.verifiers('ada.admin')).toEqual({ passwordVerifier: null, pinVerifier: expect.stringMatching(/^scrypt\$/), pinMustChange: false, version: expect.any(Number) });

    const appended = core.log.append(weighingDraft('1.000'));
    if (!appended.ok) throw new Error(appended.message);
    expect(appended.appended.record.masterDataVersion).toBe(current.version);
  });

  it('picks up a central change on the next pull, and the records after it carry the new version', async () => {
    const server = await startInProcessServer(cleanups);
    const core = await startCore(cleanups, { serverUrl: server.url, enrollCode: await newEnrollCode(server.asAdmin) });
    await approve(server.asAdmin, core);
    const first = await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first pull');
    const before = core.log.append(weighingDraft('2.000'));
    if (!before.ok) throw new Error(before.message);

    const revoked = await server.asAdmin('PUT', '/api/v1/master-data/calibration/CAL-BAL-02-2', {
      data: { equipmentId: 'BAL-02', certificateId: 'CAL-BAL-02-2', calibratedOn: yesterday(), dueOn: yesterday(), provider: 'QA: out of tolerance' },
      reason: 'BAL-02 failed its as-found check',
    });
    expect(revoked).toMatchObject({ status: 200, body: { op: 'put' } });
    const newVersion = Number(revoked.body.version);
    core.sync.refreshMasterData();
    await syncReaches(core, (v) => v.masterDataVersion === newVersion, `master version ${newVersion}`);

    const snapshot = core.masterData.snapshot();
    expect(snapshot && calibrationInForce(snapshot, 'BAL-02')).toMatchObject({ certificateId: 'CAL-BAL-02-2', dueOn: yesterday() });
    const after = core.log.append(weighingDraft('2.001'));
    if (!after.ok) throw new Error(after.message);
    // What the kiosk stored (and will push) is what counts, not the in-memory copy.
    const stored = core.db.prepare('SELECT body FROM records WHERE seq = ?').get(after.appended.seq) as { body: string };
    expect((JSON.parse(stored.body) as { masterDataVersion: number }).masterDataVersion).toBe(newVersion);
    expect(before.appended.record.masterDataVersion).toBe(first.masterDataVersion);
  });

  it('applies nothing from a pull whose signature fails, says why, and applies the genuine answer on retry', async () => {
    const server = await startInProcessServer(cleanups);
    let forged = 0;
    const forge = (text: string) => {
      const body = JSON.parse(text) as { changes: Array<{ entity: string; data: Record<string, unknown> | null }> };
      const station = body.changes.find((c) => c.entity === 'station' && c.data);
      if (station?.data) station.data.offlineGraceHours = 100_000;
      forged++;
      return JSON.stringify(body);
    };
    const proxy = await startFaultProxy(server.url, (exchange): ProxyDecision => (exchange.path.startsWith('/sync/v1/pull') && forged === 0 ? { action: 'forward', rewrite: forge } : { action: 'forward' }));
    cleanups.add(() => proxy.close());
    const core = await startCore(cleanups, { serverUrl: proxy.url, enrollCode: await newEnrollCode(server.asAdmin) });
    const refused = syncReaches(core, (v) => v.lastError?.code === 'bad-pull', 'a refused master-data page');
    await approve(server.asAdmin, core);
    const atRefusal = await refused;
    expect(atRefusal.lastError?.message).toMatch(/master-data page from version 0: signature does not verify with server key/);
    expect(atRefusal.masterDataVersion).toBe(0);
    expect(core.masterData.snapshot()).toBeNull();

    const applied = await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'the genuine pull applied');
    expect(applied.lastError).toBeNull();
    expect(core.masterData.snapshot()?.stations.map((s) => s.offlineGraceHours)).not.toContain(100_000);
    expect(proxy.seen.filter((e) => e.path.startsWith('/sync/v1/pull')).length).toBeGreaterThanOrEqual(2);
  });

  it('applies nothing when the connection dies on a later page of a multi-page pull, then applies the whole feed', async () => {
    const server = await startInProcessServer(cleanups);
    let cut = false;
    const proxy = await startFaultProxy(server.url, (exchange): ProxyDecision => {
      if (!cut && exchange.path.startsWith('/sync/v1/pull') && !exchange.path.includes('cursor=0&')) {
        cut = true;
        return { action: 'drop' };
      }
      return { action: 'forward' };
    });
    cleanups.add(() => proxy.close());
    const core = await startCore(cleanups, { serverUrl: proxy.url, enrollCode: await newEnrollCode(server.asAdmin), sync: { masterPageLimit: 7 } });
    const failed = syncReaches(core, (v) => v.lastError?.code === 'server-unreachable' && cut, 'a pull cut after its first page');
    await approve(server.asAdmin, core);
    const atFailure = await failed;
    expect(atFailure.lastError?.message).toMatch(/^master-data pull from version [1-9]\d* failed/);
    // The first page arrived and verified, but without the rest it was not applied.
    expect(atFailure.masterDataVersion).toBe(0);
    expect(core.masterData.snapshot()).toBeNull();
    const { body: current } = await server.asAdmin('GET', '/api/v1/master-data/station');
    await syncReaches(core, (v) => v.masterDataVersion === current.version, 'the whole feed applied after the retry');
    expect(core.masterData.snapshot()?.stations.map((s) => s.id)).toEqual(expect.arrayContaining(['DISP-1', 'GRAN-1']));
  });

  it('learns from a refused pull that an admin revoked it, and keeps its cached master data', async () => {
    const server = await startInProcessServer(cleanups);
    const core = await startCore(cleanups, { serverUrl: server.url, enrollCode: await newEnrollCode(server.asAdmin) });
    await approve(server.asAdmin, core);
    const pulled = await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first pull');
    expect(await server.asAdmin('POST', '/api/v1/kiosks/K-DISP-1/revoke', { reason: 'booth decommissioned' })).toMatchObject({ status: 200 });
    core.sync.refreshMasterData();
    const revoked = await syncReaches(core, (v) => v.phase === 'revoked', 'revoked after a pull');
    expect(revoked.lastError).toMatchObject({ code: 'kiosk-revoked', message: expect.stringMatching(/^master-data pull from version \d+ failed: .*revoked/) });
    expect(revoked.masterDataVersion).toBe(pulled.masterDataVersion);
    expect(core.masterData.snapshot()?.version).toBe(pulled.masterDataVersion);
  });

  it('refuses a malformed entity from an older or broken server, says so in its sync status, and applies the rest of the pull', async () => {
    const server = await startInProcessServer(cleanups);
    const core = await startCore(cleanups, { serverUrl: server.url, enrollCode: await newEnrollCode(server.asAdmin) });
    await approve(server.asAdmin, core);
    await syncReaches(core, (v) => (v.masterDataVersion ?? 0) > 0, 'a first pull');
    // Written past the API (which refuses it) the way a server before issue 11 stored it.
    const version = await server.app.db.transaction().execute(async (trx) => {
      const v = await nextMasterVersion(trx, server.app.engine);
      await putMasterEntity(trx, 'lot', 'MCC-118', { id: 'MCC-118', materialId: 'MCC', status: 'approved', expiry: '2028-01-31', bogus: true }, v, new Date().toISOString());
      await putMasterEntity(trx, 'lot', 'PVP-077', { id: 'PVP-077', materialId: 'PVP', status: 'on-hold', expiry: '2027-06-30', statusReason: 'recall' }, v, new Date().toISOString());
      return v;
    });
    core.sync.refreshMasterData();
    const status = await syncReaches(core, (v) => v.masterDataVersion === version, `master version ${version}`);
    expect(status.lastError).toMatchObject({ code: 'master-entity-refused', message: expect.stringContaining('lot MCC-118') });
    expect(status.masterDataRefused).toEqual([{ entity: 'lot', id: 'MCC-118', version, problems: expect.arrayContaining(['/bogus is not a field of this entity', expect.stringMatching(/^\/status must be equal to one of/)]) }]);
    const snapshot = core.masterData.snapshot();
    // The good change of the same pull applied; the bad lot is not usable at all (never read as released).
    expect(snapshot?.lots.find((l) => l.id === 'PVP-077')?.status).toBe('on-hold');
    expect(snapshot?.lots.find((l) => l.id === 'MCC-118')).toBeUndefined();
  });
});
