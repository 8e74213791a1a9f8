import { expect, it } from 'vitest';
import { generateKioskKey, keyFingerprint } from '@lineside/sync-protocol/node';
import { insertStation } from '../../apps/sync-server/src/db/stations.js';
import { onEachEngine } from './support/suite.js';

type Key = { keyId: string; keyNumber: number; fingerprint: string; state: string; hostname: string | null; appVersion: string | null; approvedBy: string | null; retiredAt: string | null };
type Kiosk = { kioskId: string; status: string; keyId: string; pendingKeyId: string | null; statusChangedBy: string | null; statusReason: string | null; keys: Key[] };
type Station = { stationId: string; name: string; kioskId: string; kiosk: Kiosk | null; openCodes: { codeId: string; issuedBy: string; issuedAt: string; expiresAt: string }[] };
type Stations = { stations: Station[]; total: number };

onEachEngine('stations and kiosks administration', (server) => {
  const enroll = (code: string, hostname: string) => {
    const key = generateKioskKey();
    return server.app.inject({ method: 'POST', url: '/sync/v1/enroll', payload: { code, publicKey: key.publicKey, hostname, appVersion: '0.2.0' } }).then((response) => ({ response, fingerprint: keyFingerprint(key.publicKey) }));
  };
  const stations = async (query = '') => (await server.as('ada.admin', 'GET', `/api/v1/stations${query}`)).json() as Stations;
  let made = 0;
  const newStation = async () => {
    const stationId = `ADM-${++made}`;
    await insertStation(server.app.db, { station_id: stationId, kiosk_id: `K-${stationId}`, plant_id: 'P1', name: `admin test booth ${made}`, offline_grace_hours: 72 });
    return stationId;
  };

  it('lists every station of the master data, with its kiosk or none, and the open codes an admin issued', async () => {
    const stationId = await newStation();
    const listed = await stations(`?q=${stationId}`);
    expect(listed).toEqual({ total: 1, stations: [{ stationId, name: expect.stringContaining('admin test booth'), kioskId: `K-${stationId}`, kiosk: null, openCodes: [] }] });

    await server.enrollmentCode(stationId);
    const withCode = await stations(`?q=${stationId}`);
    expect(withCode.stations[0]!.openCodes).toEqual([{ codeId: expect.stringMatching(/^[0-9a-f]{16}$/), issuedBy: 'ada.admin', issuedAt: server.clock.toISOString(), expiresAt: new Date(server.clock.getTime() + 24 * 3_600_000).toISOString() }]);

    const all = await stations();
    expect(all.stations.map((s) => s.stationId)).toEqual(expect.arrayContaining(['DISP-1', 'GRAN-1', stationId]));
  });

  it('keeps every key of a re-enrolled kiosk with its fingerprint, host and state, and retires the old one on approval', async () => {
    const stationId = await newStation();
    const kioskId = `K-${stationId}`;
    const first = await enroll(await server.enrollmentCode(stationId), 'booth-old');
    expect(first.response.statusCode).toBe(201);
    const pending = (await stations(`?q=${stationId}&status=awaiting-approval`)).stations[0]!.kiosk!;
    expect(pending).toMatchObject({ status: 'pending', keys: [{ keyId: `${kioskId}#1`, keyNumber: 1, fingerprint: first.fingerprint, state: 'in-use', hostname: 'booth-old', appVersion: '0.2.0', approvedBy: null }] });
    expect((await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kioskId}/approve`, { keyId: `${kioskId}#1` })).statusCode).toBe(200);

    const second = await enroll(await server.enrollmentCode(stationId), 'booth-new');
    const replaced = (await stations(`?q=${stationId}&status=awaiting-approval`)).stations[0]!.kiosk!;
    expect(replaced).toMatchObject({ status: 'active', keyId: `${kioskId}#1`, pendingKeyId: `${kioskId}#2` });
    expect(replaced.keys).toMatchObject([
      { keyId: `${kioskId}#1`, fingerprint: first.fingerprint, state: 'in-use', hostname: 'booth-old', approvedBy: 'ada.admin' },
      { keyId: `${kioskId}#2`, fingerprint: second.fingerprint, state: 'waiting', hostname: 'booth-new', approvedBy: null },
    ]);
    // The fingerprint is searchable: the admin may type what the kiosk shows.
    expect((await stations(`?q=${second.fingerprint.slice(4, 12)}`)).stations.map((s) => s.stationId)).toEqual([stationId]);

    const approved = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kioskId}/approve`, { keyId: `${kioskId}#2` });
    expect(approved.statusCode).toBe(200);
    expect((approved.json() as Kiosk).keys).toMatchObject([
      { keyId: `${kioskId}#1`, state: 'retired', retiredAt: server.clock.toISOString() },
      { keyId: `${kioskId}#2`, state: 'in-use', approvedBy: 'ada.admin' },
    ]);
    const kiosks = (await server.as('ada.admin', 'GET', '/api/v1/kiosks')).json() as { kiosks: Kiosk[] };
    expect(kiosks.kiosks.find((k) => k.kioskId === kioskId)!.keys.map((k) => k.state)).toEqual(['retired', 'in-use']);
  });

  it('refuses to approve a key other than the one whose fingerprint the admin compared', async () => {
    const stationId = await newStation();
    const kioskId = `K-${stationId}`;
    await enroll(await server.enrollmentCode(stationId), 'booth-a');
    // A second kiosk used a second code before the admin pressed Approve: its key replaced the first.
    await enroll(await server.enrollmentCode(stationId), 'booth-b');
    const refused = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kioskId}/approve`, { keyId: `${kioskId}#1` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ status: 'error', reason: 'conflict', message: expect.stringContaining(`is now ${kioskId}#2, not ${kioskId}#1`) });
    expect((await stations(`?q=${stationId}`)).stations[0]!.kiosk).toMatchObject({ status: 'pending' });
  });

  it('revokes with a reason that names who and why, refuses a blank reason and a second revocation', async () => {
    const kiosk = await server.freshKiosk();
    const blank = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/revoke`, { reason: '   ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ status: 'error', message: expect.stringContaining('reason') });
    const revoked = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/revoke`, { reason: 'tablet dropped, replaced' });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ status: 'revoked', statusChangedBy: 'ada.admin', statusReason: 'tablet dropped, replaced' });
    const again = await server.as('ada.admin', 'POST', `/api/v1/kiosks/${kiosk.kioskId}/revoke`, { reason: 'again' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ reason: 'conflict', message: expect.stringContaining(`kiosk ${kiosk.kioskId} is already revoked (by ada.admin`) });
    const listed = await stations('?status=revoked');
    expect(listed.stations.map((s) => s.kioskId)).toContain(kiosk.kioskId);
    expect(listed.stations.every((s) => s.kiosk?.status === 'revoked')).toBe(true);
  });

  it('filters by no kiosk and pages with a total', async () => {
    await newStation();
    await newStation();
    const none = await stations('?status=no-kiosk&q=ADM-');
    expect(none.total).toBeGreaterThanOrEqual(2);
    expect(none.stations.every((s) => s.kiosk === null)).toBe(true);
    const page = await stations('?status=no-kiosk&q=ADM-&limit=1&offset=1');
    expect(page).toMatchObject({ total: none.total, stations: [none.stations[1]] });
  });

  it('is for admins only, and refuses a filter it does not know, naming it', async () => {
    for (const userId of ['sam.supervisor', 'quinn.qa', 'olivia.operator']) {
      const response = await server.as(userId, 'GET', '/api/v1/stations');
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 'error', reason: 'forbidden' });
    }
    expect((await server.app.inject({ method: 'GET', url: '/api/v1/stations' })).statusCode).toBe(401);
    const bad = await server.as('ada.admin', 'GET', '/api/v1/stations?status=broken');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ status: 'error', message: expect.stringContaining('status') });
    const badPage = await server.as('ada.admin', 'GET', '/api/v1/stations?limit=0');
    expect(badPage.statusCode).toBe(400);
    expect(badPage.json()).toMatchObject({ message: expect.stringContaining('limit') });
  });

  it('refuses approval and revocation of a kiosk that never enrolled, naming it', async () => {
    for (const what of ['approve', 'revoke']) {
      const response = await server.as('ada.admin', 'POST', `/api/v1/kiosks/K-NOWHERE/${what}`, what === 'revoke' ? { reason: 'lost' } : {});
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ status: 'error', reason: 'not-found', message: 'kiosk K-NOWHERE is not enrolled' });
    }
    const asQa = await server.as('quinn.qa', 'POST', '/api/v1/kiosks/K-DISP-1/approve', {});
    expect(asQa.statusCode).toBe(403);
  });

  it('documents the stations list and the key history in the OpenAPI document, with their response schemas', async () => {
    const doc = (await server.app.inject({ method: 'GET', url: '/docs/json' })).json() as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, { items?: { properties: Record<string, unknown> } }> } }> }> }>> };
    const schema = (path: string, method: string) => doc.paths[path]![method]!.responses['200']!.content!['application/json']!.schema;
    expect(Object.keys(schema('/api/v1/stations', 'get').properties)).toEqual(['stations', 'total']);
    expect(Object.keys(schema('/api/v1/kiosks', 'get').properties['kiosks']!.items!.properties)).toContain('keys');
    expect(doc.paths['/api/v1/kiosks/{kioskId}/approve']!['post']!.responses['409']).toBeDefined();
  });

  it('issues a code only with a reason, kept in the audit log with the code\'s id (never the code)', async () => {
    const stationId = await newStation();
    const missing = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { stationId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ status: 'error', message: expect.stringContaining('reason') });
    const blank = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { stationId, reason: '  ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ status: 'error', message: expect.stringContaining('reason') });
    expect((await stations(`?q=${stationId}`)).stations[0]!.openCodes).toEqual([]);

    const issued = await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { stationId, reason: ' booth PC replaced after a disk failure ' });
    expect(issued.statusCode, issued.body).toBe(201);
    const { code, codeId } = issued.json() as { code: string; codeId: string };
    const audit = (await server.as('ada.admin', 'GET', `/api/v1/audit?action=enrollment-code.issued&target=K-${stationId}`)).json() as { entries: { actor: string; reason: string; details: Record<string, unknown> }[] };
    expect(audit.entries).toMatchObject([{ actor: 'ada.admin', reason: 'booth PC replaced after a disk failure', details: { stationId, codeId } }]);
    expect(JSON.stringify(audit.entries)).not.toContain(code.split('@')[0]);
  });

  it('withdraws an open code with a reason, audit-logged: no kiosk can enroll with it, and it leaves the list', async () => {
    const stationId = await newStation();
    const issued = (await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId })).json() as { code: string; codeId: string };
    const listed = (await stations(`?q=${stationId}`)).stations[0]!.openCodes;
    expect(listed.map((c) => c.codeId)).toEqual([issued.codeId]);
    // The id names the code without being it.
    expect(issued.code).not.toContain(issued.codeId);

    const blank = await server.as('ada.admin', 'POST', `/api/v1/enrollment-codes/${issued.codeId}/withdraw`, { reason: ' ' });
    expect(blank.statusCode).toBe(400);
    expect(blank.json()).toMatchObject({ status: 'error', message: expect.stringContaining('reason') });
    const asQa = await server.as('quinn.qa', 'POST', `/api/v1/enrollment-codes/${issued.codeId}/withdraw`, { reason: 'not mine to withdraw' });
    expect(asQa.statusCode).toBe(403);

    const withdrawn = await server.as('ada.admin', 'POST', `/api/v1/enrollment-codes/${issued.codeId}/withdraw`, { reason: 'code read out on an open line' });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).toEqual({ codeId: issued.codeId, stationId, withdrawnAt: server.clock.toISOString(), withdrawnBy: 'ada.admin', reason: 'code read out on an open line' });
    expect((await stations(`?q=${stationId}`)).stations[0]!.openCodes).toEqual([]);
    const refused = await enroll(issued.code, 'booth-late');
    expect(refused.response.statusCode).toBe(410);
    expect(refused.response.json()).toMatchObject({ reason: 'enrollment-code-expired' });

    const audit = (await server.as('ada.admin', 'GET', `/api/v1/audit?action=enrollment-code.withdrawn&target=K-${stationId}`)).json() as { entries: { actor: string; reason: string; details: Record<string, unknown> }[] };
    expect(audit.entries).toMatchObject([{ actor: 'ada.admin', reason: 'code read out on an open line', details: { stationId, codeId: issued.codeId, issuedBy: 'ada.admin' } }]);

    const again = await server.as('ada.admin', 'POST', `/api/v1/enrollment-codes/${issued.codeId}/withdraw`, { reason: 'twice' });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ status: 'error', reason: 'not-found', message: `enrollment code ${issued.codeId} is not open: it was used, expired or withdrawn, or never issued` });
  });

  it('refuses to withdraw a code a kiosk already used', async () => {
    const stationId = await newStation();
    const issued = (await server.as('ada.admin', 'POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId })).json() as { code: string; codeId: string };
    expect((await enroll(issued.code, 'booth-quick')).response.statusCode).toBe(201);
    const refused = await server.as('ada.admin', 'POST', `/api/v1/enrollment-codes/${issued.codeId}/withdraw`, { reason: 'too late' });
    expect(refused.statusCode).toBe(404);
    expect(refused.json()).toMatchObject({ reason: 'not-found', message: expect.stringContaining(issued.codeId) });
  });
});
