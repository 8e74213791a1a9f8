// The admin pages of the central web app in Chromium (issue 11): an admin creates a material (the form
// refuses a wrong GTIN as it is typed, with the server's own schema) and a lot; a recipe version is
// drafted and submitted, QA signs it, QA signing again is refused, the supervisor's signature approves it;
// an order is released on it; the key fingerprint is shown before a kiosk is approved; an operator is
// refused every admin page with an HTML page. Screenshots at 1280×800 in /work/shots/admin (or LINESIDE_SHOTS).
import { describe, expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { adminClient } from '../faults/support/sync-fixture.js';
import { requireTool } from '../support/tools.js';
import { centralWebApp, poll } from './support/web-app.js';

const skip = requireTool('chromium');
const v3 = demoPlant({ year: 2026, month: 11, day: 25 }).recipes[0]!;

describe.skipIf(skip !== undefined)('central web app: master-data administration (Chromium)', () => {
  const web = centralWebApp('admin');
  const { cleanups, password, shot, signedIn } = web;


  
  it('creates a material and a lot through forms that check each field as it is typed', async () => {
    const page = await signedIn('/admin', 'ada.admin');
    await poll(() => page.getByRole('region', { name: 'Lots' }).textContent()).toContain('PCM-2401');
    expect(await page.locator('.error-box').count()).toBe(0);
    const form = page.getByRole('form', { name: 'New material' });
    await form.getByLabel('Material code').fill('LAC');
    await form.getByLabel('Name').fill('Lactose monohydrate');
    await form.getByLabel('GTIN-14').fill('0950110154');
    await poll(() => form.getByTestId('issue-gtin').textContent()).toContain('GTIN-14');
    expect(await form.getByRole('button', { name: 'Save' }).isDisabled()).toBe(true);
    await shot(page, 'material-form-invalid');
    // 14 digits but a wrong check digit: the schema passes it, the server refuses it in words.
    await form.getByLabel('GTIN-14').fill('09501101540078');
    await form.getByLabel('Hazard statement').fill('Not classified.');
    await form.getByLabel('Protective equipment').fill('Gloves, coverall.');
    await form.getByLabel('Reason for the change').fill('new excipient, change control CC-120');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() => form.getByTestId('form-refusal').textContent()).toContain('wrong check digit');
    await form.getByLabel('GTIN-14').fill('09501101540071');
    await form.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('region', { name: 'Materials' }).textContent()).toContain('Lactose monohydrate');

    const lot = page.getByRole('form', { name: 'New lot (starts in quarantine)' });
    await lot.getByLabel('Lot number').fill('LAC-001');
    await lot.getByLabel('Material').selectOption('LAC');
    await lot.getByLabel('Expiry').fill('2028-13-01');
    await poll(() => lot.getByTestId('issue-expiry').isVisible()).toBe(true);
    await lot.getByLabel('Expiry').fill('2028-12-31');
    await lot.getByLabel('Reason for the change').fill('goods receipt GR-4471');
    await lot.getByRole('button', { name: 'Save' }).click();
    await poll(() => page.getByRole('region', { name: 'Lots' }).textContent()).toContain('LAC-001');
    await shot(page, 'materials-and-lots');
  });

  it('approves a new recipe version with two people: the same person twice is refused, then an order is released on it', async () => {
    const ada = adminClient(web.base, password('ada.admin'));
    await ada.login();
    const { id, version, ...rest } = v3;
    void version;
    const content = { name: rest.name, product: rest.product, batchSize: rest.batchSize, batchUnit: rest.batchUnit, steps: rest.steps.map((s) => (s.id === '7' && s.kind === 'dispense' ? { ...s, quantity: '0.350' } : s)) };
    const drafted = await ada('POST', `/api/v1/recipes/${id}/versions`, { data: content, reason: 'CC-121: more magnesium stearate after sticking' });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);

    const author = await signedIn(`/admin/recipes/${id}/4`, 'ada.admin');
    await author.getByRole('button', { name: 'Submit for review' }).click();
    // The reason is asked on the page, with what submitting does; no reason, no submit.
    const submitForm = author.getByRole('form', { name: 'Submit for review' });
    expect(await submitForm.textContent()).toContain('two people, QA among them, sign its approval');
    expect(await submitForm.getByRole('button', { name: 'Submit', exact: true }).isDisabled()).toBe(true);
    await submitForm.getByLabel('Reason (kept in the audit log)').fill('ready for review');
    await shot(author, 'recipe-submit-reason');
    await submitForm.getByRole('button', { name: 'Submit', exact: true }).click();
    await poll(() => author.getByTestId('recipe-status').textContent()).toBe('in-review');
    await shot(author, 'recipe-in-review-diff');

    const qa = await signedIn(`/admin/recipes/${id}/4`, 'quinn.qa');
    const signAs = web.signApproval;
    await signAs(qa, 'quinn.qa');
    await poll(() => qa.textContent('body')).toContain('Quinn QA (quinn.qa)');
    const again = await signAs(qa, 'quinn.qa');
    await poll(() => again.locator('[role="alert"]').textContent()).toContain('the second signature must be another person');
    await shot(qa, 'recipe-same-person-refused');
    await again.getByRole('button', { name: 'Cancel' }).click();

    const supervisor = await signedIn(`/admin/recipes/${id}/4`, 'sam.supervisor');
    await signAs(supervisor, 'sam.supervisor');
    await poll(() => supervisor.getByTestId('recipe-status').textContent()).toBe('approved');
    await shot(supervisor, 'recipe-approved');

    const sam = adminClient(web.base, password('sam.supervisor'), 'sam.supervisor');
    await sam.login();
    const released = await sam('PUT', '/api/v1/master-data/order/ORD-0042', { data: { id: 'ORD-0042', recipeId: id, recipeVersion: 4, stationId: 'DISP-1', batchNumber: 'B-PCM-0042' }, reason: 'plan week 49' });
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    const onOld = await sam('PUT', '/api/v1/master-data/order/ORD-0043', { data: { id: 'ORD-0043', recipeId: id, recipeVersion: 3, stationId: 'DISP-1', batchNumber: 'B-PCM-0043' }, reason: 'plan week 49' });
    expect(onOld.status).toBe(400);
    await author.goto(`${web.base}/admin/recipes`);
    await poll(() => author.textContent('body')).toContain('superseded');
    await shot(author, 'recipes-list');
  });

  it('shows the users and the kiosks with the key fingerprint to compare before approval', async () => {
    const page = await signedIn('/admin/users', 'ada.admin');
    await poll(() => page.textContent('body')).toContain('Olivia Operator');
    await shot(page, 'users');
    await page.goto(`${web.base}/admin/kiosks`);
    await poll(() => page.textContent('body')).toContain('No kiosk has enrolled yet.');
  });

  it('refuses an operator every admin page with an HTML page, not JSON', async () => {
    for (const url of ['/admin', '/admin/recipes', '/admin/users', '/admin/kiosks']) {
      const page = await web.browser.newPage({ viewport: { width: 1280, height: 800 } });
      cleanups.add(() => page.close());
      await page.goto(`${web.base}${url}`);
      await page.fill('input[name="userId"]', 'olivia.operator');
      await page.fill('input[name="password"]', password('olivia.operator'));
      await page.click('button[type="submit"]');
      await page.waitForLoadState('networkidle');
      const text = (await page.textContent('body')) ?? '';
      expect(text, url).toContain('olivia.operator');
      expect(text.trim().startsWith('{')).toBe(false);
      if (url === '/admin') await shot(page, 'operator-refused');
    }
  });
});
