import { expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { onEachEngine } from './support/suite.js';
import { callAs } from './support/recipes.js';
import { insertUser } from '../../apps/sync-server/src/db/users.js';
import { makeVerifier, PASSWORD_COST } from '@lineside/sync-protocol/node';

type View = { recipe: Record<string, unknown> & { version: number; status: string; approvals?: { userId: string; roles: string[]; contentHash: string }[] }; contentHash: string; previousVersion: number | null; changes: { path: string; kind: string; before?: unknown; after?: unknown }[]; signatures: { userId: string; printedName: string; meaning: string; signedAt: string; contentHash: string; counts: boolean }[]; inEffect: { ok: boolean; why?: string } };

const v3 = demoPlant({ year: 2026, month: 11, day: 25 }).recipes[0]!;
const content = { name: v3.name, product: v3.product, batchSize: v3.batchSize, batchUnit: v3.batchUnit, steps: v3.steps };
const base = '/api/v1/recipes/PCM-500-GRAN/versions';

onEachEngine('recipes: draft, review, two-person Part 11 approval, supersede, retire (issue 11)', (server) => {
  const call = (userId: string) => callAs(server, userId);
  const sign = (userId: string, version: number, contentHash: string, password = server.credentials[userId]!.password, as = userId) =>
    call(as)('POST', `${base}/${version}/approve`, { userId, password, meaning: 'approved', contentHash });
  let hash = '';

  it('drafts version 4 with a reason, shows the diff against version 3 by step, and lets only its author edit it', async () => {
    const steps = content.steps.map((s) => (s.id === '7' && s.kind === 'dispense' ? { ...s, quantity: '0.350' } : s));
    const drafted = await call('ada.admin')('POST', base, { data: { ...content, steps }, reason: 'CC-101: more lubricant after the tablet sticking investigation' });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const view = drafted.body as unknown as View;
    expect(view.recipe).toMatchObject({ id: 'PCM-500-GRAN', version: 4, status: 'draft', author: 'ada.admin', changeReason: 'CC-101: more lubricant after the tablet sticking investigation' });
    expect(view.previousVersion).toBe(3);
    expect(view.changes).toEqual([{ path: 'steps/7/quantity', kind: 'changed', before: '0.300', after: '0.350' }]);
    expect(view.inEffect).toEqual({ ok: false, why: 'Recipe PCM-500-GRAN version 4 is draft, not approved' });

    // A second open version, a bad step and another author's edit are refused.
    expect((await call('ada.admin')('POST', base, { data: content, reason: 'again' })).status).toBe(409);
    const bad = await call('ada.admin')('PUT', `${base}/4`, { data: { ...content, steps: [{ ...steps[0]!, predecessors: ['99'] }] }, reason: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body['issues']).toEqual([{ path: '/data/steps/0/predecessors/0', message: 'step 99 is not a step of this recipe' }]);
    // The master-data route is no back door for recipes.
    const backdoor = await call('ada.admin')('PUT', '/api/v1/master-data/recipe/PCM-500-GRAN@4', { data: { ...v3, version: 4, status: 'approved', approvedBy: 'nobody' }, reason: 'x' });
    expect(backdoor.status).toBe(403);
    expect(String(backdoor.body['message'])).toContain('/api/v1/recipes');
  });

  it('refuses signatures before review; after submit the author, a wrong password, a stale hash and the same person twice are refused', async () => {
    const early = await sign('quinn.qa', 4, 'sha256:' + '0'.repeat(64));
    expect(early.status).toBe(409);
    expect(String(early.body['message'])).toContain('is draft, not in review');

    const submitted = await call('ada.admin')('POST', `${base}/4/submit`, { reason: 'ready for review' });
    expect(submitted.status).toBe(200);
    hash = (submitted.body as unknown as View).contentHash;
    expect((submitted.body as unknown as View).recipe).toMatchObject({ status: 'in-review', contentHash: hash });
    // In review, nobody edits it.
    expect((await call('ada.admin')('PUT', `${base}/4`, { data: content, reason: 'x' })).status).toBe(409);

    const byAuthor = await sign('ada.admin', 4, hash);
    expect(byAuthor.status).toBe(403);
    expect(String(byAuthor.body['message'])).toContain('the author may not approve their own version');
    const wrongPassword = await sign('quinn.qa', 4, hash, 'not-the-password');
    expect(wrongPassword.status).toBe(403);
    expect(String(wrongPassword.body['message'])).toContain('password re-entered for quinn.qa is wrong');
    const otherPerson = await sign('sam.supervisor', 4, hash, server.credentials['sam.supervisor']!.password, 'quinn.qa');
    expect(otherPerson.status).toBe(403);
    const stale = await sign('quinn.qa', 4, 'sha256:' + 'a'.repeat(64));
    expect(stale.status).toBe(409);
    expect(String(stale.body['message'])).toContain('reload it and review it again');

    const first = await sign('quinn.qa', 4, hash);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((first.body as unknown as View).recipe.status).toBe('in-review');
    const twice = await sign('quinn.qa', 4, hash);
    expect(twice.status).toBe(409);
    expect(String(twice.body['message'])).toContain('the second signature must be another person');
    expect((twice.body as unknown as View).recipe?.approvals).toBeUndefined();
  });

  it('approves on the second person, supersedes version 3 from the effective day, and keeps the Part 11 manifestation', async () => {
    const second = await sign('sam.supervisor', 4, hash);
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const view = second.body as unknown as View;
    expect(view.recipe).toMatchObject({ status: 'approved', effectiveFrom: '2026-11-25', approvedBy: 'quinn.qa, sam.supervisor' });
    expect(view.signatures.map((s) => [s.userId, s.printedName, s.meaning, s.contentHash, s.counts])).toEqual([
      ['quinn.qa', 'Quinn QA', 'approved', hash, true],
      ['sam.supervisor', 'Sam Supervisor', 'approved', hash, true],
    ]);
    expect(view.inEffect).toEqual({ ok: true });
    const old = (await call('ada.admin')('GET', `${base}/3`)).body as unknown as View;
    expect(old.recipe).toMatchObject({ status: 'superseded', effectiveUntil: '2026-11-25' });
    expect(old.inEffect.ok).toBe(false);

    // Approved is immutable: no edit, no second approval, no return to draft.
    expect((await call('ada.admin')('PUT', `${base}/4`, { data: content, reason: 'x' })).status).toBe(409);
    expect((await call('quinn.qa')('POST', `${base}/4/return`, { reason: 'x' })).status).toBe(409);

    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('target', '=', 'recipe/PCM-500-GRAN@4').orderBy('seq').execute();
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['recipe.version-drafted', 'ada.admin'],
      ['recipe.submitted', 'ada.admin'],
      ['recipe.signed', 'quinn.qa'],
      ['recipe.approved', 'sam.supervisor'],
    ]);
    const approved = JSON.parse(audit.at(-1)!.details) as { before: { status: string }; after: { status: string }; signature: { printedName: string; contentHash: string } };
    expect(approved).toMatchObject({ before: { status: 'in-review' }, after: { status: 'approved' }, signature: { printedName: 'Sam Supervisor', contentHash: hash } });
    expect(await server.app.db.selectFrom('recipe_signatures').select(['signer_id', 'content_hash']).where('recipe_id', '=', 'PCM-500-GRAN').orderBy('signed_at').execute()).toEqual([
      { signer_id: 'quinn.qa', content_hash: hash },
      { signer_id: 'sam.supervisor', content_hash: hash },
    ]);
  });

  it('needs QA among the approvers, and releases orders only against an approved version in effect', async () => {
    const drafted = await call('ada.admin')('POST', base, { data: content, reason: 'CC-102: back to 0.300 kg', effectiveFrom: '2026-12-01' });
    expect(drafted.status).toBe(201);
    const order = (version: number, id: string) => call('sam.supervisor')('PUT', `/api/v1/master-data/order/${id}`, { data: { id, recipeId: 'PCM-500-GRAN', recipeVersion: version, stationId: 'DISP-1', batchNumber: `B-${id}` }, reason: 'plan' });
    const onDraft = await order(5, 'ORD-0105');
    expect(onDraft.status).toBe(400);
    expect(onDraft.body['issues']).toEqual([{ path: '/data/recipeVersion', message: 'Recipe PCM-500-GRAN version 5 is draft, not approved: an order is released only against an approved version in effect' }]);
    const h = ((await call('ada.admin')('POST', `${base}/5/submit`, { reason: 'ready' })).body as unknown as View).contentHash;
    expect((await sign('sam.supervisor', 5, h)).status).toBe(200);
    // Two supervisors are two people but not QA: the version stays in review until QA signs.
    await insertUser(server.app.db, { user_id: 'sue.supervisor', display_name: 'Sue Supervisor', roles: JSON.stringify(['supervisor']), password_verifier: await makeVerifier('sue-password-1', PASSWORD_COST), pin_verifier: null, badge: null, active: 1, master_version: 1 });
    server.credentials['sue.supervisor'] = { password: 'sue-password-1', pin: '' };
    const twoWithoutQa = await sign('sue.supervisor', 5, h);
    expect(twoWithoutQa.status, JSON.stringify(twoWithoutQa.body)).toBe(200);
    expect((twoWithoutQa.body as unknown as View).recipe.status).toBe('in-review');
    // Maintenance is no approver at all.
    expect((await call('max.maintenance')('POST', `${base}/5/approve`, { userId: 'max.maintenance', password: server.credentials['max.maintenance']!.password, meaning: 'approved', contentHash: h })).status).toBe(403);
    expect((await sign('quinn.qa', 5, h)).status).toBe(200);
    const v5 = ((await call('ada.admin')('GET', `${base}/5`)).body as unknown as View);
    expect(v5.recipe).toMatchObject({ status: 'approved', effectiveFrom: '2026-12-01' });
    expect(v5.inEffect).toEqual({ ok: false, why: 'Recipe PCM-500-GRAN version 5 is approved but not in effect before 2026-12-01' });
    // Version 4 stays in effect until version 5 takes over; superseded versions 3 takes no new orders.
    expect((await call('ada.admin')('GET', `${base}/4`)).body).toMatchObject({ recipe: { status: 'superseded', effectiveUntil: '2026-12-01' }, inEffect: { ok: true } });
    expect((await order(5, 'ORD-0105')).status).toBe(400);
    expect((await order(4, 'ORD-0104')).status).toBe(200);
    const onOld = await order(3, 'ORD-0103');
    expect(onOld.body['issues']).toEqual([{ path: '/data/recipeVersion', message: 'Recipe PCM-500-GRAN version 3 is superseded since 2026-11-25, not approved: an order is released only against an approved version in effect' }]);
  });

  it('retires a version with a reason: no new order on it', async () => {
    expect((await call('sam.supervisor')('POST', `${base}/4/retire`, { reason: 'x' })).status).toBe(403);
    const retired = await call('quinn.qa')('POST', `${base}/4/retire`, { reason: 'CC-103: withdrawn after complaint' });
    expect(retired.status).toBe(200);
    expect((retired.body as unknown as View).recipe.status).toBe('retired');
    const list = (await call('sam.supervisor')('GET', '/api/v1/recipes')).body as { recipes: { id: string; versions: { version: number; status: string }[] }[] };
    expect(list.recipes[0]!.versions.map((v) => [v.version, v.status])).toEqual([
      [5, 'approved'],
      [4, 'retired'],
      [3, 'superseded'],
    ]);
  });

  it('a version returned to draft and submitted again is signed again by the same people: the first round stays on record and no longer counts', async () => {
    const drafted = await call('ada.admin')('POST', base, { data: content, reason: 'CC-104: a returned review', effectiveFrom: '2026-12-02' });
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const first = ((await call('ada.admin')('POST', `${base}/6/submit`, { reason: 'ready' })).body as unknown as View).contentHash;
    expect((await sign('quinn.qa', 6, first)).status).toBe(200);
    const returned = await call('sam.supervisor')('POST', `${base}/6/return`, { reason: 'the effective day must wait for training' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect((returned.body as unknown as View).signatures.map((s) => [s.userId, s.counts])).toEqual([['quinn.qa', false]]);

    const second = ((await call('ada.admin')('POST', `${base}/6/submit`, { reason: 'training planned' })).body as unknown as View).contentHash;
    // The same content submitted again: the same hash, a new round.
    expect(second).toBe(first);
    const again = await sign('quinn.qa', 6, second);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((again.body as unknown as View).recipe.status).toBe('in-review');
    // One signature per person per round still holds in the new round.
    expect((await sign('quinn.qa', 6, second)).status).toBe(409);
    const approved = await sign('sam.supervisor', 6, second);
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    const view = approved.body as unknown as View;
    expect(view.recipe).toMatchObject({ status: 'approved', approvedBy: 'quinn.qa, sam.supervisor' });
    expect(view.signatures.map((s) => [s.userId, s.counts])).toEqual([
      ['quinn.qa', false],
      ['quinn.qa', true],
      ['sam.supervisor', true],
    ]);
  });
});
