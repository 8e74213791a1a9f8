import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../../apps/sync-server/src/app.js';
import { fileKeyProvider } from '../../../apps/sync-server/src/security/server-key-store.js';
import { insertStation } from '../../../apps/sync-server/src/db/stations.js';
import { seedDemoPlant, type DemoCredentials } from '../../../apps/sync-server/src/seed/demo-plant.js';
import type { TestDatabase } from './engines.js';
import { TestKiosk } from './kiosk.js';

/** A stand-in for the built web app (dist/web), so server tests do not depend on a Vite build. */
export const TEST_WEB_ROOT = fileURLToPath(new URL('./web-root/', import.meta.url));

/** A signed-in browser of the web app: its session cookie, and the CSRF token its page sends with every change. */
export interface BrowserSession {
  readonly cookie: string;
  readonly csrfToken: string;
  /** A request as the app's page makes it: cookie, same Origin, the CSRF header on changes. */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

/** A seeded app on one engine, a settable clock, and helpers that act as the admin or a kiosk. */
export class ServerUnderTest {
  app!: FastifyInstance;
  credentials!: DemoCredentials;
  clock = new Date('2026-11-25T08:00:00.000Z');
  private tokens = new Map<string, string>();

  constructor(readonly database: TestDatabase) {}

  /** The server's signing key, kept out of the database (a PostgreSQL database has no folder of its own). */
  keyFolder!: string;

  async start(): Promise<void> {
    await this.database.setUp();
    this.keyFolder = mkdtempSync(path.join(tmpdir(), 'lineside-server-keys-'));
    this.app = await buildApp({ database: this.database.options(), serverKeys: fileKeyProvider(this.keyFolder), now: () => this.clock, webRoot: TEST_WEB_ROOT });
    const credentials = await seedDemoPlant(this.app.db, this.app.engine, this.clock);
    if (!credentials) throw new Error('a fresh test database was not empty');
    this.credentials = credentials;
  }

  async stop(): Promise<void> {
    try {
      await this.app?.close();
    } finally {
      await this.database.tearDown();
      if (this.keyFolder) rmSync(this.keyFolder, { recursive: true, force: true });
    }
  }

  advance(ms: number): void {
    this.clock = new Date(this.clock.getTime() + ms);
  }

  async token(userId: string): Promise<string> {
    const cached = this.tokens.get(userId);
    if (cached) return cached;
    const response = await this.app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId, password: this.credentials[userId]!.password } });
    if (response.statusCode !== 201) throw new Error(`sign-in of ${userId} failed: ${response.body}`);
    const token = (response.json() as { token: string }).token;
    this.tokens.set(userId, token);
    return token;
  }

  async as(userId: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object): Promise<LightMyRequestResponse> {
    const send = async () => this.app.inject({ method, url, headers: { authorization: `Bearer ${await this.token(userId)}` }, ...(payload ? { payload } : {}) });
    const response = await send();
    // A test that moved the clock past a session's lifetime leaves an expired token cached: sign in again.
    if (response.statusCode !== 401) return response;
    this.tokens.delete(userId);
    return send();
  }

  /** Signs `userId` in through the sign-in form, as a browser does, and reads the session's CSRF token as the app does. */
  async browser(userId: string): Promise<BrowserSession> {
    const form = new URLSearchParams({ userId, password: this.credentials[userId]!.password, next: '/' });
    const login = await this.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    if (login.statusCode !== 303) throw new Error(`form sign-in of ${userId} failed: ${login.statusCode} ${login.body}`);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const me = await this.app.inject({ method: 'GET', url: '/api/v1/sessions/current', headers: { cookie } });
    const csrfToken = (me.json() as { csrfToken: string }).csrfToken;
    const app = this.app;
    return {
      cookie,
      csrfToken,
      request: (method, url, payload, headers = {}) =>
        app.inject({
          method,
          url,
          headers: { cookie, host: 'localhost:80', origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin', ...(method === 'GET' ? {} : { 'x-csrf-token': csrfToken }), ...headers },
          ...(payload ? { payload } : {}),
        }),
    };
  }

  async enrollmentCode(stationId = 'DISP-1'): Promise<string> {
    const response = await this.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId });
    if (response.statusCode !== 201) throw new Error(`enrollment code: ${response.body}`);
    return (response.json() as { code: string }).code;
  }

  /** A kiosk of `stationId`, enrolled (and approved unless told otherwise). */
  async kiosk(stationId = 'DISP-1', options: { approve?: boolean } = {}): Promise<TestKiosk> {
    const kiosk = new TestKiosk(() => this.clock);
    const code = await this.enrollmentCode(stationId);
    const response = await this.app.inject({ method: 'POST', url: '/sync/v1/enroll', payload: { code, publicKey: kiosk.key.publicKey, hostname: 'booth-pc', appVersion: '0.1.0' } });
    if (response.statusCode !== 201) throw new Error(`enroll: ${response.body}`);
    const enrolled = response.json() as { kioskId: string; keyId: string };
    kiosk.kioskId = enrolled.kioskId;
    kiosk.keyId = enrolled.keyId;
    if (options.approve ?? true) {
      const approved = await this.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/approve`);
      if (approved.statusCode !== 200) throw new Error(`approve: ${approved.body}`);
    }
    return kiosk;
  }

  private stations = 0;

  /** An approved kiosk of a station made for this test alone, so its chain starts empty. */
  async freshKiosk(options: { approve?: boolean } = {}): Promise<TestKiosk> {
    const stationId = `TEST-${++this.stations}`;
    await insertStation(this.app.db, { station_id: stationId, kiosk_id: `K-${stationId}`, plant_id: 'P1', name: `test station ${stationId}`, offline_grace_hours: 72 });
    return this.kiosk(stationId, options);
  }

  /** POST /sync/v1/push with a correct request signature over exactly `body`. */
  push(kiosk: TestKiosk, body: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    return this.app.inject({
      method: 'POST',
      url: '/sync/v1/push',
      headers: { 'content-type': 'application/json', authorization: kiosk.authorization('POST', '/sync/v1/push', body), ...headers },
      payload: body,
    });
  }

  async storedRecords(kioskId: string): Promise<{ seq: number; hash: string; envelope: string }[]> {
    const rows = await this.app.db.selectFrom('records').select(['seq', 'hash', 'envelope']).where('kiosk_id', '=', kioskId).orderBy('seq').execute();
    return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
  }
}
