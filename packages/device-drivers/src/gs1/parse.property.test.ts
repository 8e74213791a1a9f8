import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gs1CheckDigit } from './check-digit.js';
import { lookupAi } from './ai-lookup.js';
import { encodeElementString, type Gs1ElementInput } from './encode.js';
import { parseElementString } from './parse.js';

const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const today = { year: 2026, month: 11, day: 25 };
const GS = '\x1d';

const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
const cset82 = (max: number) => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
const withCheck = (n: number) => digits(n - 1, n - 1).map((d) => d + String(gs1CheckDigit(d)));
const date = fc
  .record({ yy: fc.integer({ min: 0, max: 99 }), mm: fc.integer({ min: 1, max: 12 }), dd: fc.integer({ min: 0, max: 28 }) })
  .map(({ yy, mm, dd }) => [yy, mm, dd].map((n) => String(n).padStart(2, '0')).join(''));
const el = (ai: string, value: fc.Arbitrary<string>) => value.map((v): Gs1ElementInput => ({ ai, value: v }));

// Sets that satisfy the dictionary's pairings: a GTIN plus any of its attributes, in any order.
const attributes = [
  el('10', cset82(20)),
  el('21', cset82(20)),
  el('17', date),
  el('11', date),
  el('15', date),
  el('3103', digits(6, 6)),
  el('30', digits(1, 8)),
  el('240', cset82(30)),
  el('7003', fc.tuple(date.filter((d) => !d.endsWith('00')), fc.constantFrom('0000', '1230', '2359')).map(([d, t]) => d + t)),
  el('91', cset82(90)),
];
const elementSet = fc
  .tuple(el('01', withCheck(14)), fc.uniqueArray(fc.integer({ min: 0, max: attributes.length - 1 }), { maxLength: 6 }))
  .chain(([gtin, picks]) => fc.tuple(fc.constant(gtin), ...picks.map((i) => attributes[i] ?? attributes[0]!)))
  .chain((elements) => fc.shuffledSubarray(elements, { minLength: elements.length, maxLength: elements.length }));

describe('GS1 element strings: properties', () => {
  it('encode → parse gives back every element with no problem, whatever the order', () => {
    fc.assert(
      fc.property(elementSet, fc.constantFrom('', ']C1', ']d2', ']Q3'), (elements, aim) => {
        const result = parseElementString(aim + encodeElementString(elements), { today });
        expect(result.problems).toEqual([]);
        expect(result.elements.map((e) => ({ ai: e.ai, value: e.raw }))).toEqual(elements);
      }),
      { numRuns: 3_000 },
    );
  });

  it('a recovered missing GS always gives back the original elements', () => {
    let recovered = 0;
    fc.assert(
      fc.property(elementSet, fc.nat(), (elements, pick) => {
        const variable = elements.map((e, i) => i).filter((i) => i < elements.length - 1 && !lookupAi(elements[i]?.ai ?? '')?.predefinedLength);
        if (variable.length === 0) return;
        const drop = variable[pick % variable.length] ?? 0;
        const text = elements.map((e, i) => e.ai + e.value + (i === drop || i === elements.length - 1 || lookupAi(e.ai)?.predefinedLength ? '' : GS)).join('');
        const result = parseElementString(text, { today });
        if (result.problems.some((p) => p.code === 'missing-separator')) {
          recovered++;
          expect(result.elements.map((e) => ({ ai: e.ai, value: e.raw }))).toEqual(elements);
        }
      }),
      { numRuns: 5_000 },
    );
    expect(recovered).toBeGreaterThan(0);
  });

  it('never throws on any string, and keeps an unparsed remainder only when it reports a problem', () => {
    const anyText = fc.oneof(
      fc.string({ maxLength: 80 }),
      fc.string({ unit: fc.constantFrom(...'0123456789\x1d'), maxLength: 60 }),
      fc.string({ unit: fc.constantFrom(...'0137\x1dAB]Cd2(){}GS\\x/:?=%h'), maxLength: 60 }),
      fc.tuple(fc.constantFrom(']C1', ']d2', ']Q1', ']E0', 'https://id.gs1.org/', ''), fc.string({ maxLength: 60 })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseElementString(text, { today });
        if (result.unparsed !== undefined) expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) expect(p.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 100_000 },
    );
  });

  it('never throws when one character of a valid label is changed, and flags or reads it', () => {
    fc.assert(
      fc.property(elementSet, fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), (elements, at, ch) => {
        const text = encodeElementString(elements);
        const i = at % text.length;
        const result = parseElementString(text.slice(0, i) + ch + text.slice(i + 1), { today });
        expect(Array.isArray(result.elements)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });
});
