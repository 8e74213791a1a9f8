import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Compile } from 'typebox/compile';
import { parseIJson, PushRequestSchema, recordProblem } from '@lineside/sync-protocol';
import { findCursor } from '../../apps/sync-server/src/db/key-cursor.js';
import { sqliteDatabase } from './support/engines.js';
import { ServerUnderTest } from './support/server.js';
import { TestKiosk } from './support/kiosk.js';

// Issue 9 §3: property-based pushes. Most cases run against the parse/validate layer in process; a few
// thousand go through the real route. Never a 5xx, never a hang, nothing stored from a refused batch.

const checkPush = Compile(PushRequestSchema);

/** What the server does with a body before any record is verified: parse, schema, per-record limits. */
function validate(text: string): 'refused' | 'passes' {
  const parsed = parseIJson(text);
  if (!parsed.ok) return 'refused';
  // Whatever the I-JSON parser accepts, JSON.parse reads the same way (no parser differential).
  expect(parsed.value).toEqual(JSON.parse(text));
  if (!checkPush.Check(parsed.value)) return 'refused';
  return parsed.value.records.some((record) => recordProblem(record) !== undefined) ? 'refused' : 'passes';
}

/** A text edit: insert, delete or replace characters somewhere, with characters JSON cares about. */
const mutation = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  cut: fc.integer({ min: 0, max: 4 }),
  insert: fc.oneof(
    fc.constantFrom('"', '\\', '{', '}', '[', ']', ',', ':', ' ', '0', '-1', '1e400', '9007199254740993', '1.5', '\\ud800', '"a":1,', 'null', '\u0000', '\ud800', '[[[[[[[[[['),
    fc.string({ maxLength: 6 }),
  ),
});
const mutate = (text: string, m: { at: number; cut: number; insert: string }) => {
  const at = Math.floor(m.at * text.length);
  return text.slice(0, at) + m.insert + text.slice(at + m.cut);
};

/** A record-shaped object with random members and values: envelopes a careless or hostile client might send. */
const randomEnvelope = fc.dictionary(
  fc.constantFrom('v', 'id', 'kioskId', 'keyId', 'alg', 'seq', 'prevHash', 'type', 'payloadSchema', 'appVersion', 'actor', 'occurredAt', 'time', 'masterDataVersion', 'payload', 'sig', 'x'),
  fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(1, 2 ** 53, -0, 1.5, '2026-02-30T25:61:61Z', 'sha256:00', 'Ed25519')),
);

describe('push fuzzing (issue 9 §3)', () => {
  const kiosk = new TestKiosk(() => new Date('2026-11-25T08:00:00.000Z'));
  const validBody = kiosk.pushBody(kiosk.next(3));

  it('the parse and validation layer never throws or hangs, and agrees with JSON.parse on what it accepts (100,000 cases)', () => {
    fc.assert(fc.property(fc.json({ depthSize: 'medium' }), (text) => void validate(text)), { numRuns: 30_000 });
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => void validate(text)), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.array(randomEnvelope, { minLength: 1, maxLength: 3 }), (records) => {
        expect(validate(JSON.stringify({ kioskId: kiosk.kioskId, keyId: kiosk.keyId, records }))).toBe('refused');
      }),
      { numRuns: 20_000 },
    );
    fc.assert(fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => void validate(edits.reduce(mutate, validBody))), { numRuns: 30_000 });
  }, 120_000);

  it('the real route answers random, envelope-shaped and mutated pushes with < 500 and stores only what it accepts (3,500 cases)', async () => {
    const server = new ServerUnderTest(sqliteDatabase());
    await server.start();
    try {
      const pusher = await server.freshKiosk();
      const count = async () => Number((await server.app.db.selectFrom('records').select((eb) => eb.fn.countAll().as('n')).where('kiosk_id', '=', pusher.kioskId).executeTakeFirstOrThrow()).n);
      let accepted = 0;
      const pushAndCheck = async (body: string) => {
        const before = await count();
        const response = await server.push(pusher, body);
        expect(response.statusCode, response.body).toBeLessThan(500);
        const after = await count();
        if (response.statusCode === 200) {
          expect(after).toBe(before + (response.json() as { accepted: number }).accepted);
          accepted += after - before;
        } else expect(after).toBe(before);
        // The kiosk continues from wherever the server's copy of its chain ends.
        const cursor = (await findCursor(server.app.db, pusher.keyId))!;
        pusher.rewind(cursor.lastSeq, cursor.lastHash);
      };
      await fc.assert(fc.asyncProperty(fc.json({ depthSize: 'small' }), pushAndCheck), { numRuns: 800 });
      await fc.assert(
        fc.asyncProperty(fc.array(randomEnvelope, { minLength: 1, maxLength: 3 }), (records) => pushAndCheck(JSON.stringify({ kioskId: pusher.kioskId, keyId: pusher.keyId, records }))),
        { numRuns: 700 },
      );
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 2 }), (edits) => pushAndCheck(edits.reduce(mutate, pusher.pushBody(pusher.next(2))))),
        { numRuns: 1_500 },
      );
      // Honestly signed records carrying random JSON (floats, huge integers, deep arrays, any text): stored
      // exactly when they keep the record limits, refused as invalid-record otherwise.
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom<unknown>(1.5, 2 ** 53, 1e300, -0, 'x'), async (extra, odd) => {
          const record = pusher.sign(pusher.weighing('1.000', { masterRefs: { extra: extra as never, odd: odd as never } }));
          const problem = recordProblem(record);
          const response = await server.push(pusher, pusher.pushBody([record]));
          expect(response.statusCode, response.body).toBe(problem ? 400 : 200);
          if (problem) expect(response.json()).toMatchObject({ reason: 'invalid-record' });
          else accepted += 1;
          const cursor = (await findCursor(server.app.db, pusher.keyId))!;
          pusher.rewind(cursor.lastSeq, cursor.lastHash);
        }),
        { numRuns: 500 },
      );
      // Some mutations leave a batch intact (white space, a member reordered): those are accepted, and stored once.
      expect(accepted).toBeGreaterThan(0);
      expect(await count()).toBe(accepted);
    } finally {
      await server.stop();
    }
  }, 180_000);
});
