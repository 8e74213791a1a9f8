// Issue 11 at the kiosk: an admin resets Olivia's password and PIN; DISP-1 pulls the reset and refuses to
// open a session with the temporary PIN until she sets her own (refusing a mistyped, short or unchanged
// one, and counting a wrong temporary PIN as a failed attempt). Her `session.pin-changed` reaches the
// server, which makes the new PIN hers everywhere: GRAN-1's kiosk pulls it and accepts it, not the
// temporary one. A change citing a reset older than the user's last one is stored but not applied.
import { afterEach, expect, it } from 'vitest';
import { checkVerifier } from '@lineside/sync-protocol/node';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, simulatedClock } from '../faults/support/sync-fixture.js';
import { plant, station, type Server } from './support/kiosk-station.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const OLIVIA = 'olivia.operator';
const LOGIN_FAILED = 'login-failed';

async function reset(server: Server, reason: string): Promise<{ pin: string; version: number }> {
  const { status, body } = await server.asAdmin('POST', `/api/v1/users/${OLIVIA}/reset-credentials`, { reason });
  if (status !== 200) throw new Error(`reset refused: HTTP ${status} ${JSON.stringify(body)}`);
  return { pin: String((body['temporary'] as { pin: string }).pin), version: (await userRow(server)).master_version };
}

/**
 * Olivia works at both stations (a master version of its own, before the reset), DISP-1's and GRAN-1's kiosks run,
 * an admin resets her PIN, and both kiosks have pulled the reset.
 */
async function resetAtBothStations(fresh: () => Promise<Parameters<typeof plant>[1]>) {
  const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
  const { server, pin } = await plant(cleanups, await fresh(), clock);
  const moved = await server.asAdmin('PUT', `/api/v1/users/${OLIVIA}`, { user: { printedName: 'Olivia Operator', roles: ['operator'], badge: '100001', stations: ['DISP-1', 'GRAN-1'] }, reason: 'covers the granulator too' });
  expect(moved.status).toBe(200);
  const booth = await station(cleanups, server, clock, pin, clock);
  const line = await station(cleanups, server, clock, pin, clock, { stationId: 'GRAN-1', kioskId: 'K-GRAN-1', orderId: 'ORD-0002' });
  const temporary = await reset(server, 'forgot her PIN');
  await booth.pulled(temporary.version);
  await line.pulled(temporary.version);
  return { server, pin, booth, line, temporary };
}

async function userRow(server: Server) {
  const row = await server.app.db.selectFrom('users').select(['pin_verifier', 'pin_must_change', 'pin_reset_version', 'master_version']).where('user_id', '=', OLIVIA).executeTakeFirstOrThrow();
  return { pinVerifier: row.pin_verifier, mustChange: Number(row.pin_must_change), resetVersion: Number(row.pin_reset_version), master_version: Number(row.master_version) };
}

async function pinChangeRecords(server: Server): Promise<number> {
  const rows = await server.app.db.selectFrom('records').select('seq').where('type', '=', 'session.pin-changed').execute();
  return rows.length;
}

