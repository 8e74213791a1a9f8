import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { KioskState, ServerMessage } from '../shared/api.js';
import { startBrowserServer, TOKEN_COOKIE, type BrowserServer } from './browser-server.js';
import { startKioskCore, type KioskCore } from './kiosk.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(): Promise<{ server: BrowserServer; core: KioskCore }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-browser-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const renderer = path.join(dir, 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Lineside kiosk</title>');
  writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log("kiosk")');
  // Port 1 refuses at once; this kiosk is not enrolled, so it never calls out anyway.
  const started = await startKioskCore({ dataDir: path.join(dir, 'data'), serverUrl: 'http://127.0.0.1:1' });
  if (!started.ok) throw new Error(started.message);
  cleanups.push(() => started.core.close());
  const server = await startBrowserServer({ core: started.core, port: 0, rendererDir: renderer });
  cleanups.push(() => server.close());
  return { server, core: started.core };
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ ws: WebSocket; first: ServerMessage } | { status: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.once('message', (data) => resolve({ ws, first: JSON.parse(String(data)) as ServerMessage }));
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
    cleanups.push(() => ws.terminate());
  });
}

describe('browser-mode server', () => {
  it('listens on 127.0.0.1 and admits the page only with its token (kept in a file, never printed)', async () => {
    const { server } = await serve();
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    const base = `http://127.0.0.1:${server.port}`;
    const denied = await fetch(`${base}/`);
    expect(denied.status).toBe(401);
    expect(await denied.text()).toMatch(/needs its browser token: .*<data folder>\/browser-token/);
    expect((await fetch(`${base}/?token=${server.token.slice(1)}x`)).status).toBe(401);

    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Lineside kiosk</title>');
    const cookie = page.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${TOKEN_COOKIE}=${server.token}; HttpOnly; SameSite=Strict`));
    expect((await fetch(`${base}/assets/app.js`)).status).toBe(401);
    const asset = await fetch(`${base}/assets/app.js`, { headers: { cookie: cookie.split(';')[0]! } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${base}/%2e%2e/%2e%2e/etc/passwd?token=${server.token}`)).status).toBe(404);
  });

  it('answers /api calls only with the token, and runs commands from the typed map', async () => {
    const { server, core } = await serve();
    const base = `http://127.0.0.1:${server.port}`;
    expect((await fetch(`${base}/api/state`)).status).toBe(401);
    expect((await fetch(`${base}/api/commands/acceptWeight`, { method: 'POST', body: '{}' })).status).toBe(401);
    const state = (await (await fetch(`${base}/api/state`, { headers: { authorization: `Bearer ${server.token}` } })).json()) as KioskState;
    expect(state).toMatchObject({ identity: null, keyFingerprint: core.key.fingerprint, device: null, sync: { phase: 'not-enrolled', unsent: 0 } });
    const accept = await fetch(`${base}/api/commands/acceptWeight?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(await accept.json()).toEqual({ ok: false, code: 'no-balance', message: expect.stringContaining('--balance') });
    const unknown = await fetch(`${base}/api/commands/dropTables?token=${server.token}`, { method: 'POST', body: '{}' });
    expect(unknown.status).toBe(404);
    const malformed = await fetch(`${base}/api/commands/getState?token=${server.token}`, { method: 'POST', body: '{nope' });
    expect(await malformed.json()).toEqual({ ok: false, code: 'malformed-json', message: 'the body of getState is not JSON' });
  });

  it('refuses a WebSocket without the token or from another origin, and serves KioskApi with it', async () => {
    const { server, core } = await serve();
    const wsBase = `ws://127.0.0.1:${server.port}/ws`;
    expect(await openSocket(wsBase)).toEqual({ status: 401 });
    expect(await openSocket(`${wsBase}?token=wrong`)).toEqual({ status: 401 });
    expect(await openSocket(`${wsBase}?token=${server.token}`, { origin: 'http://evil.example' })).toEqual({ status: 401 });

    const opened = await openSocket(`${wsBase}?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    if (!('ws' in opened)) throw new Error(`refused with ${opened.status}`);
    expect(opened.first).toMatchObject({ t: 'event', event: 'state', data: { keyFingerprint: core.key.fingerprint } });
    const reply = new Promise<ServerMessage>((resolve) => opened.ws.once('message', (data) => resolve(JSON.parse(String(data)) as ServerMessage)));
    opened.ws.send(JSON.stringify({ t: 'call', id: 7, command: 'tare', request: {} }));
    expect(await reply).toEqual({ t: 'result', id: 7, ok: true, value: { ok: false, code: 'no-balance', message: expect.stringContaining('no balance') } });
  });

  it('takes POST /api/commands only from its own origin and host, like the WebSocket', async () => {
    const { server } = await serve();
    const url = `http://127.0.0.1:${server.port}/api/commands/getState?token=${server.token}`;
    const evil = await fetch(url, { method: 'POST', body: '{}', headers: { origin: 'http://evil.example' } });
    expect(evil.status).toBe(403);
    expect(await evil.json()).toEqual({ ok: false, code: 'foreign-origin', message: "kiosk commands are taken only from this kiosk's page: origin http://evil.example is not this kiosk" });
    // fetch() will not send a foreign Host: a DNS-rebound page does, so ask with node:http.
    const rebound = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(url, { method: 'POST', headers: { host: `evil.example:${server.port}` } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += String(chunk)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(rebound.status).toBe(403);
    expect(rebound.body).toContain(`host evil.example:${server.port} is not this kiosk`);
    const own = await fetch(url, { method: 'POST', body: '{}', headers: { origin: `http://127.0.0.1:${server.port}` } });
    expect(own.status).toBe(200);
    expect(await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { host: 'evil.example' })).toEqual({ status: 401 });
  });

  it('runs a command re-sent with the same idempotency key once, over HTTP and over a new WebSocket', async () => {
    const { server, core } = await serve();
    let runs = 0;
    const receive = core.receive.bind(core);
    core.receive = (command, request) => {
      if (command === 'tare') runs += 1;
      return receive(command, request);
    };
    const url = `http://127.0.0.1:${server.port}/api/commands/tare?token=${server.token}`;
    const first = await (await fetch(url, { method: 'POST', body: '{}', headers: { 'idempotency-key': 'page-1:41' } })).json();
    const again = await (await fetch(url, { method: 'POST', body: '{}', headers: { 'idempotency-key': 'page-1:41' } })).json();
    expect(again).toEqual(first);
    expect(runs).toBe(1);
    const bad = await fetch(url, { method: 'POST', body: '{}', headers: { 'idempotency-key': 'x' } });
    expect(bad.status).toBe(400);
    // The page lost its socket before the answer came and sends the same call on a new one.
    const call = async (key: string) => {
      const opened = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
      if (!('ws' in opened)) throw new Error(`refused with ${opened.status}`);
      const reply = new Promise<ServerMessage>((resolve) =>
        opened.ws.on('message', (data) => {
          const message = JSON.parse(String(data)) as ServerMessage;
          if (message.t === 'result') resolve(message);
        }),
      );
      opened.ws.send(JSON.stringify({ t: 'call', id: 1, command: 'tare', request: {}, key }));
      const answer = await reply;
      opened.ws.terminate();
      return answer;
    };
    await call('page-2:1');
    await call('page-2:1');
    expect(runs).toBe(2);
    await call('page-2:2');
    expect(runs).toBe(3);
  });

  it('refuses a request that does not fit its command, naming the command, the JSON path and why (issue 8 §5)', async () => {
    const { server, core } = await serve();
    const before = core.log.head().seq;
    const post = async (command: string, body: unknown) => {
      const response = await fetch(`http://127.0.0.1:${server.port}/api/commands/${command}?token=${server.token}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json()) as unknown };
    };
    const refused = (message: string) => ({ status: 400, body: { ok: false, code: 'invalid-request', message } });
    expect(await post('scanLot', { orderId: 'ORD-0001', stepId: '3', scan: 5 })).toEqual(refused('scanLot: /scan must be a string'));
    expect(await post('login', { badgeOrUserId: 'olivia.operator' })).toEqual(refused('login: /pin is required'));
    expect(await post('sign', { orderId: 'ORD-0001', stepId: '3', userId: 'quinn.qa', pin: '3333', meaning: 'looked-at' })).toEqual(
      refused('sign: /meaning must be one of performed, verified, reviewed, approved, released'),
    );
    expect(await post('placeHold', { kind: 'lot', id: 'PCM-2401', reason: 'damp', everything: true })).toEqual(refused('placeHold: /everything is not part of this request'));
    expect(await post('recordPhCalibration', { equipmentId: 'PH-01', buffers: [{ ph: '7.00', mv: 0, temperatureC: '25.0' }] })).toEqual(refused('recordPhCalibration: /buffers/0/mv must be a string'));
    expect(await post('completeDispense', { orderId: 'ORD-0001', stepId: '3', override: { userId: 'quinn.qa', pin: '3333' } })).toEqual(refused('completeDispense: /override/reason is required'));
    expect(await post('getState', { everything: true })).toEqual(refused('getState: /everything is not part of this request'));
    // A request that fits is still run, and a refused one recorded nothing.
    expect(await post('startOrder', { orderId: 'ORD-0001' })).toMatchObject({ status: 200, body: { ok: false } });
    expect((await post('startOrder', { orderId: 'ORD-0001' })).body).not.toMatchObject({ code: 'invalid-request' });
    expect(core.log.head().seq).toBe(before);
  });

  it('refuses a bad request over the WebSocket as a value, and the core refuses it however it is called (issue 8 §5)', async () => {
    const { server, core } = await serve();
    const opened = await openSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`);
    if (!('ws' in opened)) throw new Error(`refused with ${opened.status}`);
    const reply = new Promise<ServerMessage>((resolve) =>
      opened.ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as ServerMessage;
        if (message.t === 'result') resolve(message);
      }),
    );
    opened.ws.send(JSON.stringify({ t: 'call', id: 3, command: 'scanKeys', request: { orderId: 'ORD-0001', stepId: '3', keys: 'PCM-2401' } }));
    expect(await reply).toEqual({ t: 'result', id: 3, ok: true, value: { ok: false, code: 'invalid-request', message: 'scanKeys: /keys must be an array' } });

    // The same single entry serves the Electron utility process: a name it does not know, a request that is not an object.
    expect(await core.receive('dropTables', {})).toEqual({ ok: false, code: 'unknown-command', message: 'no kiosk command named dropTables' });
    expect(await core.receive('startOrder', null)).toEqual({ ok: false, code: 'invalid-request', message: 'startOrder: the request must be an object' });
    expect(await core.receive('unlockUser', { userId: 'olivia.operator', byUserId: 'quinn.qa', pin: 3333, reason: 'forgot' })).toEqual({
      ok: false,
      code: 'invalid-request',
      message: 'unlockUser: /pin must be a string',
    });
  });
});
