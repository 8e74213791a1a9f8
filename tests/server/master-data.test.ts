import { verify } from 'node:crypto';
import { expect, it } from 'vitest';
import { canonicalize } from '@lineside/sync-protocol';
import { importPublicKey } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';
import type { TestKiosk } from './support/kiosk.js';
import { signedLotStatus } from './support/lots.js';

type Pull = { from: number; to: number; complete: boolean; changes: { entity: string; id: string; version: number; op: string; data: Record<string, unknown> | null }[]; sig: string; serverKeyId: string };

onEachEngine('master data: admin API and pull by version', (server) => {
  let kiosk: TestKiosk;
  const pull = async (cursor: number, limit = 1000) => {
    const url = `/sync/v1/pull?cursor=${cursor}&limit=${limit}`;
    return server.app.inject({ method: 'GET', url, headers: { authorization: kiosk.authorization('GET', url) } });
  };

  it('ships the seeded plant at version 1, users with their PIN verifier only, signed by the server', async () => {
    kiosk = await server.kiosk('DISP-1');
    const response = await pull(0);
    expect(response.statusCode).toBe(200);
    const body = response.json() as Pull;
    expect(body).toMatchObject({ from: 0, to: 1, complete: true });
    // Every entity is put, except GRAN-1's own operator: DISP-1's kiosk learns only that she is not its user.
    expect(body.changes.every((c) => c.version === 1)).toBe(true);
    expect(body.changes.filter((c) => c.op !== 'put').map((c) => `${c.entity}/${c.id}`)).toEqual(['user/gina.granulation']);
    const lot = body.changes.find((c) => c.entity === 'lot' && c.id === 'CCS-031');
    expect(lot?.data).toMatchObject({ status: 'on-hold', materialId: 'CCS' });
    const user = body.changes.find((c) => c.entity === 'user' && c.id === 'olivia.operator')!;
    expect(user.data).toMatchObject({ badge: '100001', pinVerifier: expect.stringMatching(/^scrypt\$/) });
    expect(JSON.stringify(user.data)).not.toContain(server.credentials['olivia.operator']!.pin);
    // Kiosks check PINs, never passwords: the password verifier stays on the server.
    expect(body.changes.some((c) => c.entity === 'user' && c.data !== null && 'passwordVerifier' in c.data)).toBe(false);

    const key = (await server.app.inject({ method: 'GET', url: '/sync/v1/server-key' })).json() as { publicKey: string };
    const { sig, ...unsigned } = body;
    expect(verify(null, Buffer.from(canonicalize(unsigned)), importPublicKey(key.publicKey), Buffer.from(sig, 'base64url'))).toBe(true);
    expect((await pull(1)).json()).toMatchObject({ from: 1, to: 1, complete: true, changes: [] });
  });

  it("sends a kiosk only the users who may work at its station: another station's operator is a remove, without verifier", async () => {
    const granulation = await server.kiosk('GRAN-1');
    const url = '/sync/v1/pull?cursor=0&limit=1000';
    const body = (await server.app.inject({ method: 'GET', url, headers: { authorization: granulation.authorization('GET', url) } })).json() as Pull;
    const users = body.changes.filter((c) => c.entity === 'user');
    // Olivia and Oscar work at DISP-1 only: GRAN-1's kiosk learns they are not its users, nothing more.
    expect(users.find((c) => c.id === 'olivia.operator')).toEqual({ entity: 'user', id: 'olivia.operator', version: 1, op: 'remove', data: null });
    expect(users.find((c) => c.id === 'oscar.operator')).toMatchObject({ op: 'remove', data: null });
    expect(JSON.stringify(body)).not.toContain('100001');
    // QA, supervisor, maintenance and admin serve every station; Gina is GRAN-1's own operator.
    const served = users.filter((c) => c.op === 'put').map((c) => c.id);
    expect(served.sort()).toEqual(['ada.admin', 'gina.granulation', 'max.maintenance', 'quinn.qa', 'sam.supervisor']);
    expect(users.find((c) => c.id === 'quinn.qa')?.data).toMatchObject({ pinVerifier: expect.stringMatching(/^scrypt\$/) });
    // The dispensary's kiosk gets all six, Olivia with her verifier.
    const dispensary = ((await pull(0)).json() as Pull).changes.filter((c) => c.entity === 'user' && c.op === 'put').map((c) => c.id);
    expect(dispensary).toHaveLength(6);
  });

  it('lets QA put a lot on hold with a reason; the change arrives at the next version with an audit entry', async () => {
    const lot = { id: 'MCC-118', materialId: 'MCC', status: 'on-hold', expiry: '2028-01-31', statusReason: 'moisture out of spec, DEV-7' };
    const response = await signedLotStatus(server, 'MCC-118', 'on-hold', 'moisture out of spec, DEV-7');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ id: 'MCC-118', before: 'released', status: 'on-hold', version: 2, signedBy: 'quinn.qa', meaning: 'approved' });
    const changes = ((await pull(1)).json() as Pull).changes;
    expect(changes).toEqual([{ entity: 'lot', id: 'MCC-118', version: 2, op: 'put', data: lot }]);
    const audit = await server.app.db.selectFrom('audit_log').selectAll().where('target', '=', 'lot/MCC-118').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: 'quinn.qa', action: 'master-data.changed', reason: 'moisture out of spec, DEV-7' });
    expect(JSON.parse(audit[0]!.details)).toMatchObject({ version: 2, before: { status: 'released' }, after: { status: 'on-hold' } });
  });

  it('refuses writers without the role, unknown entities, and a change without a reason', async () => {
    const operator = await server.as('olivia.operator', 'PUT', '/api/v1/master-data/lot/MCC-118', { data: { id: 'MCC-118' }, reason: 'x' });
    expect(operator.statusCode).toBe(403);
    const qaOnEquipment = await server.as('quinn.qa', 'PUT', '/api/v1/master-data/equipment/BAL-01', { data: { id: 'BAL-01' }, reason: 'x' });
    expect(qaOnEquipment.statusCode).toBe(403);
    expect(qaOnEquipment.json().message).toContain('needs one of the roles admin');
    const unknown = await server.as('ada.admin', 'PUT', '/api/v1/master-data/spaceship/X-1', { data: {}, reason: 'x' });
    expect(unknown.statusCode).toBe(400);
    const noReason = await server.as('ada.admin', 'PUT', '/api/v1/master-data/material/PCM', { data: { id: 'PCM' } });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toContain('reason');
    expect(((await pull(2)).json() as Pull).changes).toEqual([]);
  });

  it('removes an entity as a remove change, and pages never split a version', async () => {
    const removed = await server.as('ada.admin', 'DELETE', '/api/v1/master-data/order/ORD-0001', { reason: 'batch cancelled' });
    expect(removed.statusCode).toBe(200);
    expect(removed.json()).toMatchObject({ version: 3, op: 'remove' });
    expect(((await pull(2)).json() as Pull).changes).toEqual([{ entity: 'order', id: 'ORD-0001', version: 3, op: 'remove', data: null }]);
    const missing = await server.as('ada.admin', 'DELETE', '/api/v1/master-data/order/ORD-0001', { reason: 'again' });
    expect(missing.statusCode).toBe(404);

    // Version 1 holds the whole seed: a page of 5 still carries all of it, marked incomplete.
    const first = (await pull(0, 5)).json() as Pull;
    expect(first.to).toBe(1);
    expect(first.complete).toBe(false);
    expect(first.changes.length).toBeGreaterThan(5);
    expect(new Set(first.changes.map((c) => c.version))).toEqual(new Set([1]));
    const rest = (await pull(1, 5)).json() as Pull;
    expect(rest).toMatchObject({ from: 1, to: 3, complete: true });
    expect(rest.changes.map((c) => c.version)).toEqual([2, 3]);
  });

  it('gives a revoked kiosk nothing', async () => {
    await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/revoke`, { reason: 'decommissioned' });
    const response = await pull(0);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ reason: 'kiosk-revoked' });
  });
});
