// The station screens of issue 8 §1/§2 at a 1280×800 kiosk: a lockout told whole (who, since when on the
// screen's clock, what to do) and unlocked by QA with a reason; order completion with open deviations; a lot id
// typed by hand where the material allows it. Real core + SQLite, BAL-01 simulated on a pty, real Chromium.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import type { MasterData } from '@lineside/domain';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { repoRoot } from '../support/processes.js';
import { requireTool } from '../support/tools.js';
import { requireBuiltKiosk } from '../kiosk/support/built.js';
import { enrolledDataDir, keypadLogin, logoutOf, offlinePlant, openKioskBrowser, recordsOfType, serveKiosk, type Cleanups } from '../kiosk/support/station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const shots = process.env.LINESIDE_SHOTS ?? path.join(repoRoot, 'tests/artifacts/station-ui');
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'quinn.qa': '3333', 'sam.supervisor': '5555' };
// The screen's clock is not the core's: the lockout time must be shown on the screen's (UTC+05:30, no DST).
const SCREEN_ZONE = 'Asia/Kolkata';
const onScreenClock = (iso: string) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: SCREEN_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
};

/** The demo plant plus short orders for this test: one instruction step to complete, and dispenses of IOY (typed lot ids allowed) and PVP (not). */
function plantForScreens(master: MasterData): MasterData {
  const recipe = (id: string, name: string, steps: MasterData['recipes'][number]['steps'], extra: Partial<MasterData['recipes'][number]> = {}) => ({
    id,
    version: 1,
    status: 'approved' as const,
    name,
    product: name,
    batchSize: '1',
    batchUnit: 'batch',
    approvedBy: 'quinn.qa',
    steps,
    ...extra,
  });
  const clearance = [{ kind: 'instruction' as const, id: '1', title: 'Line clearance', predecessors: [], text: 'Check the booth is clean.', signOff: { meaning: 'performed' as const, signatures: 1 as const, signer: { kind: 'performer' as const } } }];
  const dispense = (materialId: string, quantity: string, balanceId: string) => [
    { kind: 'dispense' as const, id: '1', title: `Dispense ${materialId}`, predecessors: [], materialId, quantity, unit: 'g' as const, tolerance: { kind: 'percent' as const, minus: '1', plus: '1' }, method: 'direct' as const, maxContainers: 1, maxLots: 1, balanceIds: [balanceId] },
  ];
  const order = (id: string, recipeId: string) => ({ id, recipeId, recipeVersion: 1, stationId: 'DISP-1', batchNumber: `B-${id}` });
  return {
    ...master,
    materials: master.materials.map((m) => (m.id === 'IOY' ? { ...m, manualLotEntry: true } : m)),
    recipes: [
      ...master.recipes,
      recipe('CLEAR-STRICT', 'Booth clearance', clearance),
      recipe('CLEAR-LENIENT', 'Booth clearance (low deviations may stay open)', clearance, { completeWithOpenDeviations: ['info', 'low'] }),
      recipe('IOY-ONLY', 'Iron oxide premix', dispense('IOY', '12.50', 'BAL-01')),
      recipe('PVP-ONLY', 'Binder premix', dispense('PVP', '150.00', 'BAL-01')),
    ],
    orders: [...master.orders, order('ORD-S1', 'CLEAR-STRICT'), order('ORD-S2', 'CLEAR-LENIENT'), order('ORD-M1', 'IOY-ONLY'), order('ORD-M2', 'PVP-ONLY')],
  } as MasterData;
}

