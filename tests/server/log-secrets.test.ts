import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKioskKey } from '@lineside/sync-protocol/node';
import { buildApp } from '../../apps/sync-server/src/app.js';
import { fileKeyProvider } from '../../apps/sync-server/src/security/server-key-store.js';
import { seedDemoPlant } from '../../apps/sync-server/src/seed/demo-plant.js';

let app: FastifyInstance | null = null;
let dir: string | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

// The server's log (info level, as an operator turns on to trace requests) must not carry enrollment
// codes or session tokens, however a client sends them (issue 9 §5).
describe('server log', () => {
  it('never contains an enrollment code or a session token, even one sent in a query string or a malformed body', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lineside-log-'));
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    app = await buildApp({ database: { engine: 'sqlite', file: path.join(dir, 'lineside.sqlite') }, serverKeys: fileKeyProvider(path.join(dir, 'keys')), logger: { level: 'info', stream } });
    const credentials = (await seedDemoPlant(app.db, app.engine, new Date()))!;
    const signIn = await app.inject({ method: 'POST', url: '/api/v1/sessions', payload: { userId: 'ada.admin', password: credentials['ada.admin']!.password } });
    const token = (signIn.json() as { token: string }).token;
    const issued = await app.inject({ method: 'POST', url: '/api/v1/enrollment-codes', headers: { authorization: `Bearer ${token}` }, payload: { reason: 'test: enroll a kiosk', stationId: 'DISP-1' } });
    expect(issued.statusCode, issued.body).toBe(201);
    const fullCode = (issued.json() as { code: string }).code;
    const code = fullCode.split('@')[0]!;

    // A client that puts the code in the query string, one that sends a broken body, and a proper enrollment.
    await app.inject({ method: 'POST', url: `/sync/v1/enroll?code=${encodeURIComponent(code)}&session=${token}`, payload: { code: 'WRONG-CODE', publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' } });
    await app.inject({ method: 'POST', url: '/sync/v1/enroll', headers: { 'content-type': 'application/json' }, payload: `{"code":"${code}", broken` });
    await app.inject({ method: 'POST', url: '/sync/v1/enroll', headers: { 'content-type': 'application/json' }, payload: `{"code": ${code}}` });
    await app.inject({ method: 'GET', url: `/api/v1/records?token=${token}`, headers: { authorization: `Bearer ${token}` } });
    const enrolled = await app.inject({ method: 'POST', url: '/sync/v1/enroll', payload: { code: fullCode, publicKey: generateKioskKey().publicKey, appVersion: '0.1.0' } });
    expect(enrolled.statusCode, enrolled.body).toBe(201);

    const log = lines.join('');
    expect(log).toContain('/sync/v1/enroll');
    expect(log).not.toContain(code);
    expect(log).not.toContain(token);
  });
});
