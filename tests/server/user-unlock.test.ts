import { expect, it } from 'vitest';
import type { JsonValue, SignedRecord } from '@lineside/sync-protocol';
import { applyKioskLockouts } from '../../apps/sync-server/src/sync/kiosk-lockouts.js';
import { onEachEngine } from './support/suite.js';
import type { ServerUnderTest } from './support/server.js';
import type { TestKiosk } from './support/kiosk.js';

const AT = '2026-11-25T09:00:00+01:00';

function signerRecord(kiosk: TestKiosk, type: 'signer.signer-locked-out' | 'signer.signer-unlocked', payload: Record<string, JsonValue>, actor: SignedRecord['actor'] = { kind: 'kiosk' }): SignedRecord {
  const event = type === 'signer.signer-locked-out' ? 'SignerLockedOut' : 'SignerUnlocked';
  return kiosk.sign(kiosk.weighing('0', { type, payloadSchema: `${type}@1`, actor, subject: { signer: String(payload['userId']) }, payload: { type: event, ...payload } }));
}

async function userEntity(server: ServerUnderTest, id: string): Promise<Record<string, unknown>> {
  const response = await server.as('ada.admin', 'GET', '/api/v1/master-data/user');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { items: Record<string, unknown>[] }).items.find((u) => u['id'] === id)!;
}

async function pulledUser(server: ServerUnderTest, kiosk: TestKiosk, id: string): Promise<Record<string, unknown> | null | undefined> {
  const url = '/sync/v1/pull?cursor=1&limit=1000';
  const body = (await server.app.inject({ method: 'GET', url, headers: { authorization: kiosk.authorization('GET', url) } })).json() as { changes: { entity: string; id: string; data: Record<string, unknown> | null }[] };
  return body.changes.filter((c) => c.entity === 'user' && c.id === id).at(-1)?.data;
}

const signIn = (server: ServerUnderTest, userId: string, password: string) => server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId, password } });

