// Stations and kiosks in the central web app, in Chromium, with REAL kiosk cores (issue 11): the admin
// issues a code on the page, a kiosk core enrolls with the code read from the page, the admin compares the
// fingerprint with the one the kiosk's own screen shows and approves (Approve disabled until confirmed);
// a replacement kiosk (new data folder, new key) enrolls for the same station, the page shows old and new
// keys side by side, the approved replacement pushes; revocation with a reason shows the reason and who.
// Screenshots at 1280×800 in /work/shots/kiosks (or LINESIDE_SHOTS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { groupKeyFingerprint } from '@lineside/sync-protocol';
import { startBrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { startCore, syncReaches } from '../faults/support/sync-fixture.js';
import { requireTool } from '../support/tools.js';
import { centralWebApp, poll } from './support/web-app.js';

const skip = requireTool('chromium');
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(skip !== undefined)(
  'central web app: stations and kiosks, enrolled, approved, replaced and revoked (Chromium + kiosk cores)',
  () => {
    const web = centralWebApp('kiosks');
    const { cleanups, shot, signedIn } = web;
    const row = (page: Page, stationId: string) => page.locator(`tr[data-station="${stationId}"]`);

    /** Issues a code for the station from its row's dialog; resolves to the CODE@fingerprint the dialog shows. */
    async function issueCode(page: Page, stationId: string, shotName: string): Promise<string> {
      await row(page, stationId).getByRole('button', { name: 'Issue enrollment code…' }).click();
      const dialog = page.getByRole('dialog');
      // Every change has its reason: no code before one is given.
      const issue = dialog.getByRole('button', { name: 'Issue code' });
      expect(await issue.isDisabled()).toBe(true);
      await dialog.locator('textarea[name="issueReason"]').fill(`first kiosk of ${stationId}`);
      await shot(page, `${shotName}-reason`);
      await issue.click();
      const code = dialog.getByTestId('enrollment-code');
      await poll(() => code.count()).toBe(1);
      const full = (await code.getAttribute('data-code')) ?? '';
      const [oneTime, serverFingerprint] = full.split('@');
      // Large and readable: the code alone, then the whole value for --enroll-code.
      expect(await code.textContent()).toBe(oneTime);
      expect(serverFingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(await dialog.getByTestId('enroll-command').textContent()).toBe(`--enroll-code ${full}`);
      expect(await dialog.textContent()).toContain('Works once');
      expect(await dialog.getByTestId('code-expires').textContent()).toMatch(
        /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/,
      );
      await shot(page, shotName);
      await dialog.getByRole('button', { name: 'Done' }).click();
      await poll(() => page.getByRole('dialog').count()).toBe(0);
      return full;
    }

    /** The kiosk's own screen (browser mode on the core) and the fingerprint its top bar shows. */
    async function kioskScreen(core: KioskCore, shotName: string): Promise<string> {
      const screen = await startBrowserServer({
        core,
        port: 0,
        rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer'),
      });
      cleanups.add(() => screen.close());
      const booth = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
      cleanups.add(() => booth.close());
      await booth.goto(screen.url);
      await poll(() => booth.getByTestId('key-fingerprint').count()).toBe(1);
      // Waiting for approval, the kiosk also shows its key large under the top bar, to be read out to the admin.
      await poll(() => booth.getByTestId('approval-banner').count()).toBe(1);
      await shot(booth, shotName);
      const topBar = ((await booth.getByTestId('key-fingerprint').textContent()) ?? '').replace(/^key\s+/, '');
      expect(await booth.getByTestId('approval-banner').locator('.fingerprint').textContent()).toBe(topBar);
      return topBar;
    }

    /** Opens the Approve dialog of the station and checks that Approve waits for the confirmation. */
    async function openApproval(page: Page, stationId: string) {
      await poll(() => row(page, stationId).getByRole('button', { name: 'Approve…' }).count()).toBe(1);
      await row(page, stationId).getByRole('button', { name: 'Approve…' }).click();
      const dialog = page.getByRole('dialog');
      const approve = dialog.getByRole('button', { name: 'Approve', exact: true });
      expect(await approve.isDisabled()).toBe(true);
      return { dialog, approve };
    }

    it('enrolls a kiosk with the code read from the page, approves it after the fingerprint comparison, then a replacement, then revokes', async () => {
      const page = await signedIn('/admin/kiosks', 'ada.admin');
      await poll(() => page.textContent('body')).toContain('No kiosk has enrolled yet.');
      await poll(() => row(page, 'DISP-1').getAttribute('data-status')).toBe('no-kiosk');
      expect(await row(page, 'DISP-1').getByText('No kiosk enrolled').count()).toBe(1);
      expect(await row(page, 'DISP-1').textContent()).toContain('its kiosk will be K-DISP-1');
      await shot(page, 'list-no-kiosk');

      // First enrollment: the code from the page, the fingerprint from the kiosk's own screen.
      const firstCode = await issueCode(page, 'DISP-1', 'code-dialog');
      const first = await startCore(cleanups, { serverUrl: web.base, enrollCode: firstCode });
      await syncReaches(first, (v) => v.phase === 'pending', 'pending after enrollment');
      const firstOnScreen = await kioskScreen(first, 'kiosk-screen-first-pending');
      expect(firstOnScreen).toBe(groupKeyFingerprint(first.key.fingerprint));

      await page.goto(`${web.base}/admin/kiosks?status=awaiting-approval`);
      await poll(() =>
        page
          .locator('tr[data-station]')
          .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-station'))),
      ).toEqual(['DISP-1']);
      const firstApproval = await openApproval(page, 'DISP-1');
      const shown = firstApproval.dialog.getByTestId('new-key-fingerprint');
      expect(await shown.getAttribute('data-fingerprint')).toBe(first.key.fingerprint);
      expect(await shown.textContent()).toBe(firstOnScreen);
      expect(await firstApproval.dialog.getByTestId('new-key').textContent()).toContain('K-DISP-1#1');
      expect(await firstApproval.dialog.getByTestId('old-key').count()).toBe(0);
      await shot(page, 'approve-first-dialog');
      await firstApproval.dialog.locator('input[name="fingerprintMatches"]').check();
      expect(await firstApproval.approve.isEnabled()).toBe(true);
      await firstApproval.approve.click();
      await poll(() => page.getByRole('status').textContent()).toContain('K-DISP-1: key approved.');
      await syncReaches(first, (v) => v.phase === 'active', 'active after approval');
      await page.goto(`${web.base}/admin/kiosks`);
      await poll(() => row(page, 'DISP-1').getAttribute('data-status')).toBe('active');
      expect(await row(page, 'DISP-1').getByTestId('last-change').textContent()).toContain('by ada.admin');

      // The booth PC is replaced: a new data folder, a new key, a second code for the same station.
      const secondCode = await issueCode(page, 'DISP-1', 'code-dialog-replacement');
      expect(secondCode).not.toBe(firstCode);
      const second = await startCore(cleanups, { serverUrl: web.base, enrollCode: secondCode });
      await syncReaches(second, (v) => v.phase === 'pending', 'replacement pending after enrollment');
      expect(second.key.fingerprint).not.toBe(first.key.fingerprint);
      const secondOnScreen = await kioskScreen(second, 'kiosk-screen-replacement-pending');
      await page.reload();
      await poll(() => row(page, 'DISP-1').textContent()).toContain('replacement waiting');
      await shot(page, 'list-replacement-waiting');
      const replacement = await openApproval(page, 'DISP-1');
      expect(
        await replacement.dialog.getByTestId('old-key-fingerprint').getAttribute('data-fingerprint'),
      ).toBe(first.key.fingerprint);
      expect(
        await replacement.dialog.getByTestId('new-key-fingerprint').getAttribute('data-fingerprint'),
      ).toBe(second.key.fingerprint);
      expect(await replacement.dialog.getByTestId('new-key-fingerprint').textContent()).toBe(secondOnScreen);
      expect(await replacement.dialog.getByTestId('approve-effect').textContent()).toContain(
        'the old key K-DISP-1#1 is retired and can no longer push or pull, and every record it signed stays valid',
      );
      await shot(page, 'approve-replacement-dialog');
      await replacement.dialog.locator('input[name="fingerprintMatches"]').check();
      await replacement.approve.click();
      await poll(() => page.getByRole('status').textContent()).toContain('K-DISP-1: key approved.');
      await syncReaches(
        second,
        (v) => v.phase === 'active' && (v.masterDataVersion ?? 0) > 0,
        'replacement active with master data',
      );

      // The replacement signs and pushes under its new key.
      const olivia = web.server.credentials!['olivia.operator']!;
      expect(
        await second.dispatch('login', { badgeOrUserId: 'olivia.operator', pin: olivia.pin }),
      ).toMatchObject({ ok: true });
      const head = second.log.head().seq;
      second.sync.wake();
      await syncReaches(second, (v) => v.ackedSeq >= head, `receipt up to seq ${head}`);

      await row(page, 'DISP-1').getByRole('button', { name: 'Key history (2)' }).click();
      const history = page.getByRole('dialog');
      await poll(() =>
        history
          .locator('tr[data-key]')
          .evaluateAll((rows) =>
            rows.map((r) => `${r.getAttribute('data-key')} ${r.getAttribute('data-state')}`),
          ),
      ).toEqual(['K-DISP-1#2 in-use', 'K-DISP-1#1 retired']);
      expect(await history.locator('tr[data-key="K-DISP-1#1"]').textContent()).toContain(
        'approved by ada.admin',
      );
      await shot(page, 'key-history-dialog');
      await history.getByRole('button', { name: 'Close' }).click();

      // Revocation: a reason is required; the row then says why and who.
      await row(page, 'DISP-1').getByRole('button', { name: 'Revoke…' }).click();
      const revoke = page.getByRole('dialog');
      const confirm = revoke.getByRole('button', { name: 'Revoke', exact: true });
      expect(await confirm.isDisabled()).toBe(true);
      expect(await revoke.getByTestId('revoke-effect').textContent()).toContain(
        'gets nothing more from the server',
      );
      await revoke
        .locator('textarea[name="reason"]')
        .fill('booth PC dropped, sent for repair (ticket HD-412)');
      expect(await confirm.isEnabled()).toBe(true);
      await shot(page, 'revoke-dialog');
      await confirm.click();
      await poll(() => row(page, 'DISP-1').getAttribute('data-status')).toBe('revoked');
      const change = await row(page, 'DISP-1').getByTestId('last-change').textContent();
      expect(change).toContain('booth PC dropped, sent for repair (ticket HD-412)');
      expect(change).toContain('by ada.admin');
      await shot(page, 'list-revoked');
      // Its next push is refused: the record stays on the kiosk, unsent.
      expect(await second.dispatch('logout', {})).toMatchObject({ ok: true });
      second.sync.wake();
      expect(await syncReaches(second, (v) => v.phase === 'revoked', 'revoked at the kiosk')).toMatchObject({
        unsent: 1,
        lastError: { code: 'kiosk-revoked' },
      });
    }, 180_000);

    it('lists the open codes of a station and withdraws one with a reason', async () => {
    const page = await signedIn('/admin/kiosks?q=GRAN-1', 'ada.admin');
    await poll(() => row(page, 'GRAN-1').count()).toBe(1);
    await issueCode(page, 'GRAN-1', 'code-dialog-gran');
    await row(page, 'GRAN-1').getByRole('button', { name: 'Issue enrollment code…' }).click();
    const dialog = page.getByRole('dialog');
    const open = dialog.getByTestId('open-codes');
    await poll(() => open.locator('li').count()).toBe(1);
    expect(await open.textContent()).toContain('by ada.admin at');
    await open.getByRole('button', { name: 'Withdraw…' }).click();
    const withdraw = open.getByRole('button', { name: 'Withdraw', exact: true });
    expect(await withdraw.isDisabled()).toBe(true);
    await open.locator('input[name="withdrawReason"]').fill('code read out on an open radio channel');
    await shot(page, 'withdraw-code-dialog');
    await withdraw.click();
    await poll(() => dialog.getByTestId('open-codes-none').count()).toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const audit = await page.evaluate(async () => (await (await fetch('/api/v1/audit?action=enrollment-code.withdrawn')).json()) as { entries: { actor: string; reason: string }[] });
    expect(audit.entries).toMatchObject([{ actor: 'ada.admin', reason: 'code read out on an open radio channel' }]);
  });

  it('shows on the users page who must set a new password or PIN at the next sign-in', async () => {
      const page = await signedIn('/admin/users', 'ada.admin');
      const create = await page.evaluate(async () => {
        const me = (await (await fetch('/api/v1/sessions/current')).json()) as { csrfToken: string };
        const response = await fetch('/api/v1/users', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
          body: JSON.stringify({
            user: { id: 'nia.newstarter', printedName: 'Nia Newstarter', roles: ['operator'] },
            reason: 'new starter, training record TR-61',
          }),
        });
        return response.status;
      });
      expect(create).toBe(201);
      await page.reload();
      await poll(() =>
        page.locator('tr[data-user="nia.newstarter"] [data-testid="must-change"]').textContent(),
      ).toBe('must set new password and PIN');
      expect(await page.locator('tr[data-user="ada.admin"] [data-testid="must-change"]').count()).toBe(0);
      await shot(page, 'users-must-change');
    });
  },
);
