import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { kioskBin, requireBuiltKiosk } from './support/built.js';

beforeAll(requireBuiltKiosk);
afterEach(async () => {
  await stopAll();
  removeTempDirs();
});

/** The page's address and the file holding its token (never printed). */
const UI_LINE = /^Kiosk UI: http:\/\/127\.0\.0\.1:(\d+)\/ \(the page needs the browser token in (.+); it is not printed\)$/;

describe('lineside-kiosk process', () => {
  it('names a missing serial port, keeps serving the UI, and exits 0 on SIGTERM', async () => {
    const data = tempDir('kiosk-proc');
    const kiosk = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--balance', 'mt-sics:/nonexistent', '--server', 'http://127.0.0.1:1'], { name: 'kiosk' });
    const [, port, tokenFile] = await kiosk.waitForLine(UI_LINE);
    const token = readFileSync(tokenFile!, 'utf8').trim();
    const url = `http://127.0.0.1:${port}/?token=${token}`;
    const problem = await kiosk.waitForLine(/^Balance BAL-01 \(mt-sics:\/nonexistent\) disconnected: (.*)$/);
    expect(problem[1]).toMatch(/\/nonexistent does not exist/);

    // Still running and answering after the device failure.
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const state = (await (await fetch(`http://127.0.0.1:${port}/api/state`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      device: { connection: string; problem: string };
    };
    expect(state.device).toMatchObject({ connection: 'disconnected', problem: expect.stringContaining('/nonexistent does not exist') });
    expect((await fetch(`http://127.0.0.1:${port}/api/state`)).status).toBe(401);

    expect(await kiosk.stop('SIGTERM')).toBe(0);
    expect(kiosk.output.filter((line) => line.startsWith('Kiosk UI: '))).toHaveLength(1);
    expect(kiosk.output).toContain('Kiosk stopped');
    expect(kiosk.output.find((l) => l.startsWith('Kiosk key: created '))).toMatch(/kiosk-key\.pem \(fingerprint [0-9a-f]{16}\)$/);
  });

  it('falls back to browser mode when no Electron binary is installed, saying so', async () => {
    const kiosk = startProcess('node', [kioskBin, '--port', '0', '--data', tempDir('kiosk-noelectron'), '--server', 'http://127.0.0.1:1'], { name: 'kiosk' });
    const [line] = await kiosk.waitForLine(/^Electron binary not installed \(.+\); serving the kiosk in browser mode$/);
    expect(line).toBeTruthy();
    await kiosk.waitForLine(UI_LINE);
    expect(await kiosk.stop('SIGINT')).toBe(0);
  });

  it('refuses a wrong flag with one line and exit code 2', async () => {
    const wrong = startProcess('node', [kioskBin, '--balance', '/dev/ttyUSB0'], { name: 'kiosk-wrong' });
    expect(await new Promise((resolve) => wrong.child.once('exit', resolve))).toBe(2);
    expect(wrong.output).toEqual(['lineside-kiosk: --balance "/dev/ttyUSB0" must be <driver>:<port>[=<equipment id>], e.g. mt-sics:/dev/ttyUSB0=BAL-01']);
    const unknown = startProcess('node', [kioskBin, '--colour', 'blue'], { name: 'kiosk-unknown' });
    expect(await new Promise((resolve) => unknown.child.once('exit', resolve))).toBe(2);
    expect(unknown.output).toEqual(['lineside-kiosk: unknown flag "--colour" (see --help)']);
  });

  it('refuses plain http to another machine in one line, exit 2, and starts with --allow-insecure-http', async () => {
    const data = tempDir('kiosk-insecure');
    const refused = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://plant-server.example:8080'], { name: 'kiosk-http' });
    expect(await new Promise((resolve) => refused.child.once('exit', resolve))).toBe(2);
    expect(refused.output).toEqual(['lineside-kiosk: --server http://plant-server.example:8080 is plain http to another machine; use https:// or add --allow-insecure-http']);

    const allowed = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://plant-server.example:8080', '--allow-insecure-http'], { name: 'kiosk-http-allowed' });
    await allowed.waitForLine(UI_LINE);
    expect(allowed.output).toContain('Sync server: http://plant-server.example:8080');
    expect(await allowed.stop('SIGTERM')).toBe(0);
  });

  it('creates its data folder 0700 and its key and database files 0600', async () => {
    const data = path.join(tempDir('kiosk-modes'), 'kiosk-data');
    const kiosk = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://127.0.0.1:1'], { name: 'kiosk-modes' });
    await kiosk.waitForLine(UI_LINE);
    expect(await kiosk.stop('SIGTERM')).toBe(0);
    expect((statSync(data).mode & 0o777).toString(8)).toBe('700');
    const files = readdirSync(data, { recursive: true, encoding: 'utf8' });
    expect(files).toContain('kiosk-key.pem');
    expect(files.some((f) => /\.(sqlite|db)$/.test(f))).toBe(true);
    for (const file of files) {
      const stat = statSync(path.join(data, file));
      expect({ file, mode: (stat.mode & 0o777).toString(8) }).toEqual({ file, mode: stat.isDirectory() ? '700' : '600' });
    }
  });

  it('refuses a second kiosk on the same data folder in one line naming the folder and the PID holding it (exit 1), and takes over a stale lock', async () => {
    const data = tempDir('kiosk-lock');
    const first = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://127.0.0.1:1'], { name: 'kiosk-first' });
    await first.waitForLine(UI_LINE);
    const second = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://127.0.0.1:1'], { name: 'kiosk-second' });
    expect(await new Promise((resolve) => second.child.once('exit', resolve))).toBe(1);
    expect(second.output).toEqual([`lineside-kiosk: data folder ${data} is in use by another kiosk process (PID ${first.child.pid}): stop that one first`]);
    expect(await first.stop('SIGTERM')).toBe(0);

    // A kiosk that died without cleaning up leaves its lock behind: a dead PID does not keep the folder.
    const dead = startProcess('node', ['-e', ''], { name: 'dead' });
    expect(await new Promise((resolve) => dead.child.once('exit', resolve))).toBe(0);
    writeFileSync(`${data}/kiosk.lock`, `${dead.child.pid}\n`);
    const third = startProcess('node', [kioskBin, '--browser', '--port', '0', '--data', data, '--server', 'http://127.0.0.1:1'], { name: 'kiosk-third' });
    await third.waitForLine(UI_LINE);
    expect(await third.stop('SIGTERM')).toBe(0);
  });
});
