import { expect, it } from 'vitest';
import { signedLotStatus } from './support/lots.js';
import { onEachEngine } from './support/suite.js';

const STATUS = (lot: string) => `/api/v1/master-data/lot/${lot}/status`;

onEachEngine("a lot's status changes with a reason and QA's e-signature (issue 11)", (server) => {
  const lotOf = async (id: string) => ((await server.as('quinn.qa', 'GET', '/api/v1/master-data/lot')).json() as { items: Record<string, unknown>[] }).items.find((l) => l['id'] === id)!;
  const body = (over: Record<string, unknown> = {}) => ({ status: 'on-hold', reason: 'supplier recall R-7', userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password, meaning: 'approved', ...over });

  it('refuses a change without reason, without a signature, with a wrong password or by someone else, and leaves the lot as it was', async () => {
    const before = await lotOf('PVP-077');
    const noReason = await server.as('quinn.qa', 'POST', STATUS('PVP-077'), body({ reason: ' ' }));
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('body/reason');
    const { password: _p, ...unsigned } = body();
    const noSignature = await server.as('quinn.qa', 'POST', STATUS('PVP-077'), unsigned);
    expect(noSignature.statusCode).toBe(400);
    expect(noSignature.json().message).toContain('password');
    const wrong = await server.as('quinn.qa', 'POST', STATUS('PVP-077'), body({ password: 'not-my-password' }));
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json().message).toBe('lot PVP-077 stays released: the password re-entered for quinn.qa is wrong: the signature is not applied');
    const other = await server.as('quinn.qa', 'POST', STATUS('PVP-077'), body({ userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password }));
    expect(other.statusCode).toBe(403);
    expect(other.json().message).toContain('is not the signed-in user quinn.qa');
    const byAdmin = await server.as('ada.admin', 'POST', STATUS('PVP-077'), body({ userId: 'ada.admin', password: server.credentials['ada.admin']!.password }));
    expect(byAdmin.statusCode).toBe(403);
    expect(byAdmin.json().message).toContain('it needs one of the roles qa');
    const badMeaning = await server.as('quinn.qa', 'POST', STATUS('PVP-077'), body({ meaning: 'performed' }));
    expect(badMeaning.statusCode).toBe(400);
    expect(badMeaning.json().message).toContain('body/meaning');
    expect(await lotOf('PVP-077')).toEqual(before);
  });

  it('moves quarantine → released → on hold → rejected, each signed and audited with before and after; a rejected lot stays rejected', async () => {
    expect((await server.as('ada.admin', 'PUT', '/api/v1/master-data/lot/PVP-090', { data: { id: 'PVP-090', materialId: 'PVP', status: 'quarantine', expiry: '2028-03-31' }, reason: 'goods receipt GR-90' })).statusCode).toBe(200);
    const releaseWithWrongMeaning = await server.as('quinn.qa', 'POST', STATUS('PVP-090'), body({ status: 'released', meaning: 'approved' }));
    expect(releaseWithWrongMeaning.statusCode).toBe(400);
    expect(releaseWithWrongMeaning.json().message).toBe('body/meaning must be "released" to release lot PVP-090');
    const released = await signedLotStatus(server, 'PVP-090', 'released', 'CoA checked, QC release QC-90');
    expect(released.statusCode, released.body).toBe(200);
    expect(released.json()).toMatchObject({ id: 'PVP-090', before: 'quarantine', status: 'released', signedBy: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released' });
    expect((await signedLotStatus(server, 'PVP-090', 'on-hold', 'complaint C-3')).statusCode).toBe(200);
    expect((await signedLotStatus(server, 'PVP-090', 'rejected', 'OOS assay, investigation QA-21')).statusCode).toBe(200);
    expect(await lotOf('PVP-090')).toMatchObject({ status: 'rejected', statusReason: 'OOS assay, investigation QA-21' });

    const again = await signedLotStatus(server, 'PVP-090', 'released', 'try again');
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe('lot PVP-090 is rejected: a rejected lot is never used again, make a new lot');
    expect((await signedLotStatus(server, 'PVP-090', 'rejected', 'twice')).json().message).toBe('lot PVP-090 is already rejected');
    expect((await signedLotStatus(server, 'NO-SUCH-LOT', 'released', 'x')).statusCode).toBe(404);

    const audit = await server.app.db.selectFrom('audit_log').select(['actor', 'action', 'reason', 'details']).where('target', '=', 'lot/PVP-090').orderBy('audit_id').execute();
    expect(audit.map((a) => a.reason)).toEqual(['goods receipt GR-90', 'CoA checked, QC release QC-90', 'complaint C-3', 'OOS assay, investigation QA-21']);
    expect(audit[3]).toMatchObject({ actor: 'quinn.qa', action: 'master-data.changed' });
    expect(JSON.parse(audit[3]!.details)).toMatchObject({
      before: { status: 'on-hold', statusReason: 'complaint C-3' },
      after: { status: 'rejected', statusReason: 'OOS assay, investigation QA-21' },
      statusChange: { from: 'on-hold', to: 'rejected' },
      signature: { userId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'approved', components: 'id-and-password' },
    });
  });
});
