// What the operator sees at a 1280×800 kiosk (issue 8 §2): nothing clipped or moving under a gloved
// finger, the keypad typing where the operator touched, and no live weight or "Online" once the kiosk
// core is gone. Real core + SQLite, the analytical balance BAL-01 simulated on a pty, real Chromium.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { startBrowserServer, type BrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from '../kiosk/support/built.js';
import { enrolledDataDir, offlinePlant, openKioskBrowser, passDailyChecks, serveKiosk, type Cleanups } from '../kiosk/support/station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const shots = process.env.LINESIDE_SHOTS ?? path.join(repoRoot, 'tests/artifacts/station-ui');
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'max.maintenance': '4444' };

type Box = { x: number; y: number; width: number; height: number };
const box = async (locator: Locator): Promise<Box> => {
  const b = await locator.boundingBox();
  if (!b) throw new Error('not on screen');
  return b;
};
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe.skipIf(skip !== undefined)(`what the operator sees, at 1280×800${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let sim: MtSicsSimulator;
  let core: KioskCore;
  let server: BrowserServer;
  let browser: Browser;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(shots, { recursive: true });
    // BAL-01, the analytical balance (g, d = 0.00001 g): 62.50000 g is eight digits on the big display.
    sim = await MtSicsSimulator.start({ load: '62.50000', unit: 'g', capacity: '220.00000', decimals: 5, model: 'BAL-01' });
    cleanups.push(() => sim.close());
    const plant = await offlinePlant(PINS);
    const started = await startKioskCore({ ...plant.options, dataDir: enrolledDataDir(cleanups, 'station-ui'), balance: { driver: 'mt-sics', path: sim.path, balanceId: 'BAL-01' } });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    cleanups.push(() => core.close());
    // BAL-01's daily check, so that it is usable for any weighing.
    await passDailyChecks(core, ['BAL-01']);
    server = await serveKiosk(cleanups, core);
    ({ browser, page } = await openKioskBrowser(cleanups));
    await page.goto(server.url);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('the keypad types the badge into the badge field and the PIN into the PIN field, by touch only', async () => {
    await page.getByTestId('nav-execution').click();
    await page.getByTestId('login-badge').click();
    for (const digit of '1000019') await page.getByTestId(`key-${digit}`).click();
    await page.getByTestId('key-back').click();
    expect(await page.getByTestId('login-badge').inputValue()).toBe('100001');
    expect(await page.getByTestId('login-pin').inputValue()).toBe('');
    await page.getByTestId('login-pin').click();
    for (const digit of '1111') await page.getByTestId(`key-${digit}`).click();
    expect(await page.getByTestId('login-pin').inputValue()).toBe('1111');
    expect(await page.getByTestId('login-badge').inputValue()).toBe('100001');
    await shot('login-keypad-badge-and-pin');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('logout').textContent()).toContain('Olivia Operator');
  });

  it('the step strip wraps: every step of the demo recipe is on screen, none cut off at the right', async () => {
    await page.getByTestId('order-ORD-0001').click();
    await expect.poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('1');
    const strip = page.getByTestId('step-list');
    const stripBox = await box(strip);
    const items = strip.locator('li');
    expect(await items.count()).toBe(11);
    for (let i = 0; i < 11; i++) {
      const item = await box(items.nth(i));
      expect(item.x + item.width, `step ${i + 1}`).toBeLessThanOrEqual(stripBox.x + stripBox.width + 0.5);
      expect(item.x + item.width, `step ${i + 1}`).toBeLessThanOrEqual(1280);
    }
    expect(await strip.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await shot('step-strip-wrapped');
    await page.getByRole('button', { name: '← Orders' }).click();
  });

  it('free weighing: 62.50000 shows whole, "g" clear of "synced", and Accept stays put after a save', async () => {
    await page.getByTestId('nav-weigh').click();
    const weight = page.getByTestId('live-weight');
    await expect.poll(() => weight.textContent(), { timeout: 15_000 }).toBe('62.50000');
    await expect.poll(() => page.getByTestId('stability').textContent()).toContain('STABLE');
    // Every digit inside the reading's area: the leading "6" was cut off on the left.
    const reading = await box(page.locator('.weigh .reading'));
    const digits = await box(weight);
    expect(digits.x).toBeGreaterThanOrEqual(reading.x);
    expect(digits.x + digits.width).toBeLessThanOrEqual(reading.x + reading.width + 0.5);
    expect(await box(page.locator('.weigh .reading .unit'))).toSatisfy((unit: Box) => unit.x + unit.width <= reading.x + reading.width + 0.5);
    // Still big for a glance from a metre away.
    expect(await weight.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))).toBeGreaterThanOrEqual(90);
    await shot('free-weighing-62.5-before-accept');

    const accept = page.getByTestId('accept');
    const before = await box(accept);
    await accept.click();
    await expect.poll(() => page.getByTestId('accept-notice').textContent()).toContain('62.50000 g');
    const first = page.getByTestId('accepted-list').locator('li').first();
    await expect.poll(() => first.textContent()).toContain('62.50000 g');
    expect(await box(accept)).toEqual(before);
    // The text of "62.50000 g" (not its box, which may be cut) against the sync state beside it.
    const valueText = await first.locator('.value').evaluate((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      return { x: r.x, y: r.y, width: r.width, height: r.height };
    });
    expect(overlaps(valueText, await box(first.locator('.synced')))).toBe(false);
    expect(overlaps(valueText, await box(first.locator('.time')))).toBe(false);
    expect(valueText.x + valueText.width).toBeLessThanOrEqual((await box(first)).x + (await box(first)).width);
    await shot('free-weighing-62.5-after-accept');
  });

  it('when the kiosk core goes away the screen says so at once: no live weight, no "connected", no "Online"', async () => {
    await expect.poll(() => page.getByTestId('live-weight').textContent()).toBe('62.50000');
    expect(await page.getByTestId('device-status').textContent()).toContain('connected');
    const { port, token } = server;
    await server.close();
    await expect.poll(() => page.getByTestId('core-lost').count(), { timeout: 5_000 }).toBe(1);
    expect(await page.getByTestId('live-weight').textContent()).toBe('—');
    expect(await page.getByTestId('device-status').getAttribute('data-connection')).toBe('unknown');
    expect(await page.getByTestId('device-status').textContent()).not.toContain('connected');
    expect(await page.getByTestId('sync-status').textContent()).not.toMatch(/Online|Offline/);
    expect(await page.getByTestId('sync-status').getAttribute('data-online')).toBe('unknown');
    expect(await page.getByTestId('accept').isDisabled()).toBe(true);
    await shot('core-lost');

    // Back on the same address: the page reconnects by itself and shows the live weight again.
    server = await startBrowserServer({ core, port, token, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
    cleanups.push(() => server.close());
    await expect.poll(() => page.getByTestId('core-lost').count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => page.getByTestId('live-weight').textContent(), { timeout: 10_000 }).toBe('62.50000');
  });

  it('a reason field is usable by touch: tapping it opens the on-screen keyboard, which types into it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    try {
      const touch = await context.newPage();
      await touch.goto(server.url);
      await touch.getByTestId('nav-execution').tap();
      await touch.getByTestId('order-ORD-0001').tap();
      await touch.getByTestId('order-pause').tap();
      await touch.getByTestId('pause-reason-other').tap();
      await touch.getByTestId('pause-other').tap();
      await touch.getByTestId('touch-keyboard').waitFor({ timeout: 5_000 });
      for (const key of ['F', 'I', 'R', 'E', 'X']) await touch.getByTestId(`kb-${key}`).tap();
      await touch.getByTestId('kb-back').tap();
      await touch.getByTestId('kb-space').tap();
      await touch.getByTestId('kb-1').tap();
      expect(await touch.getByTestId('pause-other').inputValue()).toBe('FIRE 1');
      await touch.screenshot({ path: path.join(shots, 'touch-keyboard-pause-reason.png') });
    } finally {
      await context.close();
    }
  });
});
