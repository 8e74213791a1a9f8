// Issue 10: the server's audit log on a page of the central web app, in Chromium at a supervisor's 1280x800
// and on a tablet: the chain's verification on top, the entries newest first, filters; a tampered entry turns
// the banner into an alert naming the seq.
import { mkdirSync } from 'node:fs';
import { sql } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupList, startInProcessServer } from '../faults/support/sync-fixture.js';
import { CHROMIUM_ARGS, chromiumPath, requireTool } from '../support/tools.js';

const SHOTS = '/work/shots/export-verify';
const skip = requireTool('chromium');
const cleanups = cleanupList();

describe.skipIf(skip !== undefined)('the audit log page (issue 10)', () => {
  let server: Awaited<ReturnType<typeof startInProcessServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startInProcessServer(cleanups);
    // Central acts the log must show: a lot held with a reason, a user deactivated, an enrollment code issued.
    const qa = (await import('../faults/support/sync-fixture.js')).adminClient(server.url, server.credentials!['quinn.qa']!.password, 'quinn.qa');
    await qa.login();
    expect((await qa('POST', '/api/v1/master-data/lot/MCC-118/status', { status: 'on-hold', reason: 'supplier complaint SC-12', userId: 'quinn.qa', password: server.credentials!['quinn.qa']!.password, meaning: 'approved' })).status).toBe(200);
    expect((await server.asAdmin('POST', '/api/v1/users/oscar.operator/deactivate', { reason: 'left the company' })).status).toBe(200);
    expect((await server.asAdmin('POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId: 'DISP-1' })).status).toBe(201);
    browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
    cleanups.add(() => browser.close());
    mkdirSync(SHOTS, { recursive: true });
  }, 60_000);
  afterAll(() => cleanups.run());

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    cleanups.add(() => page.close());
    await page.goto(`${server.url}/login?next=/audit`);
    await page.fill('input[name="userId"]', 'quinn.qa');
    await page.fill('input[name="password"]', server.credentials!['quinn.qa']!.password);
    await Promise.all([page.waitForURL(/\/audit$/), page.press('input[name="password"]', 'Enter')]);
    return page;
  }

  it('shows the verified chain and the entries newest first; filters by action prefix', async () => {
    const page = await signedIn({ width: 1280, height: 800 });
    await page.waitForSelector('[data-chain="verified"]');
    expect(await page.textContent('[data-chain="verified"]')).toMatch(/Chain verified All \d+ entries from seq 1 to \d+/);
    const seqs = (await page.$$eval('tr[data-seq]', (rows) => rows.map((r) => Number(r.getAttribute('data-seq')))));
    expect(seqs.length).toBeGreaterThan(3);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    expect(await page.textContent('tr[data-action="user.deactivated"]')).toContain('left the company');
    expect(await page.textContent('tr[data-action="master-data.changed"]')).toContain('supplier complaint SC-12');
    // A change shows what changed, old → new, not two JSON blobs.
    expect(await page.textContent('tr[data-action="master-data.changed"]')).toContain('status: released → on-hold');
    // No sideways scrolling at 1280.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/audit-1280.png` });

    await page.fill('input[name="action"]', 'master-data.*');
    await page.press('input[name="action"]', 'Enter');
    await page.waitForURL(/action=master-data/);
    await page.waitForFunction(() => [...document.querySelectorAll('tr[data-action]')].every((r) => r.getAttribute('data-action')!.startsWith('master-data.')));
    expect(await page.$$eval('tr[data-action]', (rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['master-data.changed', 'master-data.seeded']);
  });

  it('turns the banner into an alert naming the first entry that does not verify, when one was edited in the database', async () => {
    const db = server.app.db;
    const target = await db.selectFrom('audit_log').select(['seq', 'reason']).where('action', '=', 'user.deactivated').executeTakeFirstOrThrow();
    // An attacker with database access, past the append-only trigger.
    await sql.raw('DROP TRIGGER audit_no_update').execute(db);
    try {
      await db.updateTable('audit_log').set({ reason: 'routine clean-up' }).where('seq', '=', target.seq).execute();
    } finally {
      await sql.raw(`CREATE TRIGGER audit_no_update BEFORE UPDATE OF audit_id, at, actor, action, target, reason, details, seq, prev_hash, hash ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: UPDATE refused'); END`).execute(db);
    }
    const page = await signedIn({ width: 820, height: 1180 });
    const alert = await page.waitForSelector('[data-chain="broken"]');
    expect(await alert.getAttribute('data-failed-seq')).toBe(String(target.seq));
    expect(await alert.textContent()).toContain(`The audit chain does not verify at seq ${target.seq}.`);
    expect(await alert.textContent()).toContain('its content does not match its hash');
    // From that entry on nothing is proven; before it every entry still is.
    expect(await page.textContent(`tr[data-seq="${target.seq}"]`)).toContain('unproven');
    expect(await page.textContent(`tr[data-seq="${target.seq - 1}"]`)).toContain('server#1');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SHOTS}/audit-tampered-tablet.png` });
  });
});
