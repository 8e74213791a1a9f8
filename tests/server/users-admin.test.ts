import { expect, it } from 'vitest';
import { onEachEngine } from './support/suite.js';

onEachEngine('users administration: create, edit roles, reset, lockout history, the last admin kept (issue 11)', (server) => {
  it('creates a user with a temporary password that works once and must be replaced, and ships them to their station only', async () => {
    const created = await server.as('ada.admin', 'POST', '/api/v1/users', { user: { id: 'nina.operator', printedName: 'Nina Operator', roles: ['operator'], badge: '100009', stations: ['DISP-1'] }, reason: 'new starter, training record TR-55' });
    expect(created.statusCode, created.body).toBe(201);
    const body = created.json() as { user: { user: Record<string, unknown>; mustChangePassword: boolean }; temporary: { password: string; pin: string } };
    expect(body.user).toMatchObject({ user: { id: 'nina.operator', roles: ['operator'], active: true, stations: ['DISP-1'] }, mustChangePassword: true, pinMustChange: true });
    expect(body.temporary.pin).toMatch(/^\d+$/);
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'nina.operator', password: body.temporary.password } });
    expect(signIn.statusCode).toBe(201);
    const token = (signIn.json() as { token: string }).token;
    const changed = await server.app.inject({ method: 'POST', url: '/api/v1/users/me/password', headers: { authorization: `Bearer ${token}` }, payload: { current: body.temporary.password, next: 'nina-own-password-42' } });
    expect(changed.statusCode, changed.body).toBe(200);
    const list = (await server.as('quinn.qa', 'GET', '/api/v1/users')).json() as { users: { user: { id: string }; mustChangePassword: boolean; pinMustChange: boolean }[] };
    // The password is her own now; the PIN is still the temporary one until she sets hers at a kiosk.
    expect(list.users.find((u) => u.user.id === 'nina.operator')).toMatchObject({ mustChangePassword: false, pinMustChange: true });

    const duplicate = await server.as('ada.admin', 'POST', '/api/v1/users', { user: { id: 'nina.operator', printedName: 'Nina', roles: ['operator'] }, reason: 'x' });
    expect(duplicate.statusCode).toBe(409);
    const badRole = await server.as('ada.admin', 'POST', '/api/v1/users', { user: { id: 'x.y', printedName: 'X', roles: ['wizard'] }, reason: 'x' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json().message).toContain('roles/0');
    expect((await server.as('quinn.qa', 'POST', '/api/v1/users', { user: { id: 'q.q', printedName: 'Q', roles: ['qa'] }, reason: 'x' })).statusCode).toBe(403);
  });

  it('edits roles with a reason into the audit log with before and after; never takes the admin role from the last admin nor deactivates them', async () => {
    const edited = await server.as('ada.admin', 'PUT', '/api/v1/users/oscar.operator', { user: { printedName: 'Oscar Operator', roles: ['operator', 'maintenance'], badge: '100002', stations: ['DISP-1', 'GRAN-1'] }, reason: 'trained on balance checks, TR-60' });
    expect(edited.statusCode, edited.body).toBe(200);
    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('target', '=', 'user/oscar.operator').where('action', '=', 'user.changed').execute();
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ before: { roles: ['operator'] }, after: { roles: ['operator', 'maintenance'], stations: ['DISP-1', 'GRAN-1'] } });
    expect(audit[0]).toMatchObject({ actor: 'ada.admin', reason: 'trained on balance checks, TR-60' });

    const demote = await server.as('ada.admin', 'PUT', '/api/v1/users/ada.admin', { user: { printedName: 'Ada Admin', roles: ['qa'] }, reason: 'x' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().message).toContain('last active admin');
    const deactivate = await server.as('ada.admin', 'POST', '/api/v1/users/ada.admin/deactivate', { reason: 'x' });
    expect(deactivate.statusCode).toBe(409);
    expect(deactivate.json().message).toContain('last active admin');
  });

  it('resets password and PIN: old ones stop working, the lockout history lists lockouts, unlocks and resets', async () => {
    const oldPassword = server.credentials['olivia.operator']!.password;
    for (let i = 0; i < 6; i++) await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'olivia.operator', password: 'wrong-password' } });
    const reset = await server.as('ada.admin', 'POST', '/api/v1/users/olivia.operator/reset-credentials', { reason: 'forgot password, identity checked by supervisor' });
    expect(reset.statusCode, reset.body).toBe(200);
    const { temporary } = reset.json() as { temporary: { password: string; pin: string } };
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'olivia.operator', password: oldPassword } })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'olivia.operator', password: temporary.password } })).statusCode).toBe(201);
    const history = (await server.as('quinn.qa', 'GET', '/api/v1/users/olivia.operator/lockouts')).json() as { events: { action: string; actor: string }[] };
    expect(history.events.map((e) => e.action)).toEqual(expect.arrayContaining(['user.sign-in-locked', 'user.credentials-reset']));
    expect(history.events.at(-1)).toMatchObject({ action: 'user.credentials-reset', actor: 'ada.admin' });
  });
});
