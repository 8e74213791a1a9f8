import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { isCommandName, type CommandName, type EventName, type ServerMessage } from '../shared/api.js';
import { readWireCall } from './command-requests.js';
import type { KioskCore } from './kiosk.js';

export const TOKEN_COOKIE = 'lineside_kiosk_token';
const MAX_COMMAND_BYTES = 64 * 1024;
/** Enough remembered keys to cover every call a page can have in flight across a reconnect. */
const REMEMBERED_KEYS = 512;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

export interface BrowserServer {
  readonly port: number;
  readonly token: string;
  /** The page URL, with the token the page needs. */
  readonly url: string;
  close(): Promise<void>;
}

type Dispatch = Pick<KioskCore, 'receive' | 'on'>;

const isInvalidRequest = (answer: unknown) => typeof answer === 'object' && answer !== null && 'code' in answer && answer.code === 'invalid-request';

/**
 * Browser mode: the same UI over HTTP + WebSocket on 127.0.0.1 only. A random token printed at
 * start admits the page; anything else gets 401, so another local user's browser tab cannot drive
 * the station.
 */
export async function startBrowserServer(options: { core: Dispatch; port: number; rendererDir: string; token?: string }): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const rendererRoot = path.resolve(options.rendererDir);
  let port = 0;

  const tokenMatches = (candidate: string | null | undefined) => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  function presentedToken(request: IncomingMessage, url: URL): { fromQuery: boolean; ok: boolean } {
    if (tokenMatches(url.searchParams.get('token'))) return { fromQuery: true, ok: true };
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ') && tokenMatches(auth.slice(7))) return { fromQuery: false, ok: true };
    const cookie = (request.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
    return { fromQuery: false, ok: tokenMatches(cookie?.slice(TOKEN_COOKIE.length + 1)) };
  }

  function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8', headers: Record<string, string> = {}) {
    response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
    response.end(body);
  }
  const unauthorized = (response: ServerResponse) =>
    send(response, 401, 'This kiosk page needs its browser token: open http://127.0.0.1:<port>/?token=<token>, the token being the content of the file the "Kiosk UI:" line of lineside-kiosk names (<data folder>/browser-token).\n');

  async function serveFile(response: ServerResponse, pathname: string, headers: Record<string, string>) {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = path.resolve(rendererRoot, relative);
    if (file !== rendererRoot && !file.startsWith(rendererRoot + path.sep)) return send(response, 404, `not found: ${pathname}\n`);
    try {
      const body = await readFile(file);
      response.writeHead(200, { 'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...headers });
      response.end(body);
    } catch {
      if (relative === 'index.html') {
        return send(response, 503, `The kiosk UI is not built (${path.join(rendererRoot, 'index.html')} is missing): run npx vite build --config apps/kiosk/vite.config.ts\n`);
      }
      send(response, 404, `not found: ${pathname}\n`);
    }
  }

  // A page of this kiosk names its own origin and host; anything else is another site (DNS rebinding, CSRF).
  const localHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  function foreignRequest(request: IncomingMessage): string | null {
    const host = request.headers.host;
    if (host === undefined || !localHosts().includes(host)) return `host ${host ?? '(none)'} is not this kiosk`;
    const origin = request.headers.origin;
    if (origin !== undefined && !localHosts().some((h) => origin === `http://${h}`)) return `origin ${origin} is not this kiosk`;
    return null;
  }

  // One result per idempotency key: a call the page re-sends after a reconnect (it never saw the answer)
  // gets the first run's answer, so a weighing is recorded once however often the call is sent.
  const outcomes = new Map<string, Promise<unknown>>();
  function dispatchOnce(command: CommandName, request: unknown, key: string | undefined): Promise<unknown> {
    if (key === undefined) return options.core.receive(command, request);
    const id = `${command}\u0000${key}`;
    const known = outcomes.get(id);
    if (known) return known;
    const outcome = options.core.receive(command, request);
    outcomes.set(id, outcome);
    // A call that threw was not done: a re-send may try again.
    outcome.catch(() => outcomes.delete(id));
    if (outcomes.size > REMEMBERED_KEYS) outcomes.delete(outcomes.keys().next().value as string);
    return outcome;
  }

  async function readBody(request: IncomingMessage): Promise<string | null> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of request) {
      size += (chunk as Buffer).length;
      if (size > MAX_COMMAND_BYTES) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const auth = presentedToken(request, url);
    if (!auth.ok) return unauthorized(response);
    if (url.pathname === '/api/state' && request.method === 'GET') {
      return send(response, 200, JSON.stringify(await options.core.receive('getState', {})), 'application/json');
    }
    const commandMatch = /^\/api\/commands\/([A-Za-z]+)$/.exec(url.pathname);
    if (commandMatch) {
      if (request.method !== 'POST') return send(response, 405, `use POST for ${url.pathname}\n`);
      const foreign = foreignRequest(request);
      if (foreign) return send(response, 403, JSON.stringify({ ok: false, code: 'foreign-origin', message: `kiosk commands are taken only from this kiosk's page: ${foreign}` }), 'application/json');
      const keyHeader = request.headers['idempotency-key'];
      const key = typeof keyHeader === 'string' ? keyHeader : undefined;
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) return send(response, 400, JSON.stringify({ ok: false, code: 'invalid-idempotency-key', message: 'Idempotency-Key must be 8–128 letters, digits or _.:-' }), 'application/json');
      const name = commandMatch[1];
      if (!isCommandName(name)) return send(response, 404, JSON.stringify({ ok: false, code: 'unknown-command', message: `no kiosk command named ${name}` }), 'application/json');
      const text = await readBody(request);
      if (text === null) return send(response, 413, JSON.stringify({ ok: false, code: 'body-too-large', message: `command body is over ${MAX_COMMAND_BYTES} bytes` }), 'application/json');
      let body: unknown;
      try {
        body = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        return send(response, 400, JSON.stringify({ ok: false, code: 'malformed-json', message: `the body of ${name} is not JSON` }), 'application/json');
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        return send(response, 400, JSON.stringify({ ok: false, code: 'invalid-body', message: `the body of ${name} must be a JSON object` }), 'application/json');
      }
      const answer = await dispatchOnce(name, body, key);
      // The core refused the request itself (not what it asks): a client error, like malformed JSON.
      return send(response, isInvalidRequest(answer) ? 400 : 200, JSON.stringify(answer), 'application/json');
    }
    if (url.pathname.startsWith('/api/')) return send(response, 404, `no API at ${url.pathname}\n`);
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed\n');
    // The page carries the token once; the cookie then admits its scripts and its WebSocket.
    const headers: Record<string, string> = auth.fromQuery ? { 'set-cookie': `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    return serveFile(response, url.pathname, headers);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, `kiosk core error: ${(error as Error).message}\n`);
      else response.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_COMMAND_BYTES });

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/ws' || foreignRequest(request) !== null || !presentedToken(request, url).ok) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nkiosk WebSocket needs the start-up token\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => connect(ws));
  });

  function connect(ws: WebSocket) {
    const post = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    // Events are views of the present, so a page that falls behind needs only the latest of each: keep one
    // per event name and one batch on the wire, and the core's memory stays flat however fast it appends.
    const pending = new Map<EventName, unknown>();
    let sending = false;
    const flush = () => {
      if (sending || pending.size === 0 || ws.readyState !== ws.OPEN) return;
      const batch = [...pending];
      pending.clear();
      sending = true;
      let left = batch.length;
      for (const [event, data] of batch) {
        ws.send(JSON.stringify({ t: 'event', event, data } satisfies ServerMessage), () => {
          if (--left === 0) {
            sending = false;
            flush();
          }
        });
      }
    };
    const off = options.core.on((event, data) => {
      pending.delete(event); // re-inserted last, so events keep the order of their latest values
      pending.set(event, data);
      flush();
    });
    ws.on('close', off);
    ws.on('message', (raw) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(raw));
      } catch {
        return;
      }
      const call = readWireCall(parsed);
      if (!call) return;
      if (!isCommandName(call.command)) {
        post({ t: 'result', id: call.id, ok: false, message: `no kiosk command named ${String(call.command)}` });
        return;
      }
      const key = typeof call.key === 'string' && IDEMPOTENCY_KEY.test(call.key) ? call.key : undefined;
      dispatchOnce(call.command, call.request, key)
        .then((value) => post({ t: 'result', id: call.id, ok: true, value }))
        .catch((error: unknown) => post({ t: 'result', id: call.id, ok: false, message: (error as Error).message }));
    });
    void options.core.receive('getState', {}).then((state) => post({ t: 'event', event: 'state', data: state }));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?token=${token}`,
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
