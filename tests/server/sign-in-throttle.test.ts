import { expect, it } from 'vitest';
import { generateKioskKey } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';

// Every attempt comes from its own address unless the test is about addresses, so the per-address
// limit does not hide what the per-account rules do.
let nextAddress = 1;
const freshAddress = () => `10.9.${Math.floor(nextAddress / 250)}.${(nextAddress++ % 250) + 1}`;

onEachEngine('sign-in throttling, lockout and logout', (server) => {
  const signIn = (userId: string, password: string, remoteAddress = freshAddress()) =>
    server.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId, password }, remoteAddress });

  it('30 wrong passwords then the right one: the right one is not accepted, and the answers never say which part was wrong', async () => {
    const answers = [];
    for (let i = 0; i < 30; i++) answers.push(await signIn('sam.supervisor', `wrong-${i}`));
    expect(answers.slice(0, 5).map((a) => a.statusCode)).toEqual([401, 401, 401, 401, 401]);
    // Locked after 5, throttled after 10: nothing after the 10th even runs scrypt.
    expect(answers.slice(10).every((a) => a.statusCode === 429)).toBe(true);
    const throttled = answers[29]!;
    expect(throttled.json()).toMatchObject({ status: 'error', reason: 'rate-limited' });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    const right = await signIn('sam.supervisor', server.credentials['sam.supervisor']!.password);
    expect(right.statusCode).not.toBe(201);
    // An unknown id gets the same sentence as a wrong password or a locked account.
    const unknown = await signIn('nobody.here', 'x');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json().message).toBe(answers[0]!.json().message);
    expect(answers[7]!.json().message).toBe(answers[0]!.json().message);
    const row = await server.app.db.selectFrom('users').select(['locked_until', 'failed_sign_ins']).where('user_id', '=', 'sam.supervisor').executeTakeFirstOrThrow();
    expect(row.locked_until).not.toBeNull();
    const audit = await server.app.db.selectFrom('audit_log').select(['action', 'target']).where('action', '=', 'user.sign-in-locked').execute();
    expect(audit).toContainEqual({ action: 'user.sign-in-locked', target: 'user/sam.supervisor' });
  }, 120_000);

  it('a locked account stays locked for the right password until the lock ends, then signs in', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('quinn.qa', `wrong-${i}`)).statusCode).toBe(401);
    expect((await signIn('quinn.qa', server.credentials['quinn.qa']!.password)).statusCode).toBe(401);
    server.advance(15 * 60_000 + 1);
    try {
      expect((await signIn('quinn.qa', server.credentials['quinn.qa']!.password)).statusCode).toBe(201);
      const row = await server.app.db.selectFrom('users').select(['locked_until', 'failed_sign_ins']).where('user_id', '=', 'quinn.qa').executeTakeFirstOrThrow();
      expect({ lockedUntil: row.locked_until, failures: Number(row.failed_sign_ins) }).toEqual({ lockedUntil: null, failures: 0 });
    } finally {
      server.advance(-(15 * 60_000 + 1));
    }
  });

  it('never locks the last active admin: after 6 wrong passwords the right one still signs in', async () => {
    await server.token('ada.admin'); // the later tests act as the admin, whose account this one throttles
    for (let i = 0; i < 6; i++) expect((await signIn('ada.admin', `wrong-${i}`)).statusCode).toBe(401);
    const right = await signIn('ada.admin', server.credentials['ada.admin']!.password);
    expect(right.statusCode).toBe(201);
    // ...but it is throttled like every account: the 11th wrong password in the window is 429.
    for (let i = 0; i < 10; i++) await signIn('ada.admin', `wrong-again-${i}`);
    expect((await signIn('ada.admin', 'wrong-last')).statusCode).toBe(429);
  }, 120_000);

  it('throttles one address that tries many accounts', async () => {
    const address = '10.77.0.1';
    const statuses = [];
    for (let i = 0; i < 31; i++) statuses.push((await signIn(`guess-${i}`, 'x', address)).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    // Another address is not affected.
    expect((await signIn('guess-0', 'x')).statusCode).toBe(401);
  }, 120_000);

  it('throttles enrollment-code guessing by address: 12 guesses, the last ones 429 rate-limited', async () => {
    const address = '10.88.0.1';
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const guess = await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', remoteAddress: address, payload: { code: `ZZZZ-ZZZZ-ZZ${String(i).padStart(2, '2')}`, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' } });
      statuses.push(guess.statusCode);
      if (i === 11) {
        expect(guess.json()).toMatchObject({ status: 'error', reason: 'rate-limited' });
        expect(Number(guess.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.slice(0, 10).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // Even the right code waits now, from that address; from another one it works.
    const code = await server.enrollmentCode('GRAN-1');
    const payload = { code, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' };
    expect((await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', remoteAddress: address, payload })).statusCode).toBe(429);
    expect((await server.app.inject({ method: 'POST', url: '/sync/v1/enroll', remoteAddress: freshAddress(), payload })).statusCode).toBe(201);
  });

  it('logout revokes the bearer token on the server', async () => {
    const session = await signIn('olivia.operator', server.credentials['olivia.operator']!.password);
    expect(session.statusCode).toBe(201);
    const token = session.json().token as string;
    const out = await server.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${token}` } });
    expect(out.statusCode).toBe(204);
    const again = await server.app.inject({ method: 'DELETE', url: '/api/v1/sessions/current', headers: { authorization: `Bearer ${token}` } });
    expect(again.statusCode).toBe(401);
    expect(await server.app.db.selectFrom('sessions').select('token_hash').where('user_id', '=', 'olivia.operator').execute()).toEqual([]);
  });

  it('page logout clears the cookie and ends the session; pages carry a CSP and security headers', async () => {
    const login = await server.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: freshAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `userId=sam.supervisor.x&password=x`,
    });
    expect(login.statusCode).toBe(401);
    const page = await server.app.inject({ method: 'GET', url: '/login' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    // The web app's scripts are files from this server; nothing inline runs.
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['referrer-policy']).toBe('same-origin');

    const reviewer = await server.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: freshAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `userId=quinn.qa&password=${encodeURIComponent(server.credentials['quinn.qa']!.password)}&next=/records`,
    });
    expect(reviewer.statusCode).toBe(303);
    const cookie = String(reviewer.headers['set-cookie']).split(';')[0]!;
    const before = await server.app.inject({ method: 'GET', url: '/records', headers: { cookie } });
    expect(before.statusCode).toBe(200);
    expect(before.headers['content-security-policy']).toBe(csp);
    const out = await server.app.inject({ method: 'POST', url: '/logout', headers: { cookie } });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect(String(out.headers['set-cookie'])).toMatch(/lineside_session=;.*Max-Age=0/);
    // The old cookie no longer opens a page.
    const records = await server.app.inject({ method: 'GET', url: '/records', headers: { cookie } });
    expect(records.statusCode).toBe(303);
    expect(records.headers.location).toMatch(/^\/login/);
  });
});
