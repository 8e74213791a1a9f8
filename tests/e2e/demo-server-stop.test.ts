import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, repoRoot, startNode } from '../../demo/plant.js';
import { KioskClient } from '../support/kiosk-client.js';
import { removeTempDirs, tempDir } from '../support/processes.js';
import { requireTool } from '../support/tools.js';

// `npm start` as a newcomer uses it (README walkthrough step 6): typed lines stop and start the sync server
// while the plant runs; the kiosk goes offline, keeps what it records, and sends it when the server is back.
const skip = requireTool('socat');

describe.skipIf(skip)('the demo in a terminal: server stop / server start', () => {
  let demo: ReturnType<typeof startNode>;
  let kiosk: KioskClient | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('demo-terminal');
    demo = startNode('demo', [path.join(repoRoot, 'demo/start.js'), '--data', dataDir, '--server-port', '0', '--kiosk-port', '0'], { stdin: true });
    await demo.waitFor(/^Lineside demo plant is running\.$/, 90_000);
  }, 120_000);

  afterAll(async () => {
    kiosk?.close();
    await demo?.stop('SIGTERM');
    removeTempDirs();
  }, 60_000);

  it('stops the server without stopping the plant; the kiosk goes offline, records, and delivers everything when it is started again', async () => {
    const [, serverUrl] = await demo.waitFor(/^ {2}Sync server\s+(http:\/\/\S+)/);
    const [, kioskUrl] = await demo.waitFor(/^ {2}Kiosk K-DISP-1\s+(http:\/\/\S+)/);
    kiosk = await KioskClient.connect(kioskUrl!);
    // Online, with the plant's master data (users) pulled: what a station has before the server goes away.
    await expect.poll(async () => {
      const orders = await kiosk!.call('listOrders', {});
      return orders.ok ? orders.orders.length : orders.message;
    }, { timeout: 60_000, interval: 250 }).toBeGreaterThan(0);
    expect((await kiosk.call('getState', {})).sync.online).toBe(true);

    demo.send('server stop');
    await demo.waitFor(/^server stopped; the kiosk keeps working offline/);
    // The plant is still there: the kiosk answers, the balance simulator runs.
    expect(demo.child.exitCode).toBeNull();

    const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, { pin: string; password: string }>;
    const login = await kiosk.call('login', { badgeOrUserId: 'olivia.operator', pin: credentials['olivia.operator']!.pin });
    if (!login.ok) throw new Error(`login refused: ${login.code} ${login.message}`);
    await kiosk.call('logout', {});
    await expect.poll(async () => (await kiosk!.call('getState', {})).sync.online, { timeout: 60_000 }).toBe(false);
    const offline = (await kiosk.call('getState', {})).sync;
    expect(offline.unsent).toBeGreaterThan(0);
    await demo.waitFor(/^Kiosk K-DISP-1 Sync: .*offline/, 60_000);

    demo.send('server start');
    await demo.waitFor(/^server started again at http:\/\/127\.0\.0\.1:\d+/, 60_000);
    await expect.poll(async () => (await kiosk!.call('getState', {})).sync.unsent, { timeout: 120_000, interval: 500 }).toBe(0);
    expect((await kiosk.call('getState', {})).sync.online).toBe(true);

    const session = await api(`${serverUrl}/api/v1/sessions`, { body: { userId: 'sam.supervisor', password: credentials['sam.supervisor']!.password } });
    const { records } = await api(`${serverUrl}/api/v1/records?kioskId=K-DISP-1&limit=500`, { token: session.token });
    const seqs = (records as { seq: number }[]).map((r) => r.seq);
    expect(Math.max(...seqs)).toBe(offline.headSeq);
    expect(seqs).toEqual(Array.from({ length: offline.headSeq }, (_, i) => i + 1));

    // Typed twice, the commands say so rather than failing.
    demo.send('server start');
    await demo.waitFor(/^the server is already running at /);
  }, 300_000);
});
