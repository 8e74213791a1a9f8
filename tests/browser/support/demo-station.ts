// The demo plant driven in Chromium as an operator drives it: shared by the demo recipe's test and the
// README walkthrough's (issue 5 browser tests, issue 8 "Done when"). One plant of demo/plant.js (server,
// kiosk, BAL-01 simulator; BAL-02, BAL-04, PH-01, SCN-01 on ptys), a WebSocket client on its kiosk and a page.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { api, startDemoPlant } from '../../../demo/plant.js';
import { KioskClient } from '../../support/kiosk-client.js';
import { removeTempDirs, tempDir } from '../../support/processes.js';
import { CHROMIUM_ARGS, chromiumPath } from '../../support/tools.js';

export const ORDER = 'ORD-0001';
import { GTIN, gs1Label as label } from '../../support/demo-labels.js';
export { GTIN, label };

export type Plant = Awaited<ReturnType<typeof startDemoPlant>>;
type Instruments = NonNullable<Plant['instruments']>;

/**
 * expect.poll with room for a loaded machine: a PIN check (scrypt) and a repaint can take over a second while
 * another browser test runs on the same two cores. What is polled for is still exact; only the wait is longer.
 */
export const poll = <T>(fn: () => T | Promise<T>, options: { timeout?: number; interval?: number } = {}) => expect.poll(fn, { timeout: 15_000, ...options });

/** Where the screenshots go; numbered: each file name starts with its order (01-, 02-, …), as a walkthrough reads. */
export interface StationOptions {
  readonly artifacts: string;
  readonly numbered?: boolean;
}

