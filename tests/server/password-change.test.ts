import { expect, it } from 'vitest';
import { onEachEngine } from './support/suite.js';

onEachEngine('a password set by an admin opens only the way to replace it (issue 11)', (server) => {
  it('refuses every API call but who-am-I, sign-out and /me/password with 403 password-change-required, until the user sets their own', async () => {
    const reset = await server.as('ada.admin', 'POST', '/api/v1/users/sam.supervisor/reset-credentials', { reason: 'forgot password, identity checked by the shift lead' });
    expect(reset.statusCode, reset.body).toBe(200);
    const { temporary } = reset.json() as { temporary: { password: string } };
    const signIn = await server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'sam.supervisor', password: temporary.password } });
    expect(signIn.statusCode).toBe(201);
    const headers = { authorization: `Bearer ${(signIn.json() as { token: string }).token}` };

    const me = await server.app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers });
    expect(me.json()).toMatchObject({ userId: 'sam.supervisor', mustChangePassword: true });
    for (const [method, url] of [['GET', '/api/v1/records'], ['GET', '/api/v1/master-data/lot'], ['PUT', '/api/v1/master-data/order/ORD-9']] as const) {
      const refused = await server.app.inject({ method, url, headers, ...(method === 'PUT' ? { payload: { data: {}, reason: 'x' } } : {}) });
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json()).toMatchObject({ reason: 'password-change-required', message: 'user sam.supervisor must set a new password first (POST /api/v1/users/me/password): the current one was set by an administrator' });
    }
    // A browser page still loads (the app shows the form to set one's own password).
    const browser = await server.app.inject({ method: 'GET', url: '/review', headers: { ...headers, 'sec-fetch-mode': 'navigate' } });
    expect(browser.statusCode).toBe(200);

    const tooShort = await server.app.inject({ method: 'POST', url: '/api/v1/users/me/password', headers, payload: { current: temporary.password, next: 'short' } });
    expect(tooShort.statusCode).toBe(400);
    const wrongCurrent = await server.app.inject({ method: 'POST', url: '/api/v1/users/me/password', headers, payload: { current: 'not-it-at-all', next: 'sams-own-password-77' } });
    expect(wrongCurrent.statusCode).toBe(403);
    const changed = await server.app.inject({ method: 'POST', url: '/api/v1/users/me/password', headers, payload: { current: temporary.password, next: 'sams-own-password-77' } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/records', headers })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers })).json()).toMatchObject({ mustChangePassword: false });
  });
});
