import { describe, expect, it } from 'vitest';
import { parseElementString } from './parse.js';

const today = { year: 2026, month: 11, day: 25 };

describe('parseElementString: GS1 Digital Link URIs', () => {
  it('reads path pairs and query attributes on id.gs1.org', () => {
    const r = parseElementString('https://id.gs1.org/01/09501101530003/10/ABC?17=271231', { today });
    expect(r.digitalLink).toBe(true);
    expect(r.elements.map((e) => [e.ai, e.value])).toEqual([
      ['01', '09501101530003'],
      ['10', 'ABC'],
      ['17', { year: 2027, month: 12, day: 31, dayUnspecified: false }],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('reads any host with a path prefix, percent-escapes, a GTIN-13 and ignores non-AI parameters', () => {
    const r = parseElementString(']Q1https://labels.example.com/qr/01/9501101540019/10/PCM%2F2401?linkType=gs1:pip&3103=050403', { today });
    expect(r.symbology).toBe(']Q1');
    expect(r.elements.map((e) => [e.ai, e.raw])).toEqual([
      ['01', '09501101540019'],
      ['10', 'PCM/2401'],
      ['3103', '050403'],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('checks values and pairings as for element strings', () => {
    const r = parseElementString('https://id.gs1.org/01/09501101530004/10/A%20B', { today });
    expect(r.problems.map((p) => p.code)).toEqual(['bad-check-digit', 'bad-character']);
    expect(r.problems[1]?.message).toBe('(10) BATCH/LOT: " " at data position 2 is not allowed (GS1 CSET 82 characters only)');
  });

  it('refuses a URI without a primary key, keeping the URI', () => {
    const r = parseElementString('https://example.com/products/123', { today });
    expect(r.problems).toEqual([{ code: 'bad-digital-link', message: '"https://example.com/products/123" has no GS1 primary key in its path (e.g. /01/<GTIN>)' }]);
    expect(r.unparsed).toBe('https://example.com/products/123');
  });

  it('refuses a path that ends with an AI and no value', () => {
    const r = parseElementString('https://id.gs1.org/01/09501101530003/10', { today });
    expect(r.problems.map((p) => p.message)).toEqual(['path ends with AI "10" without a value']);
  });

  it('checks qualifier order and query attributes against the dictionary (dlpkey, ? flag)', () => {
    const order = parseElementString('https://id.gs1.org/01/09501101530003/21/S1/10/L1', { today });
    expect(order.problems).toEqual([{ code: 'bad-digital-link', ai: '01', message: 'path qualifiers (21)(10) after (01) do not follow the allowed order: (22)(10)(21) or (235)' }]);
    expect(order.elements.map((e) => e.ai)).toEqual(['01', '21', '10']);
    const sscc = parseElementString('https://id.gs1.org/00/106141411234567897/10/L1', { today });
    expect(sscc.problems.map((p) => p.message)).toContain('path qualifiers (10) after (00) do not follow the allowed order: no qualifiers');
    const query = parseElementString('https://id.gs1.org/01/09501101530003?21=S1', { today });
    expect(query.problems).toEqual([{ code: 'bad-digital-link', ai: '21', message: '(21) SERIAL is not allowed as a Digital Link query attribute; it belongs in the path' }]);
  });
});
