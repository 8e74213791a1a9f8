import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { repoRoot, startProcess, type Started } from '../../support/processes.js';
import { TestKiosk } from './kiosk.js';

/** Helpers for tests that run the compiled `lineside-server` as real processes. */
export const serverBin = path.join(repoRoot, 'apps/sync-server/dist/bin.js');

export function requireBuiltServer(): void {
  if (!existsSync(serverBin)) throw new Error(`${serverBin} is missing: run npx tsc -b apps/sync-server first`);
}

export async function call(url: string, init: { method?: string; token?: string; body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Starts one server process and returns it with the URL from its ready line. */
export async function startServer(name: string, args: string[]): Promise<{ server: Started; url: string }> {
  requireBuiltServer();
  const server = startProcess(process.execPath, [serverBin, '--port', '0', ...args], { name });
  const [, url] = await server.waitForLine(/listening on (http:\/\/\S+)/);
  return { server, url: url! };
}

/** Logs in as the demo admin with the credentials `--seed-demo` wrote into the data folder. */
export async function adminToken(url: string, dataDir: string): Promise<string> {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, { password: string }>;
  const session = await call(`${url}/api/v1/sessions`, { body: JSON.stringify({ userId: 'ada.admin', password: credentials['ada.admin']!.password }) });
  return session.body['token'] as string;
}

/** Enrolls a TestKiosk for a station and approves it; the URLs may be different server processes. */
export async function enrollActiveKiosk(urls: { admin: string; kiosk: string }, token: string, stationId: string): Promise<TestKiosk> {
  const kiosk = new TestKiosk(() => new Date());
  const code = await call(`${urls.admin}/api/v1/enrollment-codes`, { token, body: JSON.stringify({ reason: 'test: enroll a kiosk', stationId }) });
  const enrolled = await call(`${urls.kiosk}/sync/v1/enroll`, { body: JSON.stringify({ code: code.body['code'], publicKey: kiosk.key.publicKey, appVersion: '0.1.0' }) });
  kiosk.kioskId = enrolled.body['kioskId'] as string;
  kiosk.keyId = enrolled.body['keyId'] as string;
  expect((await call(`${urls.admin}/api/v1/kiosks/${kiosk.kioskId}/approve`, { token, method: 'POST' })).status).toBe(200);
  return kiosk;
}

/** Pushes one body to every server at once, as a kiosk retrying after a lost answer would. */
export async function pushEverywhere(servers: readonly string[], kiosk: TestKiosk, body: string) {
  return Promise.all(servers.map((url) => call(`${url}/sync/v1/push`, { body, headers: { authorization: kiosk.authorization('POST', '/sync/v1/push', body) } })));
}
