// Orders and recipe drafting in the central web app, end to end with a real kiosk (issue 11): an admin
// drafts a new recipe version in the step editor (checked as typed with the recipe schema), submits it;
// the author's own signature is refused, QA and the supervisor approve it; the supervisor plans an order
// on it in the Orders page and releases it to DISP-1, plans another and cancels it with a reason. A real
// kiosk core of DISP-1 syncs: the released order is in its queue, the cancelled one is refused with the
// reason; once the kiosk has started the first order, cancelling it in the page is refused.
// Screenshots at 1280×800 in /work/shots/admin-orders (or LINESIDE_SHOTS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import type { KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { syncReaches } from '../faults/support/sync-fixture.js';
import { requireTool } from '../support/tools.js';
import { centralWebApp, poll } from './support/web-app.js';

const skip = requireTool('chromium');
const RECIPE = 'PCM-500-GRAN';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

describe.skipIf(skip !== undefined)('central web app: recipe drafting and the order lifecycle, picked up by a real kiosk (Chromium)', () => {
  const web = centralWebApp('admin-orders');
  const { cleanups, shot, signedIn } = web;
  let kiosk: KioskCore;

  beforeAll(async () => {
    kiosk = await web.enrolledKiosk();
  }, 120_000);

  const sign = web.signApproval;
  /** The kiosk pulls master data up to the server's current version; then its queue is what the screen lists. */
  async function kioskQueue() {
    const { body } = await web.server.asAdmin('GET', '/api/v1/master-data/order');
    const version = Number(body['version']);
    kiosk.sync.refreshMasterData();
    await syncReaches(kiosk, (v) => (v.masterDataVersion ?? 0) >= version, `master data version ${version}`);
    const listed = await kiosk.dispatch('listOrders', {});
    if (!('orders' in listed)) throw new Error(`listOrders refused: ${JSON.stringify(listed)}`);
    return listed.orders;
  }

  it('drafts version 4 in the step editor, checked as typed, and shows the diff; the author may not approve it, QA and the supervisor do', async () => {
    const ada = await signedIn(`/admin/recipes/${RECIPE}/3`, 'ada.admin');
    await ada.getByRole('button', { name: 'New version from this' }).click();
    const start = ada.getByRole('form', { name: 'New version' });
    await start.getByLabel('Why a new version').fill('CC-121: more magnesium stearate after sticking');
    await start.getByRole('button', { name: 'Start the draft' }).click();
    await ada.waitForURL((u) => u.pathname === `/admin/recipes/${RECIPE}/4`);
    const editor = ada.getByRole('form', { name: 'Edit draft' });
    await poll(() => editor.getByTestId('step-6').textContent()).toContain('Magnesium stearate');
    // Steps are listed by title; a step opens to edit it.
    await editor.getByTestId('step-6').locator('summary').click();

    // Step 7 (magnesium stearate): a quantity with a unit typed in is refused as typed, by the recipe schema.
    const quantity = editor.getByTestId('step-6').getByLabel('target quantity (decimal text above zero)');
    await quantity.fill('0.350 kg');
    await poll(() => editor.getByTestId('issue-steps-6-quantity').textContent()).toContain('is not valid: target quantity (decimal text above zero)');
    expect(await editor.getByRole('button', { name: 'Save draft' }).isDisabled()).toBe(true);
    await quantity.fill('0.350');
    // A new last step: an in-process check, whose title the schema requires.
    await editor.getByLabel('Kind of the new step').selectOption('in-process-check');
    await editor.getByRole('button', { name: 'Add step' }).click();
    const added = editor.getByTestId('step-11');
    await poll(() => editor.getByTestId('issue-steps-11-title').isVisible()).toBe(true);
    await shot(ada, 'recipe-draft-editor-invalid');
    await added.getByLabel('step title').fill('Blend uniformity check');
    await added.getByLabel('check: kind').selectOption('numeric');
    await added.getByLabel('low limit (decimal text, e.g. "12.50")').fill('95.0');
    await added.getByLabel('high limit (decimal text, e.g. "12.50")').fill('105.0');
    await added.locator('#f-steps-11-check-unit').fill('%');
    await poll(() => editor.getByTestId('draft-issues').count()).toBe(0);
    await editor.getByRole('button', { name: 'Save draft' }).click();
    // The page shows the change against version 3.
    await poll(() => ada.getByRole('table').first().textContent()).toContain('steps/7/quantity');
    expect(await ada.getByRole('table').first().textContent()).toContain('Blend uniformity check');
    await shot(ada, 'recipe-draft-saved-diff');

    await ada.getByRole('button', { name: 'Submit for review' }).click();
    const submitForm = ada.getByRole('form', { name: 'Submit for review' });
    await submitForm.getByLabel('Reason (kept in the audit log)').fill('ready for review');
    await submitForm.getByRole('button', { name: 'Submit', exact: true }).click();
    await poll(() => ada.getByTestId('recipe-status').textContent()).toBe('in-review');
    // The author is no approver of their own version.
    const own = await sign(ada, 'ada.admin');
    await poll(() => own.locator('[role="alert"]').textContent()).toContain('the author may not approve their own version');
    await shot(ada, 'recipe-author-refused');
    await own.getByRole('button', { name: 'Cancel' }).click();

    const qa = await signedIn(`/admin/recipes/${RECIPE}/4`, 'quinn.qa');
    await sign(qa, 'quinn.qa');
    await poll(() => qa.textContent('body')).toContain('Quinn QA (quinn.qa)');
    const sam = await signedIn(`/admin/recipes/${RECIPE}/4`, 'sam.supervisor');
    await sign(sam, 'sam.supervisor');
    await poll(() => sam.getByTestId('recipe-status').textContent()).toBe('approved');
    await shot(sam, 'recipe-v4-approved');
  }, 120_000);

  it('plans an order on the approved version, releases it to DISP-1 and the kiosk lists it; a cancelled order is refused at the kiosk with its reason', async () => {
    const page = await signedIn('/admin/orders', 'sam.supervisor');
    await poll(() => page.locator('tr[data-order="ORD-0001"]').textContent()).toContain('released');
    // Only approved versions are offered: version 3 is superseded now.
    const offered = await page.locator('#order-recipe option').allTextContents();
    expect(offered.filter((o) => o.startsWith(RECIPE))).toEqual([expect.stringContaining(`${RECIPE} v4`)]);

    const plan = async (id: string) => {
      await page.locator('#order-recipe').selectOption(`${RECIPE}@4`);
      const form = page.getByRole('form', { name: `Plan an order on ${RECIPE} version 4` });
      await form.getByLabel('Order number').fill(id);
      await form.getByLabel('Batch number').fill(`B-${id}`);
      await form.getByLabel('Station').selectOption('DISP-1');
      await form.getByLabel('Reason for the change').fill('production plan week 49');
      await form.getByRole('button', { name: 'Save' }).click();
      await poll(() => page.locator(`tr[data-order="${id}"]`).getAttribute('data-status')).toBe('planned');
    };
    const act = async (id: string, reason: string, button: string) => {
      await page.locator(`tr[data-order="${id}"]`).click();
      const panel = page.getByRole('region', { name: `Order ${id}` });
      await panel.locator('#order-reason').fill(reason);
      await panel.getByRole('button', { name: button }).click();
      return panel;
    };
    // The form checks the order number as it is typed, with the order schema.
    await page.locator('#order-recipe').selectOption(`${RECIPE}@4`);
    await page.getByRole('form', { name: `Plan an order on ${RECIPE} version 4` }).getByLabel('Order number').fill('ORD 42');
    await poll(() => page.getByTestId('issue-id').isVisible()).toBe(true);
    await shot(page, 'orders-form-invalid');
    await plan('ORD-0042');
    await plan('ORD-0043');
    // Planned is not yet the station's: the kiosk does not list it.
    expect((await kioskQueue()).map((o) => o.orderId)).not.toContain('ORD-0042');

    await act('ORD-0042', 'DISP-1 free from Monday', 'Release to DISP-1');
    await poll(() => page.locator('tr[data-order="ORD-0042"]').getAttribute('data-status')).toBe('released');
    await act('ORD-0043', 'customer order CO-77 withdrawn', 'Cancel order');
    await poll(() => page.locator('tr[data-order="ORD-0043"]').getAttribute('data-status')).toBe('cancelled');
    await shot(page, 'orders-released-and-cancelled');

    const queue = await kioskQueue();
    expect(queue.find((o) => o.orderId === 'ORD-0042')).toEqual({ orderId: 'ORD-0042', batchNumber: 'B-ORD-0042', recipe: 'Paracetamol 500 mg tablets, granulation dispense v4', status: 'not-started' });
    expect(queue.find((o) => o.orderId === 'ORD-0043')).toMatchObject({ status: 'not-started', blocked: 'Order ORD-0043 was cancelled: customer order CO-77 withdrawn' });

    const olivia = web.server.credentials!['olivia.operator']!;
    expect(await kiosk.dispatch('login', { badgeOrUserId: 'olivia.operator', pin: olivia.pin })).toMatchObject({ ok: true });
    expect(await kiosk.dispatch('startOrder', { orderId: 'ORD-0043' })).toMatchObject({ ok: false, code: 'order-cancelled', message: 'Order ORD-0043 was cancelled: customer order CO-77 withdrawn — it cannot start' });
    // The kiosk's own screen (browser mode on the same core): the released order to start, the cancelled one with why not.
    const screen = await startBrowserServer({ core: kiosk, port: 0, rendererDir: path.join(repoRoot, 'apps/kiosk/dist/renderer') });
    cleanups.add(() => screen.close());
    const booth = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
    cleanups.add(() => booth.close());
    await booth.goto(screen.url);
    await booth.getByTestId('nav-execution').click();
    await poll(() => booth.getByTestId('order-blocked-ORD-0043').textContent()).toBe('Cannot start: Order ORD-0043 was cancelled: customer order CO-77 withdrawn');
    expect(await booth.getByTestId('order-ORD-0042').textContent()).toContain('Not started');
    expect(await booth.getByTestId('order-blocked-ORD-0042').count()).toBe(0);
    await booth.getByTestId('order-ORD-0043').click();
    await poll(() => booth.getByTestId('execution-message').textContent()).toContain('Order ORD-0043 was cancelled: customer order CO-77 withdrawn');
    expect(await booth.getByTestId('current-step').textContent()).toBe('This order cannot start: Order ORD-0043 was cancelled: customer order CO-77 withdrawn');
    await shot(booth, 'kiosk-queue-cancelled-refused');
    expect(await kiosk.dispatch('startOrder', { orderId: 'ORD-0042' })).toMatchObject({ ok: true });
    const head = kiosk.log.head().seq;
    kiosk.sync.wake();
    await syncReaches(kiosk, (v) => v.ackedSeq >= head, `receipt up to seq ${head}`);

    // Started at the kiosk: cancelling it from the page is refused, in words.
    const panel = await act('ORD-0042', 'line down', 'Cancel order');
    await poll(() => panel.getByTestId('order-refusal').textContent()).toContain('was started at a kiosk');
    expect(await page.locator('tr[data-order="ORD-0042"]').getAttribute('data-status')).toBe('released');
    await shot(page, 'orders-cancel-refused-started');
  }, 120_000);
});
