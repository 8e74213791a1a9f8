// README.md's "An operator's walkthrough of the demo plant", steps 1–6, followed on the real demo plant
// (demo/plant.js) in Chromium at 1280×800 (issue 8 "Done when"). Every screen the walkthrough names is
// saved, numbered in the order the walkthrough reaches it, to tests/artifacts/walkthrough/, and the facts
// the README states at each are asserted there.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../demo/plant.js';
import { requireTool } from '../support/tools.js';
import { expectBatchRecord, poll, serverRecords, station } from './support/demo-station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = path.join(repoRoot, 'tests/artifacts/walkthrough');

/** A PIN of the same length that is not `pin` (every digit moved on by one). */
const wrongPin = (pin: string) => pin.replace(/\d/g, (d) => String((Number(d) + 1) % 10));

describe.skipIf(skip !== undefined)(`README walkthrough of the demo plant in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const s = station('walkthrough', { artifacts, numbered: true });
  beforeAll(async () => {
    // Only this run's screens, numbered from 01.
    rmSync(artifacts, { recursive: true, force: true });
    await s.start();
  }, 120_000);
  afterAll(() => s.stop(), 60_000);

  it('steps 1–6 as the README tells them, each screen saved', async () => {
    const { plant, page, kiosk } = s.ctx;
    await s.waitForOrder();
    await page.goto(plant.kioskUrl);

    // 1. Free weighing asks for a login first, and refuses BAL-01 before its daily check, with the reason.
    await page.getByTestId('nav-weigh').click();
    await poll(() => page.getByTestId('login-badge').isVisible(), { timeout: 10_000 }).toBe(true);
    await s.shot('free-weighing-asks-for-login');
    await s.pageLogin('olivia.operator', '100001');
    await plant.setLoad('BAL-01', '25.04150');
    await poll(() => page.getByTestId('live-weight').textContent(), { timeout: 15_000 }).toBe('25.04150');
    await poll(() => page.getByTestId('stability').textContent()).toContain('STABLE');
    await page.getByTestId('accept').click();
    await poll(() => page.getByTestId('accept-notice').textContent(), { timeout: 10_000 }).toMatch(/BAL-01.*sensitivity test/);
    await s.shot('free-weighing-bal-01-refused-before-daily-check');
    await page.getByTestId('logout').click();

    // 2. Batch orders: three wrong PINs on the keypad lock Olivia out; the login says who, since when, what to do.
    await page.getByTestId('nav-execution').click();
    const keypadLogin = async (badge: string, pin: string) => {
      await page.getByTestId('login-badge').fill(badge);
      await page.getByTestId('login-pin').click(); // the keypad types into the field last touched
      await page.getByTestId('key-clear').click();
      for (const digit of pin) await page.getByTestId(`key-${digit}`).click();
      await page.getByTestId('login-submit').click();
    };
    for (let attempt = 1; attempt <= 3; attempt++) {
      await keypadLogin('100001', wrongPin(s.pin('olivia.operator')));
      await poll(s.message).toBe('Badge or user id and PIN do not match an active user — try again');
    }
    // A wrong PIN says only that badge and PIN do not match; the right one then shows the lockout.
    expect(await page.getByTestId('lockout').count()).toBe(0);
    await keypadLogin('100001', s.pin('olivia.operator'));
    await poll(() => page.getByTestId('lockout-who').textContent()).toBe('Olivia Operator is locked out');
    expect(await page.getByTestId('lockout-since').textContent()).toMatch(/^since \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}, after repeated wrong PINs\.$/);
    expect(await page.getByTestId('lockout-remedy').textContent()).toBe('Ask QA or an administrator to unlock you at this kiosk (Unlock user).');
    await s.shot('login-locked-out');
    // Unlock user: quinn.qa with her own id, PIN and a reason.
    await page.getByTestId('unlock-open').click();
    await page.getByTestId('unlock-by').fill('quinn.qa');
    await page.getByTestId('unlock-pin').click();
    for (const digit of s.pin('quinn.qa')) await page.getByTestId(`unlock-key-${digit}`).click();
    await page.getByTestId('unlock-reason').fill('PIN mistyped with gloves; identity checked by badge');
    await s.shot('unlock-user-by-quinn');
    await page.getByTestId('unlock-submit').click();
    await poll(s.message).toBe('Olivia Operator is unlocked and may log in again');

    // Daily checks: max.maintenance; each balance a button marked ready / test due / blocked.
    await page.getByTestId('nav-checks').click();
    await s.pageLogin('max.maintenance');
    await poll(() => page.getByTestId('sensitivity-balance-BAL-02').textContent()).toBe('BAL-02test due');
    expect(await page.getByTestId('sensitivity-balance-BAL-03').textContent()).toBe('BAL-03blocked');
    await s.shot('daily-checks');
    await s.sensitivityOnScreen(true);
    // BAL-04 and PH-01 through the kiosk's API (max's session); BAL-01 last on the screen, since Free
    // weighing shows the balance the kiosk last showed.
    await plant.setLoad('BAL-04', '20.000');
    await s.ok(kiosk.call('captureSensitivityTest', { equipmentId: 'BAL-04', testWeightId: 'TW-20KM1' }), 'BAL-04');
    await plant.setLoad('BAL-04', '0.000');
    const buffers = [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }];
    await s.ok(kiosk.call('recordPhCalibration', { equipmentId: 'PH-01', buffers }), 'PH-01');
    await page.getByTestId('sensitivity-balance-BAL-01').click();
    await page.getByTestId('sensitivity-weight').fill('TW-200E2');
    await plant.setLoad('BAL-01', '200.00010');
    await poll(() => page.getByTestId('sensitivity-live').textContent()).toContain('200.00010');
    await page.getByTestId('sensitivity-capture').click();
    await poll(() => page.getByTestId('sensitivity-result').textContent()).toMatch(/^PASSED/);
    await plant.setLoad('BAL-01', '25.04150');
    await page.getByTestId('logout').click();

    // Holds in force, Place a hold (QA) and Report a deviation, under the order queue.
    await page.getByTestId('nav-execution').click();
    await s.pageLogin('quinn.qa');
    await poll(() => page.getByTestId('holds-list').isVisible()).toBe(true);
    expect(await page.getByTestId('deviation-report').isVisible()).toBe(true);
    await s.shot('order-queue-holds-and-deviations');
    await page.getByTestId('hold-place').click();
    await page.getByTestId('hold-kind-equipment').click();
    // The station's instruments are buttons to tap, not ids to type.
    expect(await page.getByTestId('hold-id-BAL-02').isVisible()).toBe(true);
    await s.shot('place-a-hold');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('logout').click();

    // 1 (continued). With BAL-01's daily check done, Olivia's Free weighing is recorded under her name.
    await page.getByTestId('nav-weigh').click();
    await s.pageLogin('olivia.operator', '100001');
    await poll(() => page.getByTestId('live-weight').textContent(), { timeout: 15_000 }).toBe('25.04150');
    await page.getByTestId('accept').click();
    await poll(() => page.getByTestId('accepted-list').locator('li').first().textContent(), { timeout: 10_000 }).toContain('25.04150');
    await s.shot('free-weighing-accepted');
    const serverPage = await s.ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await serverPage.goto(`${plant.serverUrl}/records`);
    await serverPage.fill('input[name="userId"]', 'sam.supervisor');
    await serverPage.fill('input[name="password"]', plant.credentials['sam.supervisor']?.password ?? '');
    await serverPage.click('button[type="submit"], input[type="submit"]');
    const row = serverPage.locator('tr[data-kiosk-id="K-DISP-1"][data-type="weighing.recorded"]');
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toMatch(/olivia\.operator[\s\S]*25\.04150|25\.04150[\s\S]*olivia\.operator/);
    await s.shot('server-records-free-weighing', serverPage);
    await serverPage.close();

    // 3–5. Order ORD-0001: every step, each trap refused on screen (the helpers assert the words).
    await page.getByTestId('logout').click();
    await s.loginOlivia();
    await s.runRecipe(true);

    // 6. The server stops: Offline, unsent records counted, the kiosk keeps working; back: all delivered.
    expect(await plant.stopServer()).toMatch(/^server stopped/);
    await poll(() => page.getByTestId('sync-status').getAttribute('data-online'), { timeout: 30_000 }).toBe('false');
    await page.getByRole('button', { name: '← Orders' }).click();
    await page.getByTestId('nav-weigh').click();
    const accepted = await page.getByTestId('accepted-list').locator('li').count();
    await poll(() => page.getByTestId('live-weight').textContent(), { timeout: 15_000 }).not.toBe('—');
    await page.getByTestId('accept').click();
    await poll(() => page.getByTestId('accepted-list').locator('li').count(), { timeout: 10_000 }).toBeGreaterThan(accepted);
    await poll(() => page.getByTestId('sync-status').textContent()).toContain('Offline');
    await poll(async () => Number(await page.getByTestId('unsent-count').getAttribute('data-unsent'))).toBeGreaterThan(0);
    await s.shot('server-stopped-offline-unsent');
    expect(await plant.startServer()).toMatch(/^server started again/);
    await poll(() => page.getByTestId('unsent-count').getAttribute('data-unsent'), { timeout: 90_000, interval: 500 }).toBe('0');
    await poll(() => page.getByTestId('sync-status').textContent()).toContain('Online');
    await s.shot('server-back-all-sent');
    const state = await kiosk.call('getState', {});
    const stored = await serverRecords(plant);
    expect(stored.map((r) => r.seq)).toEqual(Array.from({ length: state.sync.headSeq }, (_, i) => i + 1));
    expect(stored.every((r) => r.signatureVerified)).toBe(true);
    expectBatchRecord(stored.filter((r) => r.type.startsWith('order.')));
  }, 420_000);
});
