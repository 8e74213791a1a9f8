import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateKioskKey, keyFingerprint } from '@lineside/sync-protocol/node';
import { removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { kioskBin, requireBuiltKiosk } from './support/built.js';

beforeAll(requireBuiltKiosk);
let server: Server | null = null;
afterEach(async () => {
  await stopAll();
  removeTempDirs();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A sync server stand-in that serves a real key and refuses every enrollment code, as a server does a wrong one. */
async function refusingServer(): Promise<{ url: string; fingerprint: string }> {
  const key = generateKioskKey();
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    if (request.method === 'GET' && request.url === '/sync/v1/server-key') return response.end(JSON.stringify({ serverKeyId: 'server#1', publicKey: key.publicKey, rotations: [] }));
    response.statusCode = 404;
    response.end(JSON.stringify({ status: 'error', reason: 'unknown-enrollment-code', message: 'the enrollment code is not known: ask an admin for a new code' }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, fingerprint: keyFingerprint(key.publicKey) };
}

describe('lineside-kiosk keeps its secrets out of its output', () => {
  it('never prints the browser token nor the enrollment code; says where the token is (a 0600 file) and the page opens with it', async () => {
    const sync = await refusingServer();
    const data = tempDir('kiosk-secrets');
    const code = 'QX7P-M4KD-R2WZ';
    const kiosk = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', sync.url, '--enroll-code', `${code}@${sync.fingerprint}`], { name: 'kiosk-secrets' });
    const [, url, tokenFile] = await kiosk.waitForLine(/^Kiosk UI: (http:\/\/127\.0\.0\.1:\d+\/) \(the page needs the browser token in (.+); it is not printed\)$/);
    // The refusal of the code reaches the sync line: that line must not carry the code either.
    await kiosk.waitForLine(/^Sync: .*enrollment .*failed/);
    expect(tokenFile).toBe(path.join(data, 'browser-token'));
    const token = readFileSync(tokenFile!, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect((statSync(tokenFile!).mode & 0o777).toString(8)).toBe('600');
    expect((await fetch(`${url}?token=${token}`)).status).toBe(200);
    expect((await fetch(url!)).status).toBe(401);

    expect(await kiosk.stop('SIGTERM')).toBe(0);
    const output = kiosk.output.join('\n');
    expect(output).not.toContain(token);
    expect(output).not.toContain(code);
    expect(output).toContain('Enrolling with the one-time code given by --enroll-code');
  });
});
