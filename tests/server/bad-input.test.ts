import { expect, it } from 'vitest';
import { MAX_BATCH_BYTES } from '@lineside/sync-protocol';
import { onEachEngine } from './support/suite.js';
import type { TestKiosk } from './support/kiosk.js';

// Every malformed request gets a 4xx with a reason, never a 500, and stores nothing.
onEachEngine('bad input', (server) => {
  let kiosk: TestKiosk;
  const refusedWith = async (body: string, status: number, reason: string, message?: RegExp, contentType = 'application/json') => {
    kiosk ??= await server.freshKiosk();
    const response = await server.push(kiosk, body, { 'content-type': contentType });
    expect(response.statusCode).toBe(status);
    const json = response.json() as { status: string; reason: string; message: string };
    expect(json).toMatchObject({ status: 'error', reason });
    if (message) expect(json.message).toMatch(message);
    expect(json.message).not.toMatch(/at .+\.(ts|js):\d+/); // no stack trace
    expect(await server.storedRecords(kiosk.kioskId)).toEqual([]);
    return json;
  };

  it('refuses malformed JSON', async () => {
    await refusedWith('{"kioskId": "K-1", "records": [', 400, 'malformed-json', /not valid JSON/);
  });

  it('refuses an unknown field, naming it', async () => {
    kiosk ??= await server.freshKiosk();
    const body = JSON.stringify({ kioskId: kiosk.kioskId, keyId: kiosk.keyId, records: kiosk.next(1), comment: 'hi' });
    await refusedWith(body, 400, 'invalid-body', /unknown field 'comment'/);
  });

  it('refuses a wrong-typed field of a record as invalid-record, naming its path', async () => {
    const [record] = kiosk.next(1);
    const body = JSON.stringify({ kioskId: kiosk.kioskId, keyId: kiosk.keyId, records: [{ ...record, seq: '1' }] });
    await refusedWith(body, 400, 'invalid-record', /body\/records\/0\/seq/);
  });

  it('refuses an empty batch and a missing member', async () => {
    await refusedWith(JSON.stringify({ kioskId: kiosk.kioskId, keyId: kiosk.keyId, records: [] }), 400, 'invalid-body', /records/);
    await refusedWith(JSON.stringify({ kioskId: kiosk.kioskId, records: [] }), 400, 'invalid-body', /keyId/);
  });

  it('refuses a body over 2 MB with 413', async () => {
    const padding = 'x'.repeat(MAX_BATCH_BYTES);
    await refusedWith(JSON.stringify({ kioskId: kiosk.kioskId, keyId: kiosk.keyId, records: [], padding }), 413, 'body-too-large');
  });

  it('refuses a content type other than JSON with 415', async () => {
    await refusedWith('kioskId=K-1', 415, 'unsupported-media-type', /application\/json/, 'text/plain');
  });

  it('refuses a __proto__ key', async () => {
    await refusedWith('{"__proto__": {"admin": true}, "kioskId": "K"}', 400, 'malformed-json', /__proto__/);
  });

  it('answers an unknown route with 404 not-found in the error body', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/sync/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 'error', reason: 'not-found', message: expect.stringContaining('/sync/v1/nothing-here') });
  });

  it('refuses a wrong-typed query parameter on the records API', async () => {
    const response = await server.as('sam.supervisor', 'GET', '/api/v1/records?afterSeq=abc');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'invalid-body', message: expect.stringContaining('afterSeq') });
  });
});
