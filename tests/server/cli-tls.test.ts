import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, startProcess, stopAll, tempDir } from '../support/processes.js';

const bin = path.join(repoRoot, 'apps/sync-server/dist/bin.js');

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null && child.stdout?.readableEnded !== false) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
}

/** A self-signed certificate for 127.0.0.1, made now with the openssl CLI. */
function selfSigned(dir: string, name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

/** GET over HTTPS trusting only the given certificate, as a kiosk configured with it would. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function httpsCall(url: string, ca: string, method: string, body?: unknown, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const req = request(url, { ca, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function refusal(args: string[]): Promise<{ code: number | null; output: string[] }> {
  const proc = startProcess(process.execPath, [bin, ...args], { name: 'server-refusal' });
  return { code: await exitOf(proc.child), output: proc.output };
}

describe('lineside-server over TLS, and its data files', () => {
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run npx tsc -b apps/sync-server first`);
  });
  afterEach(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('serves HTTPS with --tls-cert/--tls-key and creates its data folder 0700 and SQLite files 0600', async () => {
    const dir = tempDir('server-tls');
    const { cert, key } = selfSigned(dir, 'server');
    const data = path.join(dir, 'data');
    const proc = startProcess(process.execPath, [bin, '--port', '0', '--data', data, '--tls-cert', cert, '--tls-key', key, '--seed-demo'], { name: 'server-tls' });
    const [, url] = await proc.waitForLine(/^Lineside server listening on (https:\/\/127\.0\.0\.1:\d+) /);
    const health = await httpsGet(`${url}/healthz`, readFileSync(cert, 'utf8'));
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok', engine: 'sqlite' });
    // Plain HTTP on the same port gets no answer from the app.
    await expect(fetch(url!.replace('https:', 'http:') + '/healthz')).rejects.toThrow();

    expect(statSync(data).mode & 0o777).toBe(0o700);
    const files = readdirSync(data).filter((f) => f.startsWith('lineside.sqlite'));
    expect(files).toContain('lineside.sqlite');
    expect(files).toContain('lineside.sqlite-wal');
    for (const file of files) expect({ file, mode: (statSync(path.join(data, file)).mode & 0o777).toString(8) }).toEqual({ file, mode: '600' });
    expect(await proc.stop('SIGTERM')).toBe(0);
  });

  it('a kiosk trusting the certificate enrolls and syncs over HTTPS', async () => {
    const dir = tempDir('server-tls-kiosk');
    const { cert, key } = selfSigned(dir, 'server');
    const data = path.join(dir, 'data');
    const server = startProcess(process.execPath, [bin, '--port', '0', '--data', data, '--tls-cert', cert, '--tls-key', key, '--seed-demo'], { name: 'server-tls' });
    const [, url] = await server.waitForLine(/^Lineside server listening on (https:\/\/127\.0\.0\.1:\d+) /);
    const ca = readFileSync(cert, 'utf8');
    const credentials = JSON.parse(readFileSync(path.join(data, 'demo-credentials.json'), 'utf8')) as Record<string, { password: string }>;
    const session = JSON.parse((await httpsCall(`${url}/api/v1/sessions`, ca, 'POST', { userId: 'ada.admin', password: credentials['ada.admin']!.password })).body) as { token: string };
    const { code } = JSON.parse((await httpsCall(`${url}/api/v1/enrollment-codes`, ca, 'POST', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' }, session.token)).body) as { code: string };

    // The plant CA as an operator gives it to Node: NODE_EXTRA_CA_CERTS.
    const kiosk = startProcess(process.execPath, [path.join(repoRoot, 'apps/kiosk/dist/core/bin.js'), '--browser', '--port', '0', '--data', path.join(dir, 'kiosk'), '--server', url!, '--enroll-code', code], { name: 'kiosk-tls', env: { NODE_EXTRA_CA_CERTS: cert } });
    await kiosk.waitForLine(/^Kiosk UI: /);
    for (let i = 0; i < 100; i++) {
      const { kiosks } = JSON.parse((await httpsCall(`${url}/api/v1/kiosks`, ca, 'GET', undefined, session.token)).body) as { kiosks: { kioskId: string; status: string }[] };
      if (kiosks.some((k) => k.kioskId === 'K-DISP-1' && k.status === 'pending')) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await httpsCall(`${url}/api/v1/kiosks/K-DISP-1/approve`, ca, 'POST', {}, session.token)).status).toBe(200);
    await kiosk.waitForLine(/^Sync: .*, online$/, 60_000);
    expect(kiosk.output.join('\n')).not.toMatch(/certificate|self.signed/i);
    expect(await kiosk.stop('SIGTERM')).toBe(0);
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('refuses a missing, unreadable, non-PEM or mismatched certificate or key in one line naming the file, exit 2', async () => {
    const dir = tempDir('server-tls-bad');
    const good = selfSigned(dir, 'good');
    const other = selfSigned(dir, 'other');
    const notPem = path.join(dir, 'notes.txt');
    writeFileSync(notPem, 'this is not a certificate\n');
    const locked = path.join(dir, 'locked.key');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    const cases: Array<[string[], RegExp]> = [
      [['--tls-cert', path.join(dir, 'absent.crt'), '--tls-key', good.key], /^lineside-server: --tls-cert \S+absent\.crt does not exist \(see --help\)$/],
      [['--tls-cert', notPem, '--tls-key', good.key], /^lineside-server: --tls-cert \S+notes\.txt is not a PEM certificate/],
      [['--tls-cert', good.cert, '--tls-key', notPem], /^lineside-server: --tls-key \S+notes\.txt is not an unencrypted PEM private key/],
      [['--tls-cert', good.cert, '--tls-key', other.key], /^lineside-server: --tls-key \S+other\.key is not the private key of the certificate in \S+good\.crt/],
      [['--tls-cert', good.cert, '--tls-key', dir], /^lineside-server: --tls-key \S+ is a folder, not a file/],
      [['--tls-cert', good.cert], /^lineside-server: --tls-cert needs --tls-key as well/],
    ];
    // root reads any file whatever its mode, so the unreadable case only means something for other users.
    if (process.getuid?.() !== 0) cases.push([['--tls-cert', good.cert, '--tls-key', locked], /^lineside-server: --tls-key \S+locked\.key is not readable by this user/]);
    for (const [args, line] of cases) {
      const { code, output } = await refusal(['--port', '0', '--data', path.join(dir, 'data'), ...args]);
      expect({ args, code, lines: output.length }).toEqual({ args, code: 2, lines: 1 });
      expect(output[0]).toMatch(line);
    }
  });

  it('says in one line, exit 1, when its port is taken', async () => {
    const data = tempDir('server-port');
    const first = startProcess(process.execPath, [bin, '--port', '0', '--data', data], { name: 'server-first' });
    const [, port] = await first.waitForLine(/listening on http:\/\/127\.0\.0\.1:(\d+)/);
    const { code, output } = await refusal(['--port', port!, '--data', tempDir('server-port-2')]);
    expect(code).toBe(1);
    expect(output).toHaveLength(1);
    expect(output[0]).toMatch(new RegExp(`^lineside-server: cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    expect(await first.stop('SIGTERM')).toBe(0);
  });
});
