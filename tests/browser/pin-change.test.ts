// Issue 11 at the kiosk screen, in Chromium: an admin resets Olivia's PIN; the DISP-1 kiosk (a real core in
// browser mode) pulls it. Signing in with the temporary PIN shows "Set your new PIN" with the gloved keypad
// instead of the work screens; two different new PINs are refused in words; the same PIN twice logs her in,
// and the server then holds her new PIN. Screenshots at 1280×800 in /work/shots/pin (or LINESIDE_SHOTS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkVerifier } from '@lineside/sync-protocol/node';
import { startBrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { syncReaches } from '../faults/support/sync-fixture.js';
import { requireTool } from '../support/tools.js';
import { centralWebApp, poll } from './support/web-app.js';

const skip = requireTool('chromium');
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(skip !== undefined)('the kiosk makes a reset PIN be replaced before any work (Chromium)', () => {
  const web = centralWebApp('pin');
  const { cleanups, shot } = web;
  let kiosk: KioskCore;

  beforeAll(async () => {
    kiosk = await web.enrolledKiosk();
  }, 120_000);

  it('the temporary PIN leads to "Set your new PIN"; a mismatch is refused; the new PIN logs in and reaches the server', async () => {
    const reset = await web.server.asAdmin('POST', '/api/v1/users/olivia.operator/reset-credentials', { reason: 'forgot her PIN' });
    expect(reset.status).toBe(200);
    const temporary = (reset.body['temporary'] as { pin: string }).pin;
    const { body } = await web.server.asAdmin('GET', '/api/v1/master-data/user');
    const version = Number(body['version']);
    kiosk.sync.refreshMasterData();
    await syncReaches(kiosk, (v) => (v.masterDataVersion ?? 0) >= version, `master data version ${version}`);

    const screen = await startBrowserServer({ core: kiosk, port: 0, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
    cleanups.add(() => screen.close());
    const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    cleanups.add(() => page.close());
    await page.goto(screen.url);
    await page.getByTestId('nav-execution').click();
    await page.getByTestId('login-badge').fill('100001');
    await page.getByTestId('login-pin').fill(temporary);
    await page.getByTestId('login-submit').click();
    await poll(() => page.getByRole('heading', { name: 'Set your new PIN' }).isVisible()).toBe(true);
    expect(await page.getByTestId('new-pin-why').textContent()).toBe('Olivia Operator, your PIN was set by an administrator. Choose your own PIN (6 to 12 digits) before you work; it replaces the temporary one at every kiosk.');
    expect(await page.getByTestId('logout').count()).toBe(0);

    // Typed on the keypad, as with gloves: the field last touched takes the digits.
    await page.getByTestId('new-pin').click();
    for (const key of '905172') await page.getByTestId(`key-${key}`).click();
    await page.getByTestId('new-pin-again').click();
    for (const key of '905173') await page.getByTestId(`key-${key}`).click();
    await shot(page, 'pin-set-your-new-pin');
    await page.getByTestId('new-pin-submit').click();
    await poll(() => page.getByTestId('execution-message').textContent()).toBe('The two new PINs differ — type the same new PIN twice');
    await shot(page, 'pin-mismatch-refused');

    await page.getByTestId('new-pin').fill('905172');
    await page.getByTestId('new-pin-again').fill('905172');
    await page.getByTestId('new-pin-submit').click();
    await poll(() => page.getByTestId('logout').isVisible()).toBe(true);
    await poll(() => page.getByTestId('execution-message').textContent()).toBe('New PIN set — logged in as Olivia Operator');
    await shot(page, 'pin-set-logged-in');

    const head = kiosk.log.head().seq;
    kiosk.sync.wake();
    await syncReaches(kiosk, (v) => v.ackedSeq >= head, `receipt up to seq ${head}`);
    const row = await web.server.app.db.selectFrom('users').select(['pin_verifier', 'pin_must_change']).where('user_id', '=', 'olivia.operator').executeTakeFirstOrThrow();
    expect(Number(row.pin_must_change)).toBe(0);
    expect(await checkVerifier('905172', row.pin_verifier)).toBe(true);
  }, 120_000);
});
