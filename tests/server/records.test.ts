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

  it('opens the records browser after signing in through the login form, and gives its page the records by the session cookie', async () => {
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
    expect(cookie).not.toContain('Secure'); // plain HTTP here; Secure is set over TLS (web-app.test.ts)

    const page = await server.app.inject({ method: 'GET', url: '/records', headers: { cookie: cookie.split(';')[0]! } });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('data-fixture="web-root"'); // the web app's index.html

    // What the page then asks for, by cookie: the pushed record, newest first, readable.
    const kiosk = await server.freshKiosk();
    const [record] = kiosk.next(1);
    await server.push(kiosk, kiosk.pushBody([record!]));
    const listed = await server.app.inject({ method: 'GET', url: `/api/v1/records?sort=newest&kioskId=${kiosk.kioskId}`, headers: { cookie: cookie.split(';')[0]! } });
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json()).toMatchObject({
      total: 1,
      offset: 0,
      records: [{ kioskId: kiosk.kioskId, seq: 1, keyId: kiosk.keyId, hash: recordHash(record!), actor: { userId: 'olivia.operator', printedName: 'Olivia Operator' }, payload: { value: '12.345', unit: 'g', basis: 'net', equipmentId: 'BAL-01', stable: true }, signatureVerified: true }],
    });
  });

  it('filters by kiosk, type, user, order and event time, newest first, paged with the total', async () => {
    const kiosk = await server.freshKiosk();
    const other = await server.freshKiosk();
    // Event times in two offsets: 09:30+01:00 is 08:30Z, before 09:00Z; 10:30+01:00 is 09:30Z, after.
    const early = kiosk.sign(kiosk.weighing('1.000', { occurredAt: '2026-11-25T09:30:00.000+01:00' }));
    const late = kiosk.sign(kiosk.weighing('2.000', { occurredAt: '2026-11-25T10:30:00.000+01:00', actor: { kind: 'user', userId: 'oscar.operator', printedName: 'Oscar Operator' } }));
    // A deviation opened on an order belongs to it (order_id filled at ingest).
    const deviation = { type: 'DeviationOpened', at: '2026-11-25T10:45:00+01:00', deviationId: 'D-42', severity: 'low', title: 'Spill', description: 'x', orderId: 'ORD-0042', openedBy: 'olivia.operator' };
    const onOrder = kiosk.sign(kiosk.weighing('3.000', { occurredAt: '2026-11-25T10:45:00.000+01:00', type: 'deviation.deviation-opened', payloadSchema: 'deviation.deviation-opened@1', subject: { deviation: 'D-42' }, payload: deviation }));
    const pushed = await server.push(kiosk, kiosk.pushBody([early, late, onOrder]));
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect((await server.push(other, other.pushBody(other.next(2)))).statusCode).toBe(200);
    const seqs = async (query: string) => {
      const response = await server.as('quinn.qa', 'GET', `/api/v1/records?sort=newest&${query}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as { records: { kioskId: string; seq: number }[]; total: number };
      return { seqs: body.records.map((r) => `${r.kioskId === kiosk.kioskId ? 'k' : 'o'}${r.seq}`), total: body.total };
    };
    expect(await seqs(`kioskId=${kiosk.kioskId}`)).toEqual({ seqs: ['k3', 'k2', 'k1'], total: 3 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&userId=oscar.operator`)).toEqual({ seqs: ['k2'], total: 1 });
    expect(await seqs('orderId=ORD-0042')).toEqual({ seqs: ['k3'], total: 1 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&from=${encodeURIComponent('2026-11-25T09:00:00Z')}`)).toEqual({ seqs: ['k3', 'k2'], total: 2 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&to=${encodeURIComponent('2026-11-25T09:00:00Z')}`)).toEqual({ seqs: ['k1'], total: 1 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&limit=2`)).toEqual({ seqs: ['k3', 'k2'], total: 3 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&limit=2&offset=2`)).toEqual({ seqs: ['k1'], total: 3 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&type=weighing.recorded`)).toEqual({ seqs: ['k2', 'k1'], total: 2 });
    expect(await seqs(`kioskId=${kiosk.kioskId}&type=order.weighing-recorded`)).toEqual({ seqs: [], total: 0 });

    const facets = await server.as('sam.supervisor', 'GET', '/api/v1/records/facets');
    expect(facets.json()).toMatchObject({ types: expect.arrayContaining(['weighing.recorded']), kiosks: expect.arrayContaining([kiosk.kioskId, other.kioskId]) });

    const bad = await server.as('sam.supervisor', 'GET', '/api/v1/records?sort=newest&from=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ reason: 'invalid-body', message: expect.stringContaining('querystring/from') });
    const mixed = await server.as('sam.supervisor', 'GET', '/api/v1/records?sort=newest&afterSeq=3');
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json()).toMatchObject({ message: expect.stringContaining('afterSeq') });
  });

  it('reads one record with its chain links and the meaning of its fields', async () => {
    const kiosk = await server.freshKiosk();
    const records = kiosk.next(3);
    expect((await server.push(kiosk, kiosk.pushBody(records))).statusCode).toBe(200);
    const middle = await server.as('sam.supervisor', 'GET', `/api/v1/records/${records[1]!.id}`);
    expect(middle.statusCode, middle.body).toBe(200);
    expect(middle.json()).toMatchObject({ record: { seq: 2, id: records[1]!.id }, chain: { previous: 'links', previousId: records[0]!.id, next: 'links', nextId: records[2]!.id } });
    const first = await server.as('sam.supervisor', 'GET', `/api/v1/records/${records[0]!.id}`);
    expect(first.json()).toMatchObject({ chain: { previous: 'first', next: 'links' }, contract: { description: expect.any(String) } });
    const last = await server.as('sam.supervisor', 'GET', `/api/v1/records/${records[2]!.id}`);
    expect(last.json()).toMatchObject({ chain: { previous: 'links', next: 'not-stored' } });
    const missing = await server.as('sam.supervisor', 'GET', '/api/v1/records/no-such-record');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ reason: 'not-found', message: 'there is no record with id no-such-record' });
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
