import { describe, expect, it } from 'vitest';
import { parseIJson } from './i-json.js';

describe('parseIJson (RFC 7493, no recursion)', () => {
  it('reads what JSON.parse reads, for well-formed I-JSON', () => {
    for (const text of ['0', '-1.5e3', '"a\\u00e9\\ud83d\\ude00"', '[]', '{}', ' {"a":[1,{"b":null}],"c":true,"d":false} ', '[[[]],[{}]]', '{"__proto__x":1}']) {
      expect(parseIJson(text)).toEqual({ ok: true, value: JSON.parse(text) });
    }
  });

  it('keeps a member named __proto__ as an own member, not the prototype', () => {
    const parsed = parseIJson('{"__proto__":{"admin":true}}');
    expect(parsed.ok && Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(parsed.ok && Object.keys(parsed.value as object)).toEqual(['__proto__']);
  });

  it('refuses nesting past the limit without recursing, at any depth asked', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    expect(parseIJson(deep)).toMatchObject({ ok: false, message: 'nesting deeper than 40 levels' });
    expect(parseIJson('[[[1]]]', 2)).toMatchObject({ ok: false, path: [0, 0], message: 'nesting deeper than 2 levels' });
    expect(parseIJson(deep, 400_000)).toMatchObject({ ok: true });
  });

  it('refuses repeated member names, unpaired surrogates and numbers no reader keeps exactly', () => {
    expect(parseIJson('{"a":{"b":1,"b":2}}')).toEqual({ ok: false, path: ['a', 'b'], message: 'the member name "b" is repeated', kind: 'i-json' });
    expect(parseIJson('["ok","x\\udc00"]')).toMatchObject({ ok: false, path: [1], message: expect.stringMatching(/unpaired surrogate/) });
    expect(parseIJson('"\\ud800"')).toMatchObject({ ok: false, message: expect.stringMatching(/unpaired surrogate/) });
    expect(parseIJson('{"n":9007199254740993}')).toMatchObject({ ok: false, path: ['n'], message: expect.stringMatching(/integer beyond ±\(2\^53−1\)/) });
    expect(parseIJson('1e400')).toMatchObject({ ok: false, message: expect.stringMatching(/beyond the range of a double/) });
    expect(parseIJson('9007199254740991')).toEqual({ ok: true, value: 9007199254740991 });
  });

  it('refuses what is not JSON at all, saying where', () => {
    for (const text of ['', '{', '[1,]', '{"a" 1}', '{"a":1,}', '01', '1 2', 'nul', '"tab\there"', "'a'", '{a:1}', '-', '"\\x41"', '[1}']) {
      expect(parseIJson(text), text).toMatchObject({ ok: false, kind: 'syntax', message: expect.any(String) });
    }
  });
});
