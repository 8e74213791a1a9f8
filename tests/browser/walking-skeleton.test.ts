import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoPlant } from '../../demo/plant.js';
import { KioskClient } from '../support/kiosk-client.js';
import { removeTempDirs, repoRoot, tempDir } from '../support/processes.js';
import { CHROMIUM_ARGS, chromiumPath, requireTool } from '../support/tools.js';

// Issue 2's browser path: an operator accepts a weight on the kiosk UI in Chromium; a supervisor then
// finds the signed record on the server's records page. Screenshots go to tests/artifacts/browser/.
const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/browser');

describe.skipIf(skip !== undefined)('walking skeleton through the kiosk UI and the records page', () => {
  let plant: Awaited<ReturnType<typeof startDemoPlant>>;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    plant = await startDemoPlant({ dataDir: tempDir('browser'), load: '25.04150' });
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await plant?.stop();
    removeTempDirs();
  });

  it('operator accepts the live weight; supervisor sees it on the server, signed by K-DISP-1', { timeout: 90_000 }, async () => {
    const kioskPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await kioskPage.goto(plant.kioskUrl);
    // Free weighing is a GMP weighing (issue 8 §1): it asks for a login, and BAL-01 needs its daily check.
    const logIn = async (user: string) => {
      await kioskPage.getByTestId('login-badge').fill(user);
      await kioskPage.getByTestId('login-pin').fill(plant.credentials[user]?.pin ?? '');
      await kioskPage.getByTestId('login-submit').click();
      await expect.poll(() => kioskPage.getByTestId('logout').isVisible(), { timeout: 10_000 }).toBe(true);
    };
    await expect.poll(() => kioskPage.getByTestId('login-badge').isVisible(), { timeout: 30_000 }).toBe(true);
    // People can log in once the kiosk has pulled the plant's master data (users and their PIN verifiers).
    const kiosk = await KioskClient.connect(plant.kioskUrl);
    try {
      await expect.poll(async () => (await kiosk.call('listOrders', {})).ok, { timeout: 30_000, interval: 250 }).toBe(true);
    } finally {
      kiosk.close();
    }
    await logIn('max.maintenance');
    await kioskPage.getByTestId('nav-checks').click();
    await kioskPage.getByTestId('sensitivity-balance-BAL-01').click();
    await plant.setLoad('BAL-01', '200.00010');
    await expect.poll(() => kioskPage.getByTestId('sensitivity-live').textContent(), { timeout: 10_000 }).toContain('200.00010');
    await kioskPage.getByTestId('sensitivity-weight').fill('TW-200E2');
    await kioskPage.getByTestId('sensitivity-capture').click();
    await expect.poll(() => kioskPage.getByTestId('sensitivity-result').textContent(), { timeout: 10_000 }).toMatch(/^PASSED/);
    await plant.setLoad('BAL-01', '25.04150');
    await kioskPage.getByTestId('logout').click();
    await kioskPage.getByTestId('nav-weigh').click();
    await logIn('olivia.operator');
    await expect.poll(() => kioskPage.getByTestId('live-weight').textContent(), { timeout: 15_000 }).toBe('25.04150');
    await expect.poll(() => kioskPage.getByTestId('stability').textContent()).toContain('STABLE');
    await kioskPage.screenshot({ path: path.join(artifacts, 'kiosk-weigh-before-accept.png') });

    await kioskPage.getByTestId('accept').click();
    const accepted = kioskPage.getByTestId('accepted-list').locator('li').first();
    await expect.poll(() => accepted.textContent(), { timeout: 10_000 }).toContain('25.04150');
    await expect.poll(() => kioskPage.getByTestId('unsent-count').getAttribute('data-unsent'), { timeout: 20_000 }).toBe('0');
    await kioskPage.screenshot({ path: path.join(artifacts, 'kiosk-weigh-after-accept.png') });

    const serverPage = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await serverPage.goto(`${plant.serverUrl}/records`);
    expect(serverPage.url()).toContain('/login'); // a supervisor must log in first
    await serverPage.fill('input[name="userId"]', 'sam.supervisor');
    await serverPage.fill('input[name="password"]', plant.credentials['sam.supervisor']?.password ?? '');
    await serverPage.click('button[type="submit"], input[type="submit"]');
    // The log-ins and BAL-01's daily check come first: the weighing is the kiosk's one weighing.recorded.
    const row = serverPage.locator('tr[data-kiosk-id="K-DISP-1"][data-type="weighing.recorded"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('olivia.operator');
    expect(text).toContain('25.04150');
    expect(text).toContain('BAL-01');
    expect(text).toContain('K-DISP-1#1');
    await serverPage.screenshot({ path: path.join(artifacts, 'server-records.png'), fullPage: true });
    // The record opens in words, with its verification.
    await row.click();
    await serverPage.waitForSelector('text=Integrity');
    expect(await serverPage.locator('main').textContent()).toMatch(/verified with the kiosk key K-DISP-1#1/);
  });
});
