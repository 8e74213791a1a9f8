import { expect, it } from 'vitest';
import { recordHash } from '@lineside/sync-protocol/node';
import { onEachEngine } from './support/suite.js';

onEachEngine('records: JSON API, supervisor page, OpenAPI, health', (server) => {
  it('lists received records with their values and verification to reviewers, not to operators', async () => {
    const kiosk = await server.freshKiosk();
    const records = kiosk.next(2);
    expect((await server.push(kiosk, kiosk.pushBody(records))).statusCode).toBe(200);
    const response = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}&afterSeq=0&limit=10`);
    expect(response.statusCode).toBe(200);
    const listed = (response.json() as { records: Record<string, unknown>[] }).records;
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatchObject({
      kioskId: kiosk.kioskId,
      seq: 1,
      id: records[0]!.id,
      type: 'weighing.recorded',
      hash: recordHash(records[0]!),
      occurredAt: records[0]!.occurredAt,
      receivedAt: server.clock.toISOString(),
      actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' },
      payload: { equipmentId: 'BAL-01', value: '12.345', unit: 'g', basis: 'net', stable: true },
      subject: { equipment: 'BAL-01' },
      signatureVerified: true,
      keyId: kiosk.keyId,
      flags: [],
    });
    const afterFirst = await server.as('quinn.qa', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}&afterSeq=1`);
    expect((afterFirst.json() as { records: { seq: number }[] }).records.map((r) => r.seq)).toEqual([2]);
    const operator = await server.as('olivia.operator', 'GET', '/api/v1/records');
    expect(operator.statusCode).toBe(403);
    expect(operator.json()).toMatchObject({ reason: 'forbidden', message: expect.stringContaining('olivia.operator') });
  });

  it('flags, after storing, a weighing on a balance whose calibration had expired', async () => {
    const kiosk = await server.freshKiosk();
    const record = kiosk.sign(kiosk.weighing('20.00', { subject: { equipment: 'BAL-03' }, payload: { equipmentId: 'BAL-03', value: '20.00', unit: 'kg', basis: 'net', stable: true, raw: 'ST,NT,+0020.00  kg', readAt: server.clock.toISOString() } }));
    const response = await server.push(kiosk, kiosk.pushBody([record]));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ accepted: 1 });
    const listed = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}`);
    expect((listed.json() as { records: { flags: unknown[] }[] }).records[0]!.flags).toEqual([
      { code: 'CAL_INVALID_AT_USE', message: 'Equipment BAL-03 was used on 2026-11-25 but its calibration was due 2026-11-24' },
    ]);
  });

  it('shows the records page after signing in through the login form, with one row per record', async () => {
    const anonymous = await server.app.inject({ method: 'GET', url: '/records' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Frecords');

    const wrong = await server.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'userId=sam.supervisor&password=nope&next=%2Frecords' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('The user id or the password is wrong, or the account is locked after repeated failures.');

    const form = new URLSearchParams({ userId: 'sam.supervisor', password: server.credentials['sam.supervisor']!.password, next: '/records' });
    const login = await server.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/records');
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^lineside_session=[^;]+; HttpOnly; SameSite=Strict; Path=\//);

    const kiosk = await server.freshKiosk();
    const [record] = kiosk.next(1);
    await server.push(kiosk, kiosk.pushBody([record!]));
    const page = await server.app.inject({ method: 'GET', url: '/records', headers: { cookie: cookie.split(';')[0]! } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const row = new RegExp(`<tr data-kiosk-id="${kiosk.kioskId}" data-seq="1" data-type="weighing.recorded"[^>]*>([\\s\\S]*?)</tr>`).exec(page.body);
    expect(row, 'row of the pushed record').not.toBeNull();
    expect(row![1]).toContain('12.345 g net, BAL-01, stable');
    expect(row![1]).toContain('Olivia Operator (olivia.operator)');
    expect(row![1]).toContain('signature verified ✓');
    expect(row![1]).toContain(recordHash(record!).slice(0, 19));
    expect(row![1]).toContain(kiosk.keyId);
  });

  it('escapes what kiosks send before it reaches the page', async () => {
    const kiosk = await server.freshKiosk();
    const deviation = { type: 'DeviationOpened', at: '2026-11-25T09:00:00+01:00', deviationId: 'D-1', severity: 'low', title: '<script>alert(1)</script>', description: 'x', openedBy: 'olivia.operator' };
    const record = kiosk.sign(kiosk.weighing('1.000', { type: 'deviation.deviation-opened', payloadSchema: 'deviation.deviation-opened@1', subject: { deviation: 'D-1' }, payload: deviation }));
    expect((await server.push(kiosk, kiosk.pushBody([record]))).statusCode).toBe(200);
    const login = await server.app.inject({ method: 'POST', url: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ userId: 'quinn.qa', password: server.credentials['quinn.qa']!.password }).toString() });
    const page = await server.app.inject({ method: 'GET', url: '/records', headers: { cookie: String(login.headers['set-cookie']).split(';')[0]! } });
    expect(page.body).toContain('title: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
  });

  it('publishes an OpenAPI document listing the routes', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    for (const [path, method] of [
      ['/sync/v1/enroll', 'post'],
      ['/sync/v1/kiosk', 'get'],
      ['/sync/v1/push', 'post'],
      ['/sync/v1/server-key', 'get'],
      ['/api/v1/sessions', 'post'],
      ['/api/v1/enrollment-codes', 'post'],
      ['/api/v1/kiosks', 'get'],
      ['/api/v1/kiosks/{kioskId}/approve', 'post'],
      ['/api/v1/kiosks/{kioskId}/revoke', 'post'],
      ['/api/v1/records', 'get'],
      ['/healthz', 'get'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
    }
    const docs = await server.app.inject({ method: 'GET', url: '/docs' });
    expect(docs.body).toContain('href="/docs/json"');
  });

  it('reports health with the engine', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok', engine: server.database.engine, serverTime: server.clock.toISOString() });
  });
});
