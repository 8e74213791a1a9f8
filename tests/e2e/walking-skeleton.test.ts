import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SignedRecord } from '@lineside/sync-protocol';
import { recordHash, verifyChain } from '@lineside/sync-protocol/node';
import { api, startDemoPlant } from '../../demo/plant.js';
import { KioskClient } from '../support/kiosk-client.js';
import { removeTempDirs, tempDir } from '../support/processes.js';
import { requireTool } from '../support/tools.js';

// Issue 2's thin path through every part, as real processes: the sync server (seeded demo plant),
// the MT-SICS simulator on a socat pty, the kiosk core in browser mode, enrolled and approved.
const skip = requireTool('socat');

describe.skipIf(skip)('walking skeleton: balance → signed record → server', () => {
  let plant: Awaited<ReturnType<typeof startDemoPlant>>;
  let kiosk: KioskClient;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('e2e');
    plant = await startDemoPlant({ dataDir, load: '12.50' });
    kiosk = await KioskClient.connect(plant.kioskUrl);
  }, 90_000);

  afterAll(async () => {
    kiosk?.close();
    await plant?.stop();
    removeTempDirs();
  });

  /** A refusal is a test failure with its reason. */
  async function must<T extends { ok: boolean }>(result: Promise<T>, what: string): Promise<T> {
    const value = await result;
    if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
    return value;
  }

  it('accepts a stable weight and the server stores the record, verified, with the weight and the signer', async () => {
    // A free weighing is a GMP weighing (issue 8 §1): BAL-01 tested this shift (read from the balance), a person logged in.
    const accept = () => kiosk.call('acceptWeight', { timeoutMs: 10_000 });
    await expect.poll(async () => (await kiosk.call('listOrders', {})).ok, { timeout: 30_000, interval: 250 }).toBe(true); // master data pulled
    expect(await accept()).toMatchObject({ ok: false, code: 'not-logged-in' });
    await must(kiosk.call('login', { badgeOrUserId: 'max.maintenance', pin: plant.credentials['max.maintenance']?.pin ?? '' }), 'login max');
    await plant.setLoad('BAL-01', '200.00010');
    await must(kiosk.call('captureSensitivityTest', { equipmentId: 'BAL-01', testWeightId: 'TW-200E2' }), 'BAL-01 daily check');
    await plant.setLoad('BAL-01', '12.50');
    await must(kiosk.call('login', { badgeOrUserId: 'olivia.operator', pin: plant.credentials['olivia.operator']?.pin ?? '' }), 'login olivia');
    // Olivia accepts once the display shows the new load, as at the booth: the simulator's next frame may still be the test weight.
    await expect.poll(async () => (await kiosk.call('getState', {})).weight?.value, { timeout: 10_000, interval: 100 }).toMatch(/^12\.50*$/);
    const accepted = await accept();
    if (!accepted.ok) throw new Error(`accept refused: ${accepted.code} ${accepted.message}`);
    expect(accepted.weighing).toMatchObject({ balanceId: 'BAL-01', unit: 'g', basis: 'net' });
    expect(accepted.weighing.value).toMatch(/^12\.50*$/); // the simulator's 12.50 g, as many decimals as it sends

    const sync = await kiosk.waitForAcked(accepted.seq);
    expect(sync.unsent).toBe(0);

    const supervisor = plant.credentials['sam.supervisor'];
    const session = await api(`${plant.serverUrl}/api/v1/sessions`, { body: { userId: 'sam.supervisor', password: supervisor?.password } });
    const { records } = await api(`${plant.serverUrl}/api/v1/records?kioskId=K-DISP-1`, { token: session.token });
    expect(records).toHaveLength(accepted.seq);
    const stored = records.find((r: { seq: number }) => r.seq === accepted.seq);
    expect(stored).toMatchObject({
      kioskId: 'K-DISP-1',
      seq: accepted.seq,
      type: 'weighing.recorded',
      actor: { kind: 'user', userId: 'olivia.operator' },
      keyId: 'K-DISP-1#1',
      hash: accepted.hash,
      signatureVerified: true,
      payload: { equipmentId: 'BAL-01', value: accepted.weighing.value, unit: 'g', stable: true, basis: 'net' },
    });
    expect(stored.payload.raw).toContain(accepted.weighing.value); // the balance's own frame is kept

    // Independently of both apps: the kiosk's local record verifies with the kiosk's key, and its
    // hash is the one the server stored.
    const kioskDir = path.join(dataDir, 'kiosk-DISP-1');
    const db = new Database(path.join(kioskDir, 'kiosk.sqlite'), { readonly: true });
    try {
      const local = db.prepare('SELECT body FROM records ORDER BY seq').all() as { body: string }[];
      const envelopes = local.map((row) => JSON.parse(row.body) as SignedRecord);
      const publicKey = createPublicKey(readFileSync(path.join(kioskDir, 'kiosk-key.pem'), 'utf8'));
      const chain = verifyChain(envelopes, publicKey);
      expect(chain).toMatchObject({ ok: true });
      expect(chain.ok && chain.hashes.at(-1)).toBe(accepted.hash);
      expect(recordHash(envelopes[accepted.seq - 1]!)).toBe(stored.hash);
    } finally {
      db.close();
    }
  });

  it('shows the record on the supervisor records page', async () => {
    const supervisor = plant.credentials['sam.supervisor'];
    const login = await fetch(`${plant.serverUrl}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ userId: 'sam.supervisor', password: supervisor?.password ?? '' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(303);
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    // The records browser is the web app at /records; its page reads the records by the same cookie.
    const page = await fetch(`${plant.serverUrl}/records`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const listed = (await (await fetch(`${plant.serverUrl}/api/v1/records?sort=newest&kioskId=K-DISP-1&limit=500`, { headers: { cookie } })).json()) as { records: { seq: number; payload: Record<string, unknown>; signatureVerified: boolean }[] };
    const weighing = listed.records.find((r) => r.payload['equipmentId'] === 'BAL-01');
    expect(weighing).toMatchObject({ signatureVerified: true });
    expect(listed.records.some((r) => r.seq === 1)).toBe(true);
  });
});
