import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, startProcess, stopAll, tempDir } from '../support/processes.js';

/** Exit code once the process and its output streams are done. */
function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null && child.stdout?.readableEnded !== false) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
}

const bin = path.join(repoRoot, 'apps/sync-server/dist/bin.js');

describe('lineside-server command', () => {
  beforeAll(() => {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: run npx tsc -b apps/sync-server first`);
  });
  afterEach(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('prints its help and exits 0', async () => {
    const proc = startProcess(process.execPath, [bin, '--help'], { name: 'server-help' });
    expect(await exitOf(proc.child)).toBe(0);
    expect(proc.output[0]).toBe('Usage: lineside-server [options]');
    expect(proc.output.join('\n')).toContain('--database-url');
  });

  it('refuses an unknown flag with one line on stderr and exit code 2', async () => {
    const proc = startProcess(process.execPath, [bin, '--prot', '80'], { name: 'server-bad-flag' });
    expect(await exitOf(proc.child)).toBe(2);
    expect(proc.output).toHaveLength(1);
    expect(proc.output[0]).toMatch(/^lineside-server: .*'--prot'/);
  });

  it('starts on a free port, seeds the demo plant with generated credentials, serves, and exits 0 on SIGTERM', async () => {
    const data = tempDir('server-cli');
    const proc = startProcess(process.execPath, [bin, '--port', '0', '--data', data, '--seed-demo'], { name: 'server' });
    const [, url] = await proc.waitForLine(/^Lineside server listening on (http:\/\/127\.0\.0\.1:\d+) \(sqlite: (.+)\)$/);
    expect(url).not.toMatch(/:0$/);
    expect(existsSync(path.join(data, 'lineside.sqlite'))).toBe(true);
    const credentialsFile = path.join(data, 'demo-credentials.json');
    expect(statSync(credentialsFile).mode & 0o777).toBe(0o600);
    const credentials = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Record<string, { password: string; pin: string }>;
    expect(Object.keys(credentials).sort()).toEqual(['ada.admin', 'gina.granulation', 'max.maintenance', 'olivia.operator', 'oscar.operator', 'quinn.qa', 'sam.supervisor']);

    const health = await fetch(`${url}/healthz`).then((r) => r.json());
    expect(health).toMatchObject({ status: 'ok', engine: 'sqlite' });
    const session = await fetch(`${url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'ada.admin', password: credentials['ada.admin']!.password }) });
    expect(session.status).toBe(201);

    expect(await proc.stop('SIGTERM')).toBe(0);
  });

  it('lets two processes start on one new SQLite file at once (migrations take the write lock)', async () => {
    const data = tempDir('server-cli-two');
    const procs = [0, 1].map((i) => startProcess(process.execPath, [bin, '--port', '0', '--data', data], { name: `server-${i}` }));
    const urls = await Promise.all(procs.map((p) => p.waitForLine(/listening on (http:\/\/\S+)/).then((m) => m[1]!)));
    for (const url of urls) expect(await fetch(`${url}/healthz`).then((r) => r.status)).toBe(200);
    const keys = await Promise.all(urls.map((url) => fetch(`${url}/sync/v1/server-key`).then((r) => r.json() as Promise<{ publicKey: string }>)));
    // One database, one receipt-signing key, whichever process created it.
    expect(keys[0]!.publicKey).toBe(keys[1]!.publicKey);
    for (const p of procs) expect(await p.stop('SIGTERM')).toBe(0);
  });
});
