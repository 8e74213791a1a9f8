// Scan-data cases from the GS1 Syntax Engine's own tests (gs1/gs1-syntax-engine src/c-lib/scandata.c),
// restated as the elements and problems this parser must give.
import { describe, expect, it } from 'vitest';
import { parseElementString } from './parse.js';

const GS = '\x1d';
const read = (scan: string) => {
  const r = parseElementString(scan, { today: { year: 2026, month: 11, day: 25 } });
  return { pairs: r.elements.map((e) => [e.ai, e.raw]), codes: r.problems.map((p) => p.code), symbology: r.symbology };
};

describe('GS1 Syntax Engine scan-data vectors', () => {
  it.each([
    [`]Q3011231231231233310ABC123${GS}99TESTING`, [['01', '12312312312333'], ['10', 'ABC123'], ['99', 'TESTING']]],
    [`]d2011231231231233310ABC123${GS}99TESTING`, [['01', '12312312312333'], ['10', 'ABC123'], ['99', 'TESTING']]],
    [`]e0011231231231233310ABC123${GS}99TESTING${GS}98XYZ`, [['01', '12312312312333'], ['10', 'ABC123'], ['99', 'TESTING'], ['98', 'XYZ']]],
    [`]e0011231231231233310ABC123${GS}1199122598TESTING${GS}97XYZ`, [['01', '12312312312333'], ['10', 'ABC123'], ['11', '991225'], ['98', 'TESTING'], ['97', 'XYZ']]],
    [`]C1011231231231233310ABC123${GS}99TESTING`, [['01', '12312312312333'], ['10', 'ABC123'], ['99', 'TESTING']]],
    [']E02112345678900', [['01', '02112345678900']]],
    [']E402345673', [['01', '00000002345673']]],
    [`]E02112345678900|]e099COMPOSITE${GS}98XYZ`, [['01', '02112345678900'], ['99', 'COMPOSITE'], ['98', 'XYZ']]],
    [`]E402345673|]e099COMPOSITE${GS}98XYZ`, [['01', '00000002345673'], ['99', 'COMPOSITE'], ['98', 'XYZ']]],
    [']Q1https://example.com/01/12312312312333?99=TEST', [['01', '12312312312333'], ['99', 'TEST']]],
    [']d1HTTPS://example.com/01/12312312312333?99=TEST', [['01', '12312312312333'], ['99', 'TEST']]],
  ])('reads %j', (scan, pairs) => {
    expect(read(scan)).toMatchObject({ pairs, codes: [] });
  });

  it.each([
    [']d2', 'no-data'],
    [']C1', 'no-data'],
    [']e0', 'no-data'],
    [']E0', 'bad-length'],
    [']E0123456789012', 'bad-length'],
    [']E012345678901234', 'bad-length'],
    [']E01234ABC890123', 'bad-length'],
    [']E02112345678901', 'bad-check-digit'],
    [']E41234567', 'bad-length'],
    [']E402345674', 'bad-check-digit'],
    [']Q1HtTps://example.com/01/12312312312333?99=TEST', 'not-gs1-data'],
    [']Q1TESTING', 'not-gs1-data'],
  ])('refuses %j with %s', (scan, code) => {
    expect(read(scan).codes).toEqual([code]);
  });
});
