import { expect, it } from 'vitest';
import type { SignedRecord } from '@lineside/sync-protocol';
import { importPublicKey } from '@lineside/sync-protocol/node';
import { buildApp } from '../../apps/sync-server/src/app.js';
import { fileKeyProvider } from '../../apps/sync-server/src/security/server-key-store.js';
import { ingestBatch } from '../../apps/sync-server/src/sync/push.js';
import { onEachEngine } from './support/suite.js';
import { approveNewRecipeVersion, callAs } from './support/recipes.js';
import type { ServerUnderTest } from './support/server.js';
import type { TestKiosk } from './support/kiosk.js';
import { signedLotStatus } from './support/lots.js';

const HOUR = 3_600_000;

type Flag = { code: string; message: string };

async function viewsOf(server: ServerUnderTest, kiosk: TestKiosk): Promise<Map<number, { flags: Flag[]; checksPending: boolean }>> {
  const session = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password } });
  const token = (session.json() as { token: string }).token;
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/records?kioskId=${kiosk.kioskId}&limit=100`, headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  return new Map((response.json() as { records: { seq: number; flags: Flag[]; checksPending: boolean }[] }).records.map((r) => [r.seq, { flags: r.flags, checksPending: r.checksPending }]));
}

async function flagsOf(server: ServerUnderTest, kiosk: TestKiosk): Promise<Map<number, Flag[]>> {
  // A fresh session each time: some cases move the clock past a session's lifetime.
  const session = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password } });
  const token = (session.json() as { token: string }).token;
  const response = await server.app.inject({ method: 'GET', url: `/api/v1/records?kioskId=${kiosk.kioskId}&limit=100`, headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  return new Map((response.json() as { records: { seq: number; flags: Flag[] }[] }).records.map((r) => [r.seq, r.flags]));
}

async function pushOk(server: ServerUnderTest, kiosk: TestKiosk, records: SignedRecord[]): Promise<void> {
  const response = await server.push(kiosk, kiosk.pushBody(records));
  // Business findings never refuse a signed record: every one is accepted, then flagged.
  expect(response.statusCode, response.body).toBe(200);
  expect(response.json()).toMatchObject({ accepted: records.length, duplicates: 0 });
}

/** What the records browser's page receives for this kiosk, by the session cookie of a signed-in supervisor. */
async function browserRecordsOf(server: ServerUnderTest, userId: string, kiosk: TestKiosk): Promise<Map<number, { flags: { code: string; message: string }[]; checksPending: boolean }>> {
  const browser = await server.browser(userId);
  const response = await browser.request('GET', `/api/v1/records?sort=newest&kioskId=${kiosk.kioskId}`);
  expect(response.statusCode, response.body).toBe(200);
  const { records } = response.json() as { records: { seq: number; flags: { code: string; message: string }[]; checksPending: boolean }[] };
  return new Map(records.map((r) => [r.seq, { flags: r.flags, checksPending: r.checksPending }]));
}

// Each case signs one record before the central change and one after, and pushes both after it:
// only the record made after the change is flagged, because the checks ask what was true at its time.
onEachEngine('business flags after commit (SYNC.md §4.2)', (server) => {
  it('flags CONSUMED_HELD_LOT only on the record made after QA put the lot on hold, and shows it on the page', async () => {
    const kiosk = await server.freshKiosk();
    const onLot = (value: string) => kiosk.sign(kiosk.weighing(value, { subject: { equipment: 'BAL-01', lot: 'PCM-2401' } }));
    const before = onLot('10.000');
    server.advance(60_000);
    const hold = await signedLotStatus(server, 'PCM-2401', 'on-hold', 'OOS assay');
    expect(hold.statusCode, hold.body).toBe(200);
    const holdAt = server.clock.toISOString();
    server.advance(60_000);
    const after = onLot('11.000');
    await pushOk(server, kiosk, [before, after]);

    const flags = await flagsOf(server, kiosk);
    expect(flags.get(1)).toEqual([]);
    expect(flags.get(2)).toEqual([{ code: 'CONSUMED_HELD_LOT', message: `Lot PCM-2401 was on hold centrally when used (OOS assay), since ${holdAt}` }]);
    const seen = await browserRecordsOf(server, 'sam.supervisor', kiosk);
    expect(seen.get(2)?.flags).toEqual([{ code: 'CONSUMED_HELD_LOT', message: expect.stringContaining('Lot PCM-2401 was on hold centrally when used') }]);
  });

  it('flags a lot that was already on hold at seed time (CCS-031)', async () => {
    const kiosk = await server.freshKiosk();
    await pushOk(server, kiosk, [kiosk.sign(kiosk.weighing('3.210', { subject: { equipment: 'BAL-01', lot: 'CCS-031' } }))]);
    expect((await flagsOf(server, kiosk)).get(1)?.map((f) => f.message)).toEqual(['Lot CCS-031 was on hold centrally when used (QA investigation)']);
  });

  it('flags STALE_RECIPE when a newer approved version took effect before the record', async () => {
    const kiosk = await server.freshKiosk();
    const current = await server.as('sam.supervisor', 'GET', '/api/v1/master-data/recipe');
    const v3 = (current.json() as { items: Record<string, unknown>[] }).items.find((r) => r['id'] === 'PCM-500-GRAN' && r['version'] === 3);
    expect(v3, 'recipe PCM-500-GRAN@3 in the demo plant').toBeDefined();
    const usingV3 = (value: string) => kiosk.sign(kiosk.weighing(value, { masterRefs: { recipe: 'PCM-500-GRAN@3' } }));
    const before = usingV3('1.000');
    server.advance(60_000);
    const signer = (userId: string) => ({ call: callAs(server, userId), userId, password: server.credentials[userId]!.password });
    const v4 = await approveNewRecipeVersion(callAs(server, 'ada.admin'), [signer('quinn.qa'), signer('sam.supervisor')], v3!, {}, 'change control CC-88');
    expect(v4).toBe(4);
    server.advance(60_000);
    const after = usingV3('2.000');
    await pushOk(server, kiosk, [before, after]);

    const flags = await flagsOf(server, kiosk);
    expect(flags.get(1)).toEqual([]);
    expect(flags.get(2)).toEqual([{ code: 'STALE_RECIPE', message: 'Recipe PCM-500-GRAN version 3 was used, but version 4 was in effect centrally at that time' }]);
  });

  it('deactivates a user through the admin API, audited and versioned, and flags SIGNER_NOT_AUTHORIZED after that time', async () => {
    const kiosk = await server.freshKiosk();
    const byOscar = (value: string) => kiosk.sign(kiosk.weighing(value, { actor: { kind: 'user', userId: 'oscar.operator', printedName: 'Oscar Operator' } }));
    const before = byOscar('5.000');
    server.advance(60_000);
    const versionBefore = (await server.as('ada.admin', 'GET', '/api/v1/master-data/user')).json() as { version: number };

    const refused = await server.as('sam.supervisor', 'POST', '/api/v1/users/oscar.operator/deactivate', { reason: 'left the company' });
    expect(refused.statusCode).toBe(403);
    const noReason = await server.as('ada.admin', 'POST', '/api/v1/users/oscar.operator/deactivate', {});
    expect(noReason.statusCode).toBe(400);
    const unknown = await server.as('ada.admin', 'POST', '/api/v1/users/nobody/deactivate', { reason: 'typo' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ reason: 'not-found', message: 'user nobody does not exist' });

    const deactivated = await server.as('ada.admin', 'POST', '/api/v1/users/oscar.operator/deactivate', { reason: 'left the company' });
    expect(deactivated.statusCode, deactivated.body).toBe(200);
    const at = server.clock.toISOString();
    expect(deactivated.json()).toEqual({ userId: 'oscar.operator', active: false, deactivatedAt: at, masterVersion: versionBefore.version + 1, reason: 'left the company' });
    const again = await server.as('ada.admin', 'POST', '/api/v1/users/oscar.operator/deactivate', { reason: 'twice' });
    expect(again.statusCode).toBe(409);
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'oscar.operator', password: server.credentials['oscar.operator']!.password } });
    expect(signIn.statusCode).toBe(401);
    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.deactivated').execute();
    expect(audit.map((a) => ({ actor: a.actor, target: a.target, reason: a.reason, at: a.at }))).toEqual([{ actor: 'ada.admin', target: 'user/oscar.operator', reason: 'left the company', at }]);
    // Kiosks learn it by the master-data pull: the user entity carries active: false at the new version.
    const users = (await server.as('ada.admin', 'GET', '/api/v1/master-data/user')).json() as { version: number; items: Record<string, unknown>[] };
    expect(users.version).toBe(versionBefore.version + 1);
    expect(users.items.find((u) => u['id'] === 'oscar.operator')).toMatchObject({ active: false });

    server.advance(60_000);
    const after = byOscar('6.000');
    await pushOk(server, kiosk, [before, after]);
    const flags = await flagsOf(server, kiosk);
    expect(flags.get(1)).toEqual([]);
    expect(flags.get(2)).toEqual([{ code: 'SIGNER_NOT_AUTHORIZED', message: `User oscar.operator signed this while deactivated centrally, since ${at}` }]);
  });

  it('flags CLOCK_SKEW for a kiosk clock ahead of the server or far off at its last sync, not for a small offset', async () => {
    const kiosk = await server.freshKiosk();
    const now = server.clock.getTime();
    const iso = (ms: number) => new Date(ms).toISOString();
    const time = (lastSync?: { serverTime: string; offsetMs: number; rttMs: number }) => ({ hlc: `${iso(now)}-0000-${kiosk.kioskId}`, bootId: 'boot-1', monoMs: '1000', ...(lastSync ? { lastSync } : {}) });
    const ahead = kiosk.sign(kiosk.weighing('1.000', { occurredAt: iso(now + 10 * 60_000), time: time() }));
    const farOff = kiosk.sign(kiosk.weighing('2.000', { time: time({ serverTime: iso(now - 60_000), offsetMs: 7 * 60_000, rttMs: 40 }) }));
    const setBack = kiosk.sign(kiosk.weighing('3.000', { occurredAt: iso(now - 30 * 60_000), time: time({ serverTime: iso(now - 60_000), offsetMs: 2_000, rttMs: 40 }) }));
    const fine = kiosk.sign(kiosk.weighing('4.000', { occurredAt: iso(now + 60_000), time: time({ serverTime: iso(now - 60_000), offsetMs: -1_500, rttMs: 40 }) }));
    await pushOk(server, kiosk, [ahead, farOff, setBack, fine]);

    const flags = await flagsOf(server, kiosk);
    expect(flags.get(1)).toEqual([{ code: 'CLOCK_SKEW', message: `Kiosk time ${iso(now + 10 * 60_000)} is 10 min after the server received the record: the kiosk clock runs ahead` }]);
    expect(flags.get(2)).toEqual([{ code: 'CLOCK_SKEW', message: `Kiosk clock was 7 min behind server time at its last sync (${iso(now - 60_000)})` }]);
    expect(flags.get(3)).toEqual([{ code: 'CLOCK_SKEW', message: `Kiosk time ${iso(now - 30 * 60_000)} is 29 min before its own last sync (${iso(now - 60_000)}): the kiosk clock was set back` }]);
    expect(flags.get(4)).toEqual([]);
  });

  it("flags LATE_ARRIVAL for a record that reaches the server after the station's offline grace, not one just inside it", async () => {
    const kiosk = await server.freshKiosk();
    const old = kiosk.sign(kiosk.weighing('7.000'));
    server.advance(1 * HOUR);
    const recent = kiosk.sign(kiosk.weighing('8.000'));
    server.advance(72 * HOUR);
    // BAL-01 stays calibrated for 90 days, so lateness is the only finding.
    await pushOk(server, kiosk, [old, recent]);
    const flags = await flagsOf(server, kiosk);
    expect(flags.get(1)).toEqual([{ code: 'LATE_ARRIVAL', message: "Arrived 73 h after it was recorded, beyond the station's offline grace of 72 h" }]);
    expect(flags.get(2)).toEqual([]);
  });

  it('a server stopped between the commit and the checks: the records show "checks pending", and the next start flags them', async () => {
    const kiosk = await server.freshKiosk();
    const held = kiosk.sign(kiosk.weighing('3.210', { subject: { equipment: 'BAL-01', lot: 'CCS-031' } }));
    const clean = kiosk.sign(kiosk.weighing('4.321'));
    // What the push route does up to its commit, and no further: the process "dies" before the checks.
    const stored = await ingestBatch(server.app.db, server.app.engine, { kioskId: kiosk.kioskId, keyId: kiosk.keyId, records: [held, clean] }, importPublicKey(kiosk.key.publicKey), server.clock.toISOString());
    expect(stored).toMatchObject({ ok: true, accepted: 2 });
    expect(await viewsOf(server, kiosk)).toEqual(
      new Map([
        [1, { flags: [], checksPending: true }],
        [2, { flags: [], checksPending: true }],
      ]),
    );
    expect((await browserRecordsOf(server, 'sam.supervisor', kiosk)).get(1)).toEqual({ flags: [], checksPending: true });

    // A server starting on the same database sweeps before it serves.
    const restarted = await buildApp({ database: server.database.options(), serverKeys: fileKeyProvider(server.keyFolder), now: () => server.clock, checksSweepMs: 0 });
    try {
      expect(await viewsOf(server, kiosk)).toEqual(
        new Map([
          [1, { flags: [{ code: 'CONSUMED_HELD_LOT', message: 'Lot CCS-031 was on hold centrally when used (QA investigation)' }], checksPending: false }],
          [2, { flags: [], checksPending: false }],
        ]),
      );
    } finally {
      await restarted.close();
    }
  });

  it('records checked after a normal push are not pending', async () => {
    const kiosk = await server.freshKiosk();
    await pushOk(server, kiosk, [kiosk.sign(kiosk.weighing('5.000'))]);
    expect((await viewsOf(server, kiosk)).get(1)).toEqual({ flags: [], checksPending: false });
  });
});