/** One demo plant, a WebSocket client on its kiosk (for the morning checks and the pH read) and a page. */
export function station(name: string, options: StationOptions) {
  const artifacts = options.artifacts;
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const ctx = {} as { dataDir: string; plant: Plant; instruments: Instruments; kiosk: KioskClient; page: Page; browser: Browser };
  let shots = 0;
  /** A screenshot of the kiosk page (or of `page`, e.g. the server's records page). */
  const shot = (file: string, page: Page = ctx.page) => {
    const prefix = options.numbered ? `${String(++shots).padStart(2, '0')}-` : `${name}-`;
    return page.screenshot({ path: path.join(artifacts, `${prefix}${file}.png`) });
  };
  const message = () => ctx.page.getByTestId('execution-message').textContent();
  const currentStep = () => ctx.page.getByTestId('current-step').getAttribute('data-step');

  async function start() {
    mkdirSync(artifacts, { recursive: true });
    cleanups.push(() => removeTempDirs());
    ctx.dataDir = tempDir(`demo-${name}`);
    ctx.plant = await startDemoPlant({ dataDir: ctx.dataDir });
    cleanups.push(() => ctx.plant.stop());
    if (!ctx.plant.instruments) throw new Error('the demo plant started without its instruments');
    ctx.instruments = ctx.plant.instruments;
    ctx.kiosk = await KioskClient.connect(ctx.plant.kioskUrl);
    cleanups.push(() => ctx.kiosk.close());
    ctx.browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    cleanups.push(() => ctx.browser.close());
    ctx.page = await ctx.browser.newPage({ viewport: { width: 1280, height: 800 } });
  }

  async function stop() {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }

  async function ok<T extends { ok: boolean }>(result: Promise<T>, what: string): Promise<T> {
    const value = await result;
    if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
    return value;
  }

  async function waitForOrder() {
    // The kiosk pulls the plant's master data once approved: the order appears on its queue.
    await poll(async () => {
      const orders = await ctx.kiosk.call('listOrders', {});
      return orders.ok ? orders.orders.map((o) => o.orderId) : orders.message;
    }, { timeout: 30_000, interval: 250 }).toContain(ORDER);
  }

  /** Logs a user in on the page's login (badge or user id, PIN typed into the field). */
  async function pageLogin(user: string, badgeOrId = user) {
    await ctx.page.getByTestId('login-badge').fill(badgeOrId);
    await ctx.page.getByTestId('login-pin').fill(pin(user));
    await ctx.page.getByTestId('login-submit').click();
    await poll(() => ctx.page.getByTestId('logout').isVisible(), { timeout: 10_000 }).toBe(true);
  }

  /**
   * BAL-02's sensitivity test on the Daily checks screen, as maintenance does it: choose the balance, read the
   * plan, put TW-5KF1 on the pan and tap Capture reading; the core takes BAL-02's own stable reading.
   * Expects max.maintenance logged in on the page.
   */
  async function sensitivityOnScreen(screens: boolean) {
    const page = ctx.page;
    await page.getByTestId('nav-checks').click();
    await page.getByTestId('sensitivity-balance-BAL-02').click();
    await poll(() => page.getByTestId('sensitivity-balance-BAL-02').textContent()).toBe('BAL-02test due');
    // The plan before the reading, as the README has it: BAL-02, TW-5KF1, 4995.00 to 5005.00 g.
    expect(await page.getByTestId('sensitivity-plan').textContent()).toMatch(/^Put TW-5KF1 \(.*\) on the pan\. Passes from 4995\.00 to 5005\.00 g/);
    // Connected: no typed reading, no self-declared "Stable".
    expect(await page.getByTestId('sensitivity-reading').count()).toBe(0);
    expect(await page.getByTestId('sensitivity-stable').count()).toBe(0);
    await page.getByTestId('sensitivity-weight').fill('TW-5KF1');
    await ctx.plant.setLoad('BAL-02', '5000.01');
    await poll(() => page.getByTestId('sensitivity-live').textContent(), { timeout: 10_000 }).toMatch(/^BAL-02 reads 5000\.01 g ● STABLE/);
    if (screens) await shot('daily-checks-bal-02-test-weight-on');
    await page.getByTestId('sensitivity-capture').click();
    await poll(() => page.getByTestId('sensitivity-result').textContent(), { timeout: 10_000 }).toMatch(/^PASSED/);
    await poll(() => page.getByTestId('sensitivity-balance-BAL-02').textContent()).toBe('BAL-02ready');
    if (screens) await shot('daily-checks-bal-02-passed');
    await ctx.plant.setLoad('BAL-02', '0.00');
  }

  /**
   * Maintenance's morning checks: BAL-02 on the Daily checks screen; BAL-01, BAL-04 and PH-01 through the
   * kiosk's API (their screens are the same form; the walking skeleton captures BAL-01 on it).
   */
  async function morningChecks(screens = false) {
    await waitForOrder();
    await ctx.page.goto(ctx.plant.kioskUrl);
    await ctx.page.getByTestId('nav-checks').click();
    await pageLogin('max.maintenance');
    await sensitivityOnScreen(screens);
    // The kiosk has one session: max, logged in on the page, runs the other checks through the API too.
    // Connected balances are read, never typed: the test weight goes on the pan and the kiosk captures it.
    for (const [equipmentId, testWeightId, load, empty] of [['BAL-01', 'TW-200E2', '200.00010', '0.00000'], ['BAL-04', 'TW-20KM1', '20.000', '0.000']] as const) {
      await ctx.plant.setLoad(equipmentId, load);
      await ok(ctx.kiosk.call('captureSensitivityTest', { equipmentId, testWeightId }), equipmentId);
      await ctx.plant.setLoad(equipmentId, empty);
    }
    const buffers = [{ ph: '4.01', mv: '176.9', temperatureC: '25.0' }, { ph: '7.00', mv: '0.0', temperatureC: '25.0' }, { ph: '10.01', mv: '-178.0', temperatureC: '25.0' }];
    await ok(ctx.kiosk.call('recordPhCalibration', { equipmentId: 'PH-01', buffers }), 'PH-01');
    await ctx.page.getByTestId('logout').click();
    await poll(() => ctx.page.getByTestId('logout').count()).toBe(0);
  }

  async function loginOlivia() {
    const olivia = ctx.plant.credentials['olivia.operator'];
    await ctx.page.getByTestId('nav-execution').click();
    await ctx.page.getByTestId('login-badge').fill(olivia?.badge ?? '100001');
    await ctx.page.getByTestId('login-pin').fill(olivia?.pin ?? '');
    await ctx.page.getByTestId('login-submit').click();
    await ctx.page.getByTestId(`order-${ORDER}`).click();
  }

  /** The label goes through the serial scanner's pty; the lot shows on the step as the core accepted it. */
  async function scan(text: string, lot: string) {
    // A scan goes to the step under way: wait until the core has it started.
    await poll(() => ctx.page.getByTestId('current-step').getAttribute('data-phase')).not.toBe('not-started');
    await ctx.instruments.scan(text);
    await poll(() => ctx.plant.kiosk.lines.filter((l) => l.startsWith('Scanner SCN-01:')).at(-1), { timeout: 10_000 }).toMatch(/^Scanner SCN-01: lot scanned for order ORD-0001, step \d+$/);
    ctx.plant.kiosk.lines.splice(0, ctx.plant.kiosk.lines.length, ...ctx.plant.kiosk.lines.filter((l) => !l.startsWith('Scanner SCN-01:')));
    // The screen follows the record the scan appended: no reload, no wait for a timer.
    await poll(() => ctx.page.getByTestId('scanned-lots').textContent(), { timeout: 5_000 }).toContain(lot);
  }

  /** A label the core refuses: the operator reads why on the screen, under the step. */
  async function scanRefused(text: string, why: RegExp) {
    await poll(() => ctx.page.getByTestId('current-step').getAttribute('data-phase')).not.toBe('not-started');
    await ctx.instruments.scan(text);
    await poll(message, { timeout: 10_000 }).toMatch(why);
  }

  async function weighContainer(balance: 'BAL-01' | 'BAL-02' | 'BAL-04', stepId: string, emptyLoad: string, fullLoad: string, shownNet: string) {
    // setLoad resolves once the simulator holds the load, so the balance's tare that follows takes it.
    await ctx.plant.setLoad(balance, emptyLoad);
    await ctx.page.getByTestId('step-tare').click();
    await poll(message, { timeout: 10_000 }).toBe('Tare taken');
    await ctx.plant.setLoad(balance, fullLoad);
    await poll(() => ctx.page.getByTestId('step-live-weight').textContent(), { timeout: 10_000 }).toBe(shownNet);
    await ctx.page.getByTestId('weigh-accept').click();
    await poll(message, { timeout: 10_000 }).toBe('Weighing recorded');
    expect(await currentStep()).toBe(stepId);
  }

  async function completeDispense(next: string) {
    await poll(() => ctx.page.getByTestId('tolerance-state').textContent()).toBe('IN TOLERANCE');
    await ctx.page.getByTestId('dispense-complete').click();
    await poll(currentStep).toBe(next);
  }

  /** The e-signature dialog: user id, PIN, Sign; returns the words on the dialog if it was refused. */
  async function sign(userId: string, pin: string) {
    const page = ctx.page;
    await page.getByTestId('step-sign').click();
    await page.getByTestId('sign-user').fill(userId);
    await page.getByTestId('sign-pin').fill(pin);
    await page.getByTestId('sign-submit').click();
  }

  async function loginAs(user: string, badgeOrId: string) {
    const page = ctx.page;
    if (await page.getByTestId('logout').isVisible()) await page.getByTestId('logout').click();
    await page.getByTestId('login-badge').fill(badgeOrId);
    await page.getByTestId('login-pin').fill(ctx.plant.credentials[user]?.pin ?? '');
    await page.getByTestId('login-submit').click();
    await page.getByTestId(`order-${ORDER}`).click();
  }

  const pin = (user: string) => ctx.plant.credentials[user]?.pin ?? '';

  /** Olivia, on the open order, through step 1 (line clearance, signed "performed") and step 2 (equipment confirmed). */
  async function throughStep2() {
    const page = ctx.page;
    await page.getByTestId('step-start').click();
    await poll(() => page.getByTestId('step-acknowledge').isEnabled()).toBe(true);
    await page.getByTestId('step-acknowledge').click();
    await sign('olivia.operator', pin('olivia.operator'));
    await poll(currentStep).toBe('2');
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-confirm-equipment').click();
    await poll(currentStep).toBe('3');
  }

  /** All eleven steps of the demo recipe in the UI, each trap refused on the way with its message. */
  async function runRecipe(screens: boolean) {
    const page = ctx.page;
    await page.getByTestId('step-start').click();
    await poll(() => page.getByTestId('step-acknowledge').isEnabled()).toBe(true);
    if (screens) await shot('step-1-line-clearance');
    await page.getByTestId('step-acknowledge').click();
    await sign('olivia.operator', pin('olivia.operator'));
    await poll(currentStep).toBe('2');
    if (screens) {
      // Pause order, with a reason, stops all recording on it until Resume order.
      await page.getByTestId('order-pause').click();
      await page.getByTestId('pause-reason-waiting-for-material').click();
      await shot('pause-order-dialog');
      await page.getByTestId('pause-submit').click();
      await poll(() => page.getByTestId('order-paused').textContent()).toContain('Paused: Waiting for material. Nothing can be recorded on this order until it is resumed.');
      await shot('order-paused');
      await page.getByTestId('order-resume').click();
      await poll(() => page.getByTestId('order-paused').count()).toBe(0);
    }
    await page.getByTestId('step-start').click();
    await page.getByTestId('step-confirm-equipment').click();
    await poll(currentStep).toBe('3');

    // Step 3: BAL-03 is out of calibration; PCM-2399 is expired; PCM-2402 breaks first-expiry-first-out.
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-03').click();
    await poll(message).toMatch(/^Balance BAL-03 calibration expired on \d{4}-\d{2}-\d{2} — weighing blocked$/);
    if (screens) await shot('step-3-bal-03-refused');
    await scanRefused(label(GTIN.PCM, '261031', 'PCM-2399'), /PCM-2399.*expired/i);
    if (screens) await shot('step-3-pcm-2399-expired');
    await scanRefused(label(GTIN.PCM, '270930', 'PCM-2402'), /PCM-2402/);
    // A hardware scan refused by FEFO offers the override for that very scan, as a typed one does.
    await poll(() => page.getByTestId('fefo-override').isVisible()).toBe(true);
    if (screens) await shot('step-3-fefo-refused-hardware-scan');
    await scanRefused(label(GTIN.MCC, '280131', 'MCC-118'), /MCC-118/);
    if (screens) await shot('step-3-mcc-118-wrong-material');
    await page.getByTestId('balance-BAL-04').click();
    await scan(label(GTIN.PCM, '270331', 'PCM-2401'), 'PCM-2401');
    await weighContainer('BAL-04', '3', '1.500', '26.700', '25.200');
    // The same load, still on the pan, no new tare: Accept again is refused by the container rule (issue 8 §1).
    await page.getByTestId('weigh-accept').click();
    await poll(message, { timeout: 10_000 }).toMatch(/^The same stable reading \(net 25\.2\) on BAL-04 twice in a row: take the load off until the balance returns to zero, or tare the new container, before accepting another container$/);
    expect(await page.getByTestId('step-dispensed').textContent()).toMatch(/ in 1 container\(s\)/);
    if (screens) await shot('step-3-second-accept-refused');
    // One container of two: Complete is refused out of tolerance.
    await page.getByTestId('dispense-complete').click();
    await poll(message, { timeout: 10_000 }).toMatch(/tolerance/i);
    if (screens) await shot('step-3-complete-refused-under');
    await weighContainer('BAL-04', '3', '1.500', '26.703', '25.203');
    if (screens) await shot('step-3-bal-04-in-tolerance');
    await completeDispense('4');

    // Step 4 on the precision balance BAL-02 (6.897 kg is under BAL-04's 16 kg minimum weight); the
    // quarantined MCC-119 is refused. The second container goes on while the balance still holds the
    // first one's tare, so the recorded tare is 300.00 + the 10.00 shown.
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scanRefused(label(GTIN.MCC, '280630', 'MCC-119'), /MCC-119.*quarantine/i);
    if (screens) await shot('step-4-mcc-119-quarantined');
    await scan(label(GTIN.MCC, '280131', 'MCC-118'), 'MCC-118');
    await weighContainer('BAL-02', '4', '300.00', '3800.00', '3.50000'); // shown in the step's unit (kg) at BAL-02's 0.01 g
    await weighContainer('BAL-02', '4', '310.00', '3707.00', '3.39700');
    if (screens) await shot('step-4-bal-02-weighed');
    await completeDispense('5');

    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scan(label(GTIN.PVP, '270630', 'PVP-077'), 'PVP-077');
    await weighContainer('BAL-02', '5', '300.00', '1800.00', '1.50000');
    await completeDispense('6');

    // Step 6: CCS-031 is on hold (QA investigation); CCS-032 is used.
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scanRefused(label(GTIN.CCS, '270831', 'CCS-031'), /CCS-031.*hold/i);
    if (screens) await shot('step-6-lot-on-hold-refused');
    await scan(label(GTIN.CCS, '271231', 'CCS-032'), 'CCS-032');
    await weighContainer('BAL-02', '6', '300.00', '1500.00', '1.20000');
    await completeDispense('7');

    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-02').click();
    await scan(label(GTIN.MGS, '270531', 'MGS-210'), 'MGS-210');
    await weighContainer('BAL-02', '7', '300.00', '600.00', '0.30000');
    await completeDispense('8');

    // Step 8: 12.50 g of iron oxide on the analytical balance BAL-01, read at 0.00001 g.
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-01').click();
    await scan(label(GTIN.IOY, '290131', 'IOY-009'), 'IOY-009');
    await weighContainer('BAL-01', '8', '50.00000', '62.50000', '12.50000');
    if (screens) await shot('step-8-bal-01-weighed');
    await completeDispense('9');

    // Step 9: the operator taps Read PH-01 and the core takes the meter's stable endpoint.
    await page.getByTestId('step-start').click();
    await poll(() => page.getByTestId('ph-read-meter').isEnabled()).toBe(true);
    if (screens) await shot('step-9-ph');
    await page.getByTestId('ph-read-meter').click();
    // The recorded reading stays on screen (issue 8 §1) until the operator moves on.
    await poll(() => page.getByTestId('ph-verdict').textContent(), { timeout: 10_000 }).toBe('✓ PASS');
    expect(await page.getByTestId('ph-result-value').textContent()).toBe('6.20');
    if (screens) await shot('step-9-ph-recorded');
    await page.getByTestId('ph-next').click();
    await poll(currentStep, { timeout: 10_000 }).toBe('10');

    // Step 10: a second person verifies; Olivia, who did the work, is refused.
    await loginAs('oscar.operator', ctx.plant.credentials['oscar.operator']?.badge ?? '100002');
    await page.getByTestId('step-start').click();
    // The verifier sees what they verify: step 3's first container as BAL-04 recorded it.
    expect(await page.getByTestId('verify-list-container-3-1').locator('td').allTextContents()).toEqual(expect.arrayContaining(['PCM-2401', 'BAL-04', '26.700 kg', '1.500 kg', '25.200 kg']));
    await sign('olivia.operator', pin('olivia.operator'));
    await poll(() => page.getByTestId('sign-error').textContent()).toBe('Olivia Operator performed steps 3, 4, 5, 6, 7, 8 and cannot also sign step 10 (Verify dispensed containers (second person)) "verified"');
    if (screens) await shot('step-10-performer-refused');
    await page.getByTestId('sign-user').fill('oscar.operator');
    await page.getByTestId('sign-pin').fill(pin('oscar.operator'));
    await page.getByTestId('sign-submit').click();
    await poll(currentStep).toBe('11');

    // Step 11 and the order: the supervisor reviews and completes.
    await loginAs('sam.supervisor', 'sam.supervisor');
    await page.getByTestId('step-start').click();
    await sign('sam.supervisor', pin('sam.supervisor'));
    await poll(() => page.getByTestId('order-complete').isVisible(), { timeout: 10_000 }).toBe(true);

    // A medium deviation reported on the order: Complete is refused and lists it until two people close it.
    await page.getByRole('button', { name: '← Orders' }).click();
    await page.getByTestId('deviation-report').click();
    await page.getByTestId('deviation-severity-medium').click();
    await page.getByTestId(`deviation-order-${ORDER}`).click();
    await page.getByTestId('deviation-title').fill('Scoop dropped on the floor');
    await page.getByTestId('deviation-description').fill('A scoop fell during step 7; replaced from the clean store');
    if (screens) await shot('report-deviation');
    await page.getByTestId('deviation-submit').click();
    await poll(() => page.getByTestId('deviations-list').textContent()).toContain('MEDIUM Scoop dropped on the floor · ORD-0001 · signed 0 of 2');
    await page.getByTestId(`order-${ORDER}`).click();
    await page.getByTestId('order-complete').click();
    await poll(() => page.getByTestId('completion-refused').textContent(), { timeout: 10_000 }).toBe(`Order ${ORDER} cannot complete: 1 deviation(s) still open (medium) — QA must close them first`);
    const open = page.getByTestId('completion-deviations').locator('tbody tr');
    expect(await open.count()).toBe(1);
    const [severity, title, signatures, deviationId = ''] = await open.locator('td').allTextContents();
    expect([severity, title, signatures]).toEqual(['MEDIUM', 'Scoop dropped on the floor', '0 of 2']);
    expect(await open.getAttribute('data-testid')).toBe(`completion-deviation-${deviationId}`);
    if (screens) await shot('complete-refused-deviation-open');
    await page.getByRole('button', { name: '← Orders' }).click();
    for (const [signer, meaning] of [['quinn.qa', 'approved'], ['sam.supervisor', 'reviewed']] as const) {
      await page.getByTestId(`deviation-sign-${deviationId}`).click();
      await page.getByTestId(`devsign-meaning-${meaning}`).click();
      await page.getByTestId('devsign-user').fill(signer);
      await page.getByTestId('devsign-pin').fill(pin(signer));
      await page.getByTestId('devsign-submit').click();
      await poll(() => page.getByRole('dialog').count()).toBe(0);
    }
    await poll(() => page.getByTestId('deviations-list').textContent()).toBe('None open.');
    await page.getByTestId(`order-${ORDER}`).click();
    await page.getByTestId('order-complete').click();
    await poll(() => page.getByTestId('current-step').textContent()).toBe('This order is complete.');
    if (screens) await shot('order-complete');
  }

  return { ctx, start, stop, waitForOrder, morningChecks, throughStep2, sensitivityOnScreen, pageLogin, loginOlivia, loginAs, sign, scan, scanRefused, weighContainer, message, pin, runRecipe, shot, ok };
}

