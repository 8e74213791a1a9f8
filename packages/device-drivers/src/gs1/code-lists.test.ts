// Issue 8 §3: country (ISO 3166), currency (ISO 4217) and GMN check-pair linters, checked against the
// GS1 Barcode Syntax Dictionary's own linter unit tests (code-list-vectors.json, generated with the
// lists by generate-code-lists.mjs from gs1/gs1-syntax-dictionary src/lint_*.c).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ISO_3166_ALPHA2, ISO_3166_NUMERIC, ISO_4217_NUMERIC } from './code-lists.js';
import { CHECKED_LINTERS, runLinter, UNCHECKED_LINTERS } from './linters.js';
import { parseElementString } from './parse.js';
import type { Gs1Result } from './types.js';

const today = { year: 2026, month: 11, day: 25 };
const vectors = JSON.parse(readFileSync(new URL('./code-list-vectors.json', import.meta.url), 'utf8')) as Record<string, unknown>;
const problems = (r: Gs1Result) => r.problems.map((p) => `${p.code}(${p.ai ?? ''}) ${p.message}`);

describe('the dictionary linters that need code lists or the alphanumeric check pair', () => {
  it.each(['iso3166', 'iso3166999', 'iso3166alpha2', 'iso4217', 'iso5218', 'csumalpha'])('%s passes and fails exactly the vectors of its GS1 unit test', (linter) => {
    const cases = vectors[linter] as [string, boolean][];
    expect(cases.length).toBeGreaterThan(10);
    expect(CHECKED_LINTERS).toContain(linter);
    expect(UNCHECKED_LINTERS as readonly string[]).not.toContain(linter);
    const wrong = cases.filter(([data, passes]) => (runLinter(linter, data, today) === null) !== passes);
    expect(wrong).toEqual([]);
  });

  it('has the lists of ISO 3166-1 (249 countries) and ISO 4217, with well-known codes in and unassigned ones out', () => {
    expect(ISO_3166_NUMERIC).toHaveLength(249);
    expect(ISO_3166_ALPHA2).toHaveLength(249);
    expect(ISO_3166_NUMERIC).toEqual(expect.arrayContaining(['250', '276', '756', '826', '840']));
    expect(ISO_3166_ALPHA2).toEqual(expect.arrayContaining(['CH', 'DE', 'FR', 'GB', 'US']));
    expect(ISO_4217_NUMERIC).toEqual(expect.arrayContaining(['756', '826', '840', '978', '999']));
    expect(ISO_3166_NUMERIC).not.toContain('000');
    expect(ISO_3166_ALPHA2).not.toContain('ZZ');
    expect(ISO_4217_NUMERIC).not.toContain('001');
  });
});

describe('element strings with a country, a currency or a GMN', () => {
  it('reads valid ones with no problem', () => {
    expect(parseElementString(`]C10109501101530003422826`, { today }).problems).toEqual([]);
    expect(parseElementString(`]C10109501101530003426756`, { today }).problems).toEqual([]);
    expect(parseElementString(`]C10109501101530003310300125039329781299`, { today }).problems).toEqual([]);
    expect(parseElementString(`]C1001061414112345678974307DE`, { today }).problems).toEqual([]);
    // GS1 General Specifications, GMN example with its check character pair "2K".
    expect(parseElementString(`]d280131987654Ad4X4bL5ttr2310c2K`, { today }).problems).toEqual([]);
  });

  it('names the AI and the reason for a country code that is not in ISO 3166', () => {
    expect(problems(parseElementString(`]C10109501101530003422000`, { today }))).toEqual(['invalid-value(422) (422) ORIGIN: "000" is not an ISO 3166 numeric country code']);
    expect(problems(parseElementString(`]C10109501101530003426999`, { today }))).toEqual(['invalid-value(426) (426) COUNTRY - FULL PROCESS: "999" is not an ISO 3166 numeric country code']);
    expect(problems(parseElementString(`]C1001061414112345678974307ZZ`, { today }))).toEqual(['invalid-value(4307) (4307) SHIP TO COUNTRY: "ZZ" is not an ISO 3166 alpha-2 country code']);
    // 999 ("not applicable") is allowed only where the dictionary says iso3166999, as for a processor.
    expect(parseElementString(`]C101095011015300037030999ABC`, { today }).problems).toEqual([]);
    expect(problems(parseElementString(`]C101095011015300037030998ABC`, { today }))).toEqual(['invalid-value(7030) (7030) PROCESSOR # 0: "998" is not an ISO 3166 numeric country code or 999']);
  });

  it('names the AI and the reason for a currency that is not in ISO 4217', () => {
    expect(problems(parseElementString(`]C10109501101530003310300125039320011299`, { today }))).toEqual(['invalid-value(3932) (3932) PRICE: "001" is not an ISO 4217 currency code']);
  });

  it('names the AI, the check characters and the expected ones for a GMN whose check pair is wrong', () => {
    expect(problems(parseElementString(`]d280131987654Ad4X4bL5ttr2310cXK`, { today }))).toEqual([
      'bad-check-digit(8013) (8013) GMN: check characters "XK" of 1987654Ad4X4bL5ttr2310cXK are wrong (expected "2K")',
    ]);
  });
});