onEachEngine('a reset PIN is replaced at the kiosk (issue 11)', (fresh) => {
  it('DISP-1 forces the new PIN, the server applies it, and GRAN-1 pulls it: the temporary PIN is dead everywhere', async () => {
    const { server, pin, booth, line, temporary } = await resetAtBothStations(fresh);
    // The seeded PIN, from before the reset.
    const before = pin(OLIVIA);
    expect(await userRow(server)).toMatchObject({ mustChange: 1, resetVersion: temporary.version });

    // The old PIN is gone; the temporary one opens no session, it asks for a new PIN.
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: before })).toMatchObject({ ok: false, code: LOGIN_FAILED });
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: temporary.pin })).toMatchObject({ ok: false, code: 'pin-change-required', pinChange: { userId: OLIVIA, printedName: 'Olivia Operator' } });
    expect(await booth.send('getSession', {})).toBeNull();
    expect(await booth.send('startOrder', { orderId: 'ORD-0001' })).toMatchObject({ ok: false, code: 'not-logged-in' });

    const change = (currentPin: string, newPin: string, newPinAgain = newPin) => booth.send('changePin', { badgeOrUserId: '100001', currentPin, newPin, newPinAgain });
    expect(await change(temporary.pin, '905172', '905173')).toMatchObject({ ok: false, code: 'pin-mismatch' });
    expect(await change(temporary.pin, '9051')).toMatchObject({ ok: false, code: 'pin-too-short' });
    expect(await change(temporary.pin, temporary.pin)).toMatchObject({ ok: false, code: 'pin-same-as-temporary' });
    const wrong = temporary.pin === '000000' ? '000001' : '000000';
    expect(await change(wrong, '905172')).toMatchObject({ ok: false, code: 'pin-wrong' });
    // A failed attempt like a wrong PIN at sign-in: the second in a row after the old PIN above.
    expect(booth.core.execution.signerState(OLIVIA)).toMatchObject({ status: 'active', consecutiveFailures: 2 });
    expect(await change(temporary.pin, '905172')).toMatchObject({ ok: true, session: { userId: OLIVIA } });
    await booth.ok('listOrders', {});
    await booth.synced();

    // The server holds the record and made the PIN Olivia's: verifier replaced, flag cleared, a new version.
    expect(await pinChangeRecords(server)).toBe(1);
    const after = await userRow(server);
    expect(after).toMatchObject({ mustChange: 0, resetVersion: temporary.version });
    expect(after.master_version).toBeGreaterThan(temporary.version);
    expect(await checkVerifier('905172', after.pinVerifier)).toBe(true);
    expect(await checkVerifier(temporary.pin, after.pinVerifier)).toBe(false);
    const audit = await server.app.db.selectFrom('audit_log').select(['action', 'actor']).where('target', '=', `user/${OLIVIA}`).where('action', '=', 'user.pin-changed').execute();
    expect(audit).toEqual([{ action: 'user.pin-changed', actor: OLIVIA }]);

    // GRAN-1 pulls the new verifier: the temporary PIN is refused, the new one signs in at once.
    await line.pulled(after.master_version);
    expect(await line.send('login', { badgeOrUserId: OLIVIA, pin: temporary.pin })).toMatchObject({ ok: false, code: LOGIN_FAILED });
    expect(await line.send('login', { badgeOrUserId: OLIVIA, pin: '905172' })).toMatchObject({ ok: true, session: { userId: OLIVIA } });
    // DISP-1 after its own re-pull too.
    await booth.ok('logout', {});
    await booth.pulled(after.master_version);
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: temporary.pin })).toMatchObject({ ok: false, code: LOGIN_FAILED });
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: '905172' })).toMatchObject({ ok: true });
  }, 180_000);

  it('two PINs set offline at two kiosks against one reset: the one set later wins, though the earlier arrives last', async () => {
    const { server, booth, line, temporary } = await resetAtBothStations(fresh);

    // Both kiosks offline: Olivia sets 905172 at DISP-1, then (later, by the shared clock) 318264 at GRAN-1.
    booth.link.offline = true;
    line.link.offline = true;
    expect(await booth.send('changePin', { badgeOrUserId: '100001', currentPin: temporary.pin, newPin: '905172', newPinAgain: '905172' })).toMatchObject({ ok: true });
    expect(await line.send('changePin', { badgeOrUserId: OLIVIA, currentPin: temporary.pin, newPin: '318264', newPinAgain: '318264' })).toMatchObject({ ok: true });
    // The later change arrives first, the earlier one after it.
    line.link.offline = false;
    await line.synced();
    booth.link.offline = false;
    await booth.synced();

    expect(await pinChangeRecords(server)).toBe(2);
    const row = await userRow(server);
    expect(row.mustChange).toBe(0);
    expect(await checkVerifier('318264', row.pinVerifier)).toBe(true);
    expect(await checkVerifier('905172', row.pinVerifier)).toBe(false);
    const audit = await server.app.db.selectFrom('audit_log').select(['action', 'actor', 'reason']).where('target', '=', `user/${OLIVIA}`).where('action', 'like', 'user.pin-change%').orderBy('at').execute();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['user.pin-changed', OLIVIA],
      ['user.pin-change-ignored', 'K-DISP-1'],
    ]);
    expect(audit[1]!.reason).toMatch(/ignored, the user set a PIN later \(.+\) than this one \(.+\)/);
  }, 180_000);

  it('a PIN set offline against a reset the admin has since repeated is stored but not applied: the later reset wins', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin } = await plant(cleanups, await fresh(), clock);
    const booth = await station(cleanups, server, clock, pin, clock);
    const first = await reset(server, 'forgot her PIN');
    await booth.pulled(first.version);

    booth.link.offline = true;
    expect(await booth.send('changePin', { badgeOrUserId: '100001', currentPin: first.pin, newPin: '905172', newPinAgain: '905172' })).toMatchObject({ ok: true });
    const second = await reset(server, 'the first temporary PIN was seen by someone else');
    booth.link.offline = false;
    await booth.synced();

    expect(await pinChangeRecords(server)).toBe(1);
    const row = await userRow(server);
    expect(row).toMatchObject({ mustChange: 1, resetVersion: second.version, master_version: second.version });
    expect(await checkVerifier(second.pin, row.pinVerifier)).toBe(true);
    const ignored = await server.app.db.selectFrom('audit_log').select('action').where('target', '=', `user/${OLIVIA}`).where('action', 'like', 'user.pin-change%').execute();
    expect(ignored).toEqual([{ action: 'user.pin-change-ignored' }]);

    // The kiosk takes the later reset: the PIN set here no longer works, the new temporary one asks again.
    await booth.ok('logout', {});
    await booth.pulled(second.version);
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: '905172' })).toMatchObject({ ok: false, code: LOGIN_FAILED });
    expect(await booth.send('login', { badgeOrUserId: '100001', pin: second.pin })).toMatchObject({ ok: false, code: 'pin-change-required' });
  }, 180_000);
});