/** The server's copy of the kiosk's records, as a supervisor reads them. */
export async function serverRecords(plant: Plant): Promise<Array<{ seq: number; type: string; hash: string; signatureVerified: boolean; payload: Record<string, unknown> }>> {
  const sam = plant.credentials['sam.supervisor'];
  const session = await api(`${plant.serverUrl}/api/v1/sessions`, { body: { userId: 'sam.supervisor', password: sam?.password } });
  const all = [];
  for (let after = 0; ; ) {
    const { records } = await api(`${plant.serverUrl}/api/v1/records?kioskId=K-DISP-1&afterSeq=${after}&limit=500`, { token: session.token });
    if (records.length === 0) return all;
    all.push(...records);
    after = records.at(-1).seq;
  }
}

export type StoredRecord = Awaited<ReturnType<typeof serverRecords>>[number];

/** What the supervisor must find on the server after the recipe: every dispense, scan, weighing and signature. */
export function expectBatchRecord(stored: StoredRecord[]) {
  const completed = stored.filter((r) => r.type === 'order.dispense-completed').map((r) => [r.payload['stepId'], r.payload['dispensed'], r.payload['toleranceState']]);
  expect(completed).toEqual([
    ['3', '50.403', 'in'],
    ['4', '6.89700', 'in'],
    ['5', '1.50000', 'in'],
    ['6', '1.20000', 'in'],
    ['7', '0.30000', 'in'],
    ['8', '12.50000', 'in'],
  ]);
  const scans = stored.filter((r) => r.type === 'order.lot-scanned').map((r) => r.payload['lotId']);
  expect(scans).toEqual(['PCM-2401', 'MCC-118', 'PVP-077', 'CCS-032', 'MGS-210', 'IOY-009']);
  const weighings = stored
    .filter((r) => r.type === 'order.weighing-recorded')
    .map((r) => [r.payload['stepId'], r.payload['balanceId'], r.payload['gross'], r.payload['tare'], r.payload['net'], r.payload['tareSource']]);
  // MT-SICS answers T with the tare it holds; A&D and SBI cannot, so the kiosk's reading before taring is the tare.
  expect(weighings).toEqual([
    ['3', 'BAL-04', '26.700', '1.500', '25.200', 'reading-before-tare'],
    ['3', 'BAL-04', '26.703', '1.500', '25.203', 'reading-before-tare'],
    ['4', 'BAL-02', '3800.00', '300.00', '3500.00', 'reading-before-tare'],
    ['4', 'BAL-02', '3707.00', '310.00', '3397.00', 'reading-before-tare'],
    ['5', 'BAL-02', '1800.00', '300.00', '1500.00', 'reading-before-tare'],
    ['6', 'BAL-02', '1500.00', '300.00', '1200.00', 'reading-before-tare'],
    ['7', 'BAL-02', '600.00', '300.00', '300.00', 'reading-before-tare'],
    ['8', 'BAL-01', '62.50000', '50.00000', '12.50000', 'balance-memory'],
  ]);
  expect(stored.find((r) => r.type === 'order.ph-measured')?.payload).toMatchObject({ meterId: 'PH-01', ph: '6.20', mv: '47.3', temperatureC: '22.0', result: 'within-limits' });
  const signatures = stored
    .filter((r) => r.type === 'order.step-signed')
    .flatMap((r) => (r.payload['signatures'] as Array<{ signerId: string; meaning: string }>).map((g) => [r.payload['stepId'], g.signerId, g.meaning]));
  expect(signatures).toEqual([
    ['1', 'olivia.operator', 'performed'],
    ['10', 'oscar.operator', 'verified'],
    ['11', 'sam.supervisor', 'reviewed'],
  ]);
  // The order's last act is its completion; only the operating states it derives (idle) may follow it.
  const completedAt = stored.findIndex((r) => r.type === 'order.order-completed');
  expect(completedAt).toBeGreaterThan(0);
  expect(stored.slice(completedAt + 1).map((r) => r.type)).toEqual(stored.slice(completedAt + 1).map(() => 'equipment.equipment-state-changed'));
}

