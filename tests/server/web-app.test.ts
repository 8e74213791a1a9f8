import { expect, it } from 'vitest';
import { onEachEngine } from './support/suite.js';

// The central web app's server side: the app served with its area's roles, session-cookie auth on the
// API with CSRF protection on every change, and pages (not JSON) for a browser's failed navigation.
onEachEngine('web app: serving, cookie + CSRF auth, HTML error pages', (server) => {
  const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

  it('serves the app at / and its areas to a signed-in user, assets immutable, index.html never cached', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/', headers: html });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2F');
    const deep = await server.app.inject({ method: 'GET', url: '/review/ORD-0001?tab=exceptions', headers: html });
    expect(deep.headers.location).toBe(`/login?next=${encodeURIComponent('/review/ORD-0001?tab=exceptions')}`);

    const browser = await server.browser('sam.supervisor');
    for (const url of ['/', '/records', '/records/some-id', '/review/ORD-0001', '/kpis']) {
      const page = await browser.request('GET', url);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, url).toContain('data-fixture="web-root"');
      expect(page.headers['cache-control'], url).toBe('no-store');
    }
    const asset = await server.app.inject({ method: 'GET', url: '/assets/app-test.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    const missingAsset = await server.app.inject({ method: 'GET', url: '/assets/nope.js' });
    expect(missingAsset.statusCode).toBe(404);
  });

  it('refuses an operator every area with a page naming them and the role needed, and says so in JSON to the API', async () => {
    const operator = await server.browser('olivia.operator');
    for (const url of ['/', '/records', '/review/ORD-0001']) {
      const page = await operator.request('GET', url, undefined, html);
      expect(page.statusCode, url).toBe(403);
      expect(page.headers['content-type'], url).toContain('text/html');
      expect(page.body, url).toContain('Olivia Operator');
      expect(page.body, url).toContain('olivia.operator');
      expect(page.body, url).toMatch(/needs the role [^<]*supervisor/);
      expect(page.body, url).toContain('action="/logout"');
    }
    const api = await operator.request('GET', '/api/v1/records');
    expect(api.statusCode).toBe(403);
    expect(api.headers['content-type']).toContain('application/json');
    expect(api.json()).toMatchObject({ status: 'error', reason: 'forbidden', message: expect.stringContaining('olivia.operator') });
    // A browser navigating to the API itself gets a page too (Sec-Fetch-Mode: navigate).
    const navigated = await operator.request('GET', '/api/v1/records', undefined, { 'sec-fetch-mode': 'navigate', accept: html.accept });
    expect(navigated.statusCode).toBe(403);
    expect(navigated.headers['content-type']).toContain('text/html');
  });

  it('answers a browser with HTML and an API client with JSON, by path and Accept, for 404 and 401', async () => {
    const browserMiss = await server.app.inject({ method: 'GET', url: '/no/such/page', headers: html });
    expect(browserMiss.statusCode).toBe(404);
    expect(browserMiss.headers['content-type']).toContain('text/html');
    expect(browserMiss.body).toContain('Page not found');
    expect(browserMiss.body).toContain('there is no GET /no/such/page on this server');

    const clientMiss = await server.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(clientMiss.statusCode).toBe(404);
    expect(clientMiss.json()).toMatchObject({ status: 'error', reason: 'not-found' });

    // The API keeps JSON even for a client that would accept HTML (the app's fetch sends Accept: application/json).
    const apiMiss = await server.app.inject({ method: 'GET', url: '/api/v1/nothing-here', headers: html });
    expect(apiMiss.statusCode).toBe(404);
    expect(apiMiss.json()).toMatchObject({ reason: 'not-found' });
    const apiAnonymous = await server.app.inject({ method: 'GET', url: '/api/v1/records', headers: html });
    expect(apiAnonymous.statusCode).toBe(401);
    expect(apiAnonymous.json()).toMatchObject({ reason: 'unauthenticated', message: 'sign in first: no bearer token or session cookie was sent' });

    // An expired or signed-out session navigating: back to the sign-in form, never a JSON body.
    const stale = await server.app.inject({ method: 'GET', url: '/records', headers: { ...html, cookie: 'lineside_session=not-a-session' } });
    expect(stale.statusCode).toBe(303);
    expect(stale.headers.location).toBe('/login?next=%2Frecords');
  });

  it('accepts the session cookie on the API; a change by cookie needs the CSRF header of that session', async () => {
    const browser = await server.browser('ada.admin');
    const read = await browser.request('GET', '/api/v1/kiosks');
    expect(read.statusCode, read.body).toBe(200);
    const me = await browser.request('GET', '/api/v1/sessions/current');
    expect(me.json()).toMatchObject({ userId: 'ada.admin', displayName: expect.any(String), roles: ['admin'], via: 'cookie', csrfToken: browser.csrfToken });

    const change = { stationId: 'DISP-1', reason: 'test: enroll a kiosk' };
    const withToken = await browser.request('POST', '/api/v1/enrollment-codes', change);
    expect(withToken.statusCode, withToken.body).toBe(201);

    const without = await server.app.inject({ method: 'POST', url: '/api/v1/enrollment-codes', headers: { cookie: browser.cookie }, payload: change });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('x-csrf-token') });

    const other = await server.browser('ada.admin');
    const wrongToken = await browser.request('POST', '/api/v1/enrollment-codes', change, { 'x-csrf-token': other.csrfToken });
    expect(wrongToken.statusCode).toBe(403);
    expect(wrongToken.json()).toMatchObject({ message: expect.stringContaining('does not belong to this session') });
  });

  it('refuses a change from another site even with the right token, and a sign-in posted from another site', async () => {
    const browser = await server.browser('ada.admin');
    const change = { stationId: 'DISP-1', reason: 'test: enroll a kiosk' };
    const crossOrigin = await browser.request('POST', '/api/v1/enrollment-codes', change, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossOrigin.statusCode).toBe(403);
    expect(crossOrigin.json()).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('cross-site request refused') });
    const wrongOrigin = await browser.request('POST', '/api/v1/enrollment-codes', change, { origin: 'http://evil.example', 'sec-fetch-site': '' });
    expect(wrongOrigin.statusCode).toBe(403);
    expect(wrongOrigin.json()).toMatchObject({ message: expect.stringContaining('http://evil.example') });
    const hidden = await browser.request('POST', '/api/v1/enrollment-codes', change, { origin: 'null', 'sec-fetch-site': '' });
    expect(hidden.statusCode).toBe(403);

    const form = new URLSearchParams({ userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password }).toString();
    const loginCsrf = await server.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, payload: form });
    expect(loginCsrf.statusCode).toBe(403);
    expect(loginCsrf.headers['content-type']).toContain('text/html');
    expect(loginCsrf.headers['set-cookie']).toBeUndefined();
    const logoutCsrf = await server.app.inject({ method: 'POST', url: '/logout', headers: { cookie: browser.cookie, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
    expect(logoutCsrf.statusCode).toBe(403);
    expect((await browser.request('GET', '/api/v1/sessions/current')).statusCode).toBe(200);
  });

  it('leaves bearer clients as they were: no CSRF header, no Origin check, JSON errors', async () => {
    const created = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' });
    expect(created.statusCode, created.body).toBe(201);
    const token = await server.token('ada.admin');
    const fromAnywhere = await server.app.inject({
      method: 'POST',
      url: '/api/v1/enrollment-codes',
      headers: { authorization: `Bearer ${token}`, origin: 'https://integration.example', cookie: 'lineside_session=whatever' },
      payload: { stationId: 'DISP-1', reason: 'test: enroll a kiosk' },
    });
    expect(fromAnywhere.statusCode, fromAnywhere.body).toBe(201);
    const me = await server.app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ userId: 'ada.admin', via: 'bearer' });
    expect(me.json()).not.toHaveProperty('csrfToken');
  });

  it('signs the app out by cookie with the CSRF header: the session ends on the server and the cookie is cleared', async () => {
    const browser = await server.browser('quinn.qa');
    const refused = await server.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { cookie: browser.cookie } });
    expect(refused.statusCode).toBe(403);
    const out = await browser.request('DELETE', '/api/v1/sessions/current');
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^lineside_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/);
    expect((await browser.request('GET', '/api/v1/sessions/current')).statusCode).toBe(401);
  });

  it('sends a signed-in user back only to a path of this server after sign-in', async () => {
    for (const [next, location] of [
      ['/review/ORD-0001', '/review/ORD-0001'],
      ['//evil.example/x', '/'],
      ['/\\evil.example', '/'],
      ['https://evil.example', '/'],
    ] as const) {
      const form = new URLSearchParams({ userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password, next }).toString();
      const login = await server.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
      expect(login.headers.location, next).toBe(location);
    }
  });
});
