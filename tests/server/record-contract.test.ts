// Issue 9 §1: every pushed record must match the record contract of its payloadSchema, defined once in
// @lineside/sync-protocol; an unknown type@version or a malformed payload refuses the batch (nothing stored).
import { expect, it } from 'vitest';
import { onEachEngine } from './support/suite.js';

onEachEngine('record contract on push', (server) => {
  it('refuses an unknown type@version with invalid-record naming the seq and the path, and stores nothing of the batch', async () => {
    const kiosk = await server.freshKiosk();
    const good = kiosk.sign(kiosk.weighing('1.000'));
    const unknown = kiosk.sign(kiosk.weighing('2.000', { type: 'note.recorded', payloadSchema: 'note.recorded@1', payload: { note: 'hello' } }));
    const response = await server.push(kiosk, kiosk.pushBody([good, unknown]));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ status: 'error', reason: 'invalid-record', seq: 2, path: '/payloadSchema', message: expect.stringMatching(/^record seq 2 .*note\.recorded@1.* not in the record catalog/) });
    expect(await server.storedRecords(kiosk.kioskId)).toEqual([]);
  });

  it('refuses a payload that does not match its schema, naming the JSON path', async () => {
    const kiosk = await server.freshKiosk();
    const weighing = kiosk.weighing('1.000');
    const float = kiosk.sign({ ...weighing, payload: { ...weighing.payload, value: 15 } }); // a number where the contract wants the balance's text
    const response = await server.push(kiosk, kiosk.pushBody([float]));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ reason: 'invalid-record', seq: 1, path: '/payload/value', message: expect.stringContaining('/payload/value') });

    const kiosk2 = await server.freshKiosk();
    const release = kiosk2.sign(
      kiosk2.weighing('0', {
        type: 'hold.hold-released',
        payloadSchema: 'hold.hold-released@1',
        subject: { hold: 'H-1' },
        // the shape the server's hold code once read, without the e-signature the kiosk always records
        payload: { type: 'HoldReleased', at: '2026-11-25T09:00:00+00:00', holdId: 'H-1', target: { kind: 'lot', id: 'PVP-077' }, reason: 'ok', releasedBy: 'quinn.qa' },
      }),
    );
    const refused = await server.push(kiosk2, kiosk2.pushBody([release]));
    expect(refused.json()).toMatchObject({ reason: 'invalid-record', seq: 1, path: '/payload' });
    expect(await server.storedRecords(kiosk2.kioskId)).toEqual([]);
  });
});
