import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, canonicalizeWith, CanonicalJsonError } from './canonical-json.js';

describe('canonicalize (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units, recursively, without white space', () => {
    expect(canonicalize({ b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
    // RFC 8785 §3.2.3 sorting example: code-unit order puts U+20AC (€) before U+FB33 and the emoji surrogate pair.
    const keys = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(canonicalize(keys)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers in ECMAScript shortest form (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalize([1e21, 1e-7, -0, 0.000001, 333333333.3333333, 4.5])).toBe('[1e+21,1e-7,0,0.000001,333333333.3333333,4.5]');
  });

  it('refuses values JSON cannot carry, naming where they are', () => {
    expect(() => canonicalize({ a: { b: Number.NaN } })).toThrow(CanonicalJsonError);
    expect(() => canonicalize({ a: { b: Number.NaN } })).toThrow(/a\.b: number NaN is not finite/);
    expect(() => canonicalize({ s: '\ud800' })).toThrow(/unpaired surrogate/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/only plain objects/);
  });

  it('drops undefined members as JSON.stringify does', () => {
    expect(canonicalize({ a: undefined, b: 2 })).toBe('{"b":2}');
  });

  it('is stable under key order and round-trips through JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalize(value);
        expect(canonicalize(JSON.parse(text))).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('gives, in one pass, an object’s text without a member and with it, as canonicalize would', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.string(), fc.string(), (value, extraKey, extra) => {
        fc.pre(!/[\uD800-\uDFFF]/.test(extraKey + extra));
        const { [extraKey]: _dropped, ...rest } = value;
        const both = canonicalizeWith(value, extraKey);
        expect(both.text).toBe(canonicalize(rest));
        expect(both.withExtra(extra)).toBe(canonicalize({ ...rest, [extraKey]: extra }));
      }),
      { numRuns: 2000 },
    );
    expect(() => canonicalizeWith({ a: { b: Number.POSITIVE_INFINITY } }, 'sig')).toThrow(/a\.b: number Infinity is not finite/);
  });
});