describe.skipIf(skip !== undefined)(`station screens at 1280×800: lockout and unlock, completion, typed lot id${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Cleanups = [];
  let core: KioskCore;
  let page: Page;
  const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`) });
  const message = () => page.getByTestId('execution-message').textContent();
  const records = (type: string) => recordsOfType(core, type);
  const typeLogin = async (user: string, pin: string) => {
    await page.getByTestId('login-badge').fill(user);
    await page.getByTestId('login-pin').click(); // the keypad types into the field last touched
    await page.getByTestId('key-clear').click();
    for (const digit of pin) await page.getByTestId(`key-${digit}`).click();
    await page.getByTestId('login-submit').click();
  };
  const login = (user: string) => keypadLogin(page, user, PINS[user]!);
  const logout = () => logoutOf(page);
  /** The whole of an element is inside the 1280×800 viewport and the page does not scroll. */
  const wholeOnScreen = async (testId: string) => {
    const b = (await page.getByTestId(testId).boundingBox())!;
    expect(b.y).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height, `${testId} ends at ${b.y + b.height}`).toBeLessThanOrEqual(800);
    expect(b.x + b.width).toBeLessThanOrEqual(1280);
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
  };

  beforeAll(async () => {
    requireBuiltKiosk();
    mkdirSync(shots, { recursive: true });
    const sim = await MtSicsSimulator.start({ load: '0.00000', unit: 'g', capacity: '220.00000', decimals: 5, model: 'BAL-01' });
    cleanups.push(() => sim.close());
    const plant = await offlinePlant(PINS, plantForScreens);
    const started = await startKioskCore({ ...plant.options, dataDir: enrolledDataDir(cleanups, 'station-screens'), balance: { driver: 'mt-sics', path: sim.path, balanceId: 'BAL-01' } });
    if (!started.ok) throw new Error(started.message);
    core = started.core;
    cleanups.push(() => core.close());
    const server = await serveKiosk(cleanups, core);
    ({ page } = await openKioskBrowser(cleanups, { timezoneId: SCREEN_ZONE }));
    await page.goto(server.url);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('three wrong PINs lock Olivia out; the login says who, since when (screen clock) and what to do, whole at 1280×800', async () => {
    await page.getByTestId('nav-execution').click();
    for (let attempt = 1; attempt <= 3; attempt++) {
      await typeLogin('olivia.operator', '9999');
      await expect.poll(message).toBe('Badge or user id and PIN do not match an active user — try again');
    }
    expect(await page.getByTestId('lockout').count()).toBe(0);
    // Only whoever knows the PIN learns who is locked out.
    await typeLogin('olivia.operator', '1111');
    await expect.poll(() => page.getByTestId('lockout-who').textContent()).toBe('Olivia Operator is locked out');
    const [lockout] = core.execution.listLockouts();
    expect(lockout).toMatchObject({ userId: 'olivia.operator' });
    expect(await page.getByTestId('lockout-since').textContent()).toBe(`since ${onScreenClock(lockout!.since)}, after repeated wrong PINs.`);
    expect(await page.getByTestId('lockout-remedy').textContent()).toBe('Ask QA or an administrator to unlock you at this kiosk (Unlock user).');
    await wholeOnScreen('lockout');
    await wholeOnScreen('unlock-open');
    expect((await page.getByTestId('unlock-open').boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await shot('login-locked-out');
  });

  it('Olivia cannot unlock herself; Quinn (QA) unlocks her with id, PIN on the keypad and a reason; she logs in', async () => {
    await page.getByTestId('unlock-open').click();
    // The only locked-out user is chosen, with the time on the screen's clock.
    const since = core.execution.listLockouts()[0]!.since;
    expect(await page.getByTestId('unlock-user-olivia.operator').textContent()).toBe(`Olivia Operatorsince ${onScreenClock(since)}`);
    expect(await page.getByTestId('unlock-user-olivia.operator').getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('unlock-by').fill('olivia.operator');
    await page.getByTestId('unlock-pin').click();
    for (const digit of '1111') await page.getByTestId(`unlock-key-${digit}`).click();
    await page.getByTestId('unlock-reason').fill('I remember it now');
    await page.getByTestId('unlock-submit').click();
    await expect.poll(() => page.getByTestId('unlock-error').textContent()).toBe(`Olivia Operator is locked out since ${onScreenClock(since)} after repeated wrong PINs — ask QA or an administrator to unlock you at this kiosk (Unlock user)`);
    expect(core.execution.listLockouts()).toHaveLength(1);
    await wholeOnScreen('unlock-error');
    await shot('unlock-self-refused');

    await page.getByTestId('unlock-by').fill('quinn.qa');
    await page.getByTestId('unlock-pin').click();
    for (const digit of '3333') await page.getByTestId(`unlock-key-${digit}`).click();
    expect(await page.getByTestId('unlock-pin').inputValue()).toBe('3333');
    await page.getByTestId('unlock-reason').fill('PIN mistyped with gloves; identity checked by badge');
    await wholeOnScreen('unlock-submit');
    await shot('unlock-by-qa');
    await page.getByTestId('unlock-submit').click();
    await expect.poll(message).toBe('Olivia Operator is unlocked and may log in again');
    expect(core.execution.listLockouts()).toEqual([]);
    const [unlocked] = records('signer.signer-unlocked');
    expect(unlocked!.payload).toMatchObject({ userId: 'olivia.operator', by: 'quinn.qa', reason: 'PIN mistyped with gloves; identity checked by badge', signature: { signerId: 'quinn.qa' } });
    await login('olivia.operator');
    await logout();
  });

  /** Runs the one-step clearance order to "All steps are done", with a deviation of `severity` open on it. */
  const clearanceWithDeviation = async (orderId: string, severity: 'medium' | 'low', title: string) => {
    await page.getByTestId(`order-${orderId}`).click();
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-acknowledge').click();
    const opened = await core.execution.openDeviation({ severity, title, description: `${title} (reported during ${orderId})`, orderId });
    if (!opened.ok) throw new Error(opened.message);
    await page.getByTestId('step-sign').click();
    await page.getByTestId('sign-pin').fill(PINS['olivia.operator']!);
    await page.getByTestId('sign-submit').click();
    await expect.poll(() => page.getByTestId('current-step').textContent()).toBe('All steps are done.');
    return opened.deviationId;
  };

  it('Complete order with a medium deviation open is refused, and the completion panel lists it with its signatures', async () => {
    await login('olivia.operator');
    const id = await clearanceWithDeviation('ORD-S1', 'medium', 'Label smudged');
    await page.getByTestId('order-complete').click();
    await expect.poll(() => page.getByTestId('completion-refused').textContent()).toBe('Order ORD-S1 cannot complete: 1 deviation(s) still open (medium) — QA must close them first');
    expect(await page.getByTestId(`completion-deviation-${id}`).textContent()).toBe(`MEDIUMLabel smudged0 of 2${id}`);
    expect(await page.getByTestId('completion-deviations').locator('th').allTextContents()).toEqual(['Severity', 'Deviation', 'Signatures', 'Id']);
    expect(records('order.order-completed')).toHaveLength(0);
    expect(await page.getByTestId('order-complete').isVisible()).toBe(true);
    await wholeOnScreen('completion-deviations');
    await shot('order-completion-refused');
    await page.getByRole('button', { name: '← Orders' }).click();
  });

  it('where the recipe lets low deviations stay open, the order completes and lists them as exceptions', async () => {
    const id = await clearanceWithDeviation('ORD-S2', 'low', 'Glove change late');
    await page.getByTestId('order-complete').click();
    await expect.poll(() => page.getByTestId('current-step').textContent()).toBe('This order is complete.');
    expect(await message()).toBe('Order completed');
    expect(await page.getByTestId(`completion-deviation-${id}`).textContent()).toBe(`LOWGlove change late0 of 1${id}`);
    expect(await page.getByTestId('completion-refused').count()).toBe(0);
    expect(records('order.order-completed').at(-1)!.payload).toMatchObject({ exceptions: [{ kind: 'open-deviation', deviationId: id, severity: 'low' }] });
    await shot('order-completed-with-exceptions');
    await page.getByRole('button', { name: '← Orders' }).click();
  });

  it('a lot id typed by hand where the material allows it: "Type lot id" sends it as manual; hidden for other materials', async () => {
    await page.getByTestId('order-ORD-M1').click();
    await page.getByTestId('step-start').click();
    await expect.poll(() => page.getByTestId('lot-type-open').isVisible()).toBe(true);
    expect((await page.getByTestId('lot-type-open').boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('lot-type-open').click();
    // A lot that does not exist is refused in words, and nothing is recorded.
    await page.getByTestId('lot-manual-input').fill('IOY-999');
    await page.getByTestId('lot-manual-submit').click();
    await expect.poll(message).toMatch(/IOY-999/);
    expect(await page.getByTestId('scanned-lots').textContent()).toBe('none scanned');
    await page.getByTestId('lot-manual-input').fill('IOY-009');
    await shot('lot-typed-by-hand');
    expect((await page.getByTestId('lot-manual-submit').boundingBox())!.height).toBeGreaterThanOrEqual(48);
    await page.getByTestId('lot-manual-submit').click();
    await expect.poll(() => page.getByTestId('scanned-lots').textContent()).toBe('IOY-009');
    expect(await message()).toBe('Lot IOY-009 accepted (typed by hand)');
    expect(records('order.lot-scanned').at(-1)!.payload).toMatchObject({ lotId: 'IOY-009', entry: 'manual' });
    await page.getByRole('button', { name: '← Orders' }).click();

    // Povidone has GS1 labels only: no way to type its lot id.
    await page.getByTestId('order-ORD-M2').click();
    await page.getByTestId('step-start').click();
    await expect.poll(() => page.getByTestId('scan-input').isVisible()).toBe(true);
    expect(await page.getByTestId('lot-type-open').count()).toBe(0);
    expect(await page.getByTestId('lot-manual-input').count()).toBe(0);
    await page.getByRole('button', { name: '← Orders' }).click();
  });
});
