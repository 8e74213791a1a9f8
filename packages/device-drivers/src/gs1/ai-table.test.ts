import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knownAis, lookupAi } from './ai-lookup.js';
import { AI_DICTIONARY } from './ai-table.js';
import { parseSyntaxDictionary } from './dictionary.js';
import { CHECKED_LINTERS, UNCHECKED_LINTERS } from './linters.js';

const dictionaryText = readFileSync(new URL('./gs1-syntax-dictionary.txt', import.meta.url), 'utf8');

describe('the committed AI table', () => {
  it('is exactly what the syntax dictionary file says (regenerate with generate-ai-table.mjs)', () => {
    const parsed = parseSyntaxDictionary(dictionaryText);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(AI_DICTIONARY).toEqual(parsed.entries);
  });

  it('covers every AI of every entry line, ranges expanded', () => {
    const lines = dictionaryText.split('\n').filter((l) => /^\d/.test(l));
    expect(lines).toHaveLength(224);
    let expected = 0;
    for (const line of lines) {
      const [first = '', last = first] = (line.split(/\s+/)[0] ?? '').split('-');
      for (let n = Number(first); n <= Number(last); n++) {
        expect(lookupAi(String(n).padStart(first.length, '0')), line).toBeDefined();
        expected++;
      }
    }
    expect([...knownAis()]).toHaveLength(expected);
  });

  it('is prefix-free, as the element-string reader relies on', () => {
    const ais = [...knownAis()];
    const clashes = ais.filter((a) => ais.some((b) => b !== a && b.startsWith(a)));
    expect(clashes).toEqual([]);
  });

  it('carries flags, components, linters and pairing attributes', () => {
    expect(lookupAi('01')).toMatchObject({ predefinedLength: true, components: [{ cset: 'N', min: 14, max: 14, linters: ['csum', 'gcppos2'] }], ex: ['255', '37'] });
    expect(lookupAi('02')).toMatchObject({ req: [[['37']]], ex: ['01', '03'] });
    expect(lookupAi('10')).toMatchObject({ predefinedLength: false, components: [{ cset: 'X', min: 1, max: 20 }], title: 'BATCH/LOT' });
    expect(lookupAi('17')).toMatchObject({ predefinedLength: true, components: [{ linters: ['yymmd0'] }] });
    expect(lookupAi('37')).toMatchObject({ predefinedLength: false, req: [[['00', '02'], ['00', '8026']]] });
    expect(lookupAi('3103')).toMatchObject({ predefinedLength: true, title: 'NET WEIGHT (kg)', ex: ['310n'] });
    expect(lookupAi('253')?.components).toEqual([
      { cset: 'N', min: 13, max: 13, optional: false, linters: ['csum', 'gcppos1'] },
      { cset: 'X', min: 1, max: 17, optional: true, linters: [] },
    ]);
    expect(lookupAi('01')?.dlpkey).toEqual([['22', '10', '21'], ['235']]);
  });

  it('names only linters that are either checked or listed as not checked', () => {
    const named = new Set(AI_DICTIONARY.flatMap((e) => e.components.flatMap((c) => c.linters)));
    const accounted = new Set<string>([...CHECKED_LINTERS, ...UNCHECKED_LINTERS]);
    expect([...named].filter((l) => !accounted.has(l))).toEqual([]);
  });

  it('refuses a malformed dictionary line with its number', () => {
    const bad = parseSyntaxDictionary('# header\n01 * N14,csum wat=1 # GTIN\n');
    expect(bad).toEqual({ ok: false, code: 'bad-dictionary-line', message: 'syntax dictionary line 2: unknown attribute wat=1: 01 * N14,csum wat=1 # GTIN' });
  });
});