onEachEngine('a lockout at one kiosk is central, and QA or an admin unlocks it centrally (issue 9 §4, §5)', (server) => {
  let kiosk: TestKiosk;
  let lockout: SignedRecord;

  it('marks a user locked out at a kiosk as locked out centrally: a master-data change every kiosk pulls, audited', async () => {
    kiosk = await server.kiosk('DISP-1');
    lockout = signerRecord(kiosk, 'signer.signer-locked-out', { at: AT, userId: 'olivia.operator', failures: 3 });
    const pushed = await server.push(kiosk, kiosk.pushBody([lockout]));
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(await userEntity(server, 'olivia.operator')).toMatchObject({ centralLockout: { since: AT, kioskId: 'K-DISP-1' } });
    expect(await pulledUser(server, kiosk, 'olivia.operator')).toMatchObject({ centralLockout: { since: AT, kioskId: 'K-DISP-1' }, pinVerifier: expect.stringMatching(/^scrypt\$/) });
    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('target', '=', 'user/olivia.operator').execute();
    expect(audit).toMatchObject([{ actor: 'K-DISP-1', action: 'user.kiosk-locked-out' }]);
  });

  it('refuses an unlock without the role, without a reason, with a wrong re-entered password, of oneself, or of a user not locked', async () => {
    const olivia = server.credentials['olivia.operator']!;
    const quinn = server.credentials['quinn.qa']!;
    const url = '/api/v1/users/olivia.operator/unlock';
    expect((await server.as('olivia.operator', 'POST', url, { reason: 'me', password: olivia.password })).statusCode).toBe(403);
    const noReason = await server.as('quinn.qa', 'POST', url, { password: quinn.password });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    const blank = await server.as('quinn.qa', 'POST', url, { reason: '   ', password: quinn.password });
    expect(blank.json()).toMatchObject({ reason: 'invalid-body', message: expect.stringContaining('reason') });
    const wrong = await server.as('quinn.qa', 'POST', url, { reason: 'identity confirmed', password: `${quinn.password}x` });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toContain('password re-entered for quinn.qa is wrong');
    const self = await server.as('quinn.qa', 'POST', '/api/v1/users/quinn.qa/unlock', { reason: 'me', password: quinn.password });
    expect(self.json()).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('cannot unlock themself') });
    expect((await server.as('quinn.qa', 'POST', '/api/v1/users/nobody/unlock', { reason: 'x', password: quinn.password })).statusCode).toBe(404);
    expect((await server.as('quinn.qa', 'POST', '/api/v1/users/sam.supervisor/unlock', { reason: 'x', password: quinn.password })).statusCode).toBe(409);
    expect(await userEntity(server, 'olivia.operator')).toHaveProperty('centralLockout');
  });

  it('unlocks with a reason and the re-entered password: clears the central sign-in lock and the kiosk lockout, audited before/after', async () => {
    const olivia = server.credentials['olivia.operator']!;
    for (let i = 0; i < 5; i++) await signIn(server, 'olivia.operator', 'not her password');
    expect((await signIn(server, 'olivia.operator', olivia.password)).statusCode).toBe(401);

    const response = await server.as('quinn.qa', 'POST', '/api/v1/users/olivia.operator/unlock', { reason: 'identity confirmed at the booth', password: server.credentials['quinn.qa']!.password });
    expect(response.statusCode, response.body).toBe(200);
    const { masterVersion } = response.json() as { masterVersion: number };
    expect(response.json()).toMatchObject({ userId: 'olivia.operator', unlockedBy: 'quinn.qa', reason: 'identity confirmed at the booth', unlockedAt: server.clock.toISOString() });

    const entity = await userEntity(server, 'olivia.operator');
    expect(entity).not.toHaveProperty('centralLockout');
    expect(entity['centralUnlock']).toEqual({ at: server.clock.toISOString(), by: 'quinn.qa', reason: 'identity confirmed at the booth', version: masterVersion });
    expect(await pulledUser(server, kiosk, 'olivia.operator')).toMatchObject({ centralUnlock: { by: 'quinn.qa', version: masterVersion } });
    expect((await signIn(server, 'olivia.operator', olivia.password)).statusCode).toBe(201);

    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.unlocked').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'quinn.qa', target: 'user/olivia.operator', reason: 'identity confirmed at the booth' });
    const details = JSON.parse(audit[0]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({
      version: masterVersion,
      before: { failedSignIns: 5, lockedUntil: expect.any(String), centralLockout: { since: AT, kioskId: 'K-DISP-1' } },
      after: { failedSignIns: 0, lockedUntil: null, centralLockout: null },
    });

    // The sweep re-running the old lockout record does not lock her again: the unlock came after it.
    await applyKioskLockouts(server.app, [lockout]);
    expect(await userEntity(server, 'olivia.operator')).not.toHaveProperty('centralLockout');
  });

  it('lifts a central lockout for every kiosk when QA unlocks the user at a kiosk', async () => {
    const later = '2026-11-25T10:00:00+01:00';
    const again = signerRecord(kiosk, 'signer.signer-locked-out', { at: later, userId: 'olivia.operator', failures: 3 });
    expect((await server.push(kiosk, kiosk.pushBody([again]))).statusCode).toBe(200);
    expect(await userEntity(server, 'olivia.operator')).toMatchObject({ centralLockout: { since: later } });
    const signature = { signatureId: 'S-U1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'approved', signedAt: '2026-11-25T10:05:00+01:00', signedHash: `sha256:${'0'.repeat(64)}`, components: 'id-and-secret', reason: 'badge holder confirmed' };
    const unlocked = signerRecord(kiosk, 'signer.signer-unlocked', { at: '2026-11-25T10:05:00+01:00', userId: 'olivia.operator', by: 'quinn.qa', reason: 'badge holder confirmed', signature }, { kind: 'user', userId: 'quinn.qa', printedName: 'Quinn QA' });
    const pushed = await server.push(kiosk, kiosk.pushBody([unlocked]));
    expect(pushed.statusCode, pushed.body).toBe(200);
    const entity = await userEntity(server, 'olivia.operator');
    expect(entity).not.toHaveProperty('centralLockout');
    expect(entity['centralUnlock']).toMatchObject({ at: '2026-11-25T10:05:00+01:00', by: 'quinn.qa', reason: 'badge holder confirmed', kioskId: 'K-DISP-1' });
  });

  it('lets the last active admin or QA user unlock themself, so the last one is never left locked out', async () => {
    const ada = server.credentials['ada.admin']!;
    const adaLocked = signerRecord(kiosk, 'signer.signer-locked-out', { at: '2026-11-25T11:00:00+01:00', userId: 'ada.admin', failures: 3 });
    expect((await server.push(kiosk, kiosk.pushBody([adaLocked]))).statusCode).toBe(200);
    const url = '/api/v1/users/ada.admin/unlock';
    // While QA is active, QA must do it.
    expect((await server.as('ada.admin', 'POST', url, { reason: 'typo streak', password: ada.password })).json()).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('cannot unlock themself') });
    expect((await server.as('ada.admin', 'POST', '/api/v1/users/quinn.qa/deactivate', { reason: 'left the company' })).statusCode).toBe(200);
    const self = await server.as('ada.admin', 'POST', url, { reason: 'typo streak, nobody else may unlock', password: ada.password });
    expect(self.statusCode, self.body).toBe(200);
    expect(await userEntity(server, 'ada.admin')).toMatchObject({ centralUnlock: { by: 'ada.admin' } });
    expect(await userEntity(server, 'ada.admin')).not.toHaveProperty('centralLockout');
  });
});
