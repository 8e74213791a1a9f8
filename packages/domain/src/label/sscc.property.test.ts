import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateSscc, nextSscc, nextSsccCounter, parseSscc, ssccCapacity, ssccCounterOf, ssccLaneOfKey } from './sscc.js';

const prefix = fc
  .integer({ min: 4, max: 10 })
  .chain((length) => fc.stringMatching(new RegExp(`^\\d{${length}}$`)));
const allocation = prefix.chain((companyPrefix) =>
  fc.record({
    companyPrefix: fc.constant(companyPrefix),
    block: fc.integer({ min: 0, max: 999 }),
    counter: fc.integer({ min: 0, max: ssccCapacity(companyPrefix) - 1 }),
  }),
);

describe('SSCC allocation (property)', () => {
  it('every SSCC allocated is 18 digits, parses, checks, and gives back its counter', () => {
    fc.assert(
      fc.property(allocation, (a) => {
        const sscc = allocateSscc(a);
        expect(sscc.ok).toBe(true);
        if (!sscc.ok) return;
        expect(sscc.value).toMatch(/^\d{18}$/);
        expect(parseSscc(sscc.value).ok).toBe(true);
        expect(sscc.value.slice(1, 1 + a.companyPrefix.length)).toBe(a.companyPrefix);
        expect(ssccCounterOf(sscc.value, a.companyPrefix, a.block)).toBe(a.counter);
      }),
      { numRuns: 2000 },
    );
  });

  it('no two allocations of one prefix are equal: distinct (block, counter) give distinct SSCCs', () => {
    fc.assert(
      fc.property(
        prefix.chain((companyPrefix) =>
          fc.tuple(
            fc.constant(companyPrefix),
            fc.uniqueArray(
              fc.tuple(
                fc.integer({ min: 0, max: 999 }),
                fc.integer({ min: 0, max: ssccCapacity(companyPrefix) - 1 }),
              ),
              { minLength: 2, maxLength: 200, selector: ([b, c]) => `${b}/${c}` },
            ),
          ),
        ),
        ([companyPrefix, pairs]) => {
          const ssccs = pairs.map(([block, counter]) => allocateSscc({ companyPrefix, block, counter }));
          const values = ssccs.map((s) => (s.ok ? s.value : s.code));
          expect(values.every((v) => /^\d{18}$/.test(v))).toBe(true);
          expect(new Set(values).size).toBe(pairs.length);
        },
      ),
    );
  });

  it('a kiosk continuing from its log never re-issues one of its SSCCs, and ignores other blocks', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 5000 }), { maxLength: 50 }), (counters) => {
        const mine = counters
          .map((counter) => allocateSscc({ companyPrefix: '0614141', block: 7, counter }))
          .flatMap((s) => (s.ok ? [s.value] : []));
        const theirs = counters
          .map((counter) => allocateSscc({ companyPrefix: '0614141', block: 8, counter: counter + 9000 }))
          .flatMap((s) => (s.ok ? [s.value] : []));
        const next = nextSsccCounter([...mine, ...theirs, 'not an sscc'], '0614141', 7);
        const nextSscc = allocateSscc({ companyPrefix: '0614141', block: 7, counter: next });
        expect(nextSscc.ok && !mine.includes(nextSscc.value)).toBe(true);
        expect(next).toBe(counters.length === 0 ? 0 : Math.max(...counters) + 1);
      }),
    );
  });

  it("a kiosk key labels only in its lane (the extension digit), never one the plant knows, whatever the other lanes hold", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.uniqueArray(fc.integer({ min: 0, max: 10 * 1_000_000 - 1 }), { maxLength: 60 }),
        (keyNo, counters) => {
          const known = counters.map((counter) => allocateSscc({ companyPrefix: '0614141', block: 7, counter })).flatMap((s) => (s.ok ? [s.value] : []));
          const lane = ssccLaneOfKey(`K-DISP-1#${keyNo}`);
          expect(lane).toBe((keyNo - 1) % 10);
          const next = nextSscc(known, { companyPrefix: '0614141', block: 7, lane });
          const inLane = counters.filter((c) => Math.floor(c / 1_000_000) === lane);
          if (inLane.includes((lane + 1) * 1_000_000 - 1)) {
            expect(next).toMatchObject({ ok: false, code: 'sscc-serials-exhausted' });
            return;
          }
          expect(next.ok).toBe(true);
          if (!next.ok) return;
          expect(next.value[0]).toBe(String(lane));
          expect(known).not.toContain(next.value);
          expect(ssccCounterOf(next.value, '0614141', 7)).toBe(inLane.length === 0 ? lane * 1_000_000 : Math.max(...inLane) + 1);
        },
      ),
    );
  });

  it('any single changed digit of an SSCC fails the check digit', () => {
    fc.assert(
      fc.property(
        allocation,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 9 }),
        (a, position, delta) => {
          const sscc = allocateSscc(a);
          if (!sscc.ok) throw new Error(sscc.message);
          const digits = sscc.value.split('');
          digits[position] = String((Number(digits[position]) + delta) % 10);
          const parsed = parseSscc(digits.join(''));
          expect(parsed.ok ? 'accepted' : parsed.code).toBe('sscc-bad-check-digit');
        },
      ),
    );
  });
});

describe('SSCC (examples)', () => {
  it("matches GS1's published example (00)106141412345678908", () => {
    expect(parseSscc('106141412345678908')).toEqual({
      ok: true,
      value: { extension: 1, body: '0614141234567890', checkDigit: 8 },
    });
    expect(parseSscc('106141412345678907')).toMatchObject({ ok: false, code: 'sscc-bad-check-digit' });
  });

  it('the serial reference is company prefix + 3-digit station block + counter; the extension digit takes the overflow', () => {
    const first = allocateSscc({ companyPrefix: '0614141', block: 1, counter: 0 });
    const last = allocateSscc({ companyPrefix: '0614141', block: 1, counter: 999_999 });
    const widened = allocateSscc({ companyPrefix: '0614141', block: 1, counter: 1_000_000 });
    expect([first, last, widened].map((s) => (s.ok ? s.value.slice(0, 17) : s.code))).toEqual([
      '00614141001000000',
      '00614141001999999',
      '10614141001000000',
    ]);
  });

  it('refuses with the reason: bad prefix, bad block, exhausted block, wrong length, letters', () => {
    expect(allocateSscc({ companyPrefix: '12', block: 1, counter: 0 })).toMatchObject({
      ok: false,
      code: 'sscc-bad-company-prefix',
    });
    expect(allocateSscc({ companyPrefix: '0614141', block: 1000, counter: 0 })).toMatchObject({
      ok: false,
      code: 'sscc-bad-block',
    });
    expect(
      allocateSscc({ companyPrefix: '0614141', block: 1, counter: ssccCapacity('0614141') }),
    ).toMatchObject({ ok: false, code: 'sscc-serials-exhausted' });
    expect(parseSscc('10614141234567890')).toMatchObject({ ok: false, code: 'sscc-bad-length' });
    expect(parseSscc('1061414123456789O8')).toMatchObject({ ok: false, code: 'sscc-not-digits' });
  });
});
