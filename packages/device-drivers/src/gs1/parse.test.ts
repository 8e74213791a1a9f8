import { describe, expect, it } from 'vitest';
import { parseElementString } from './parse.js';
import type { Gs1Result } from './types.js';

const GS = '\x1d';
const today = { year: 2026, month: 11, day: 25 };
const codes = (r: Gs1Result) => r.problems.map((p) => `${p.code}${p.ai ? `(${p.ai})` : ''}`);
const values = (r: Gs1Result) => Object.fromEntries(r.elements.map((e) => [e.ai, e.value]));

describe('parseElementString: DEVICES.md §4.4 rows', () => {
  it('reads a GS1 DataMatrix lot label: GTIN, expiry, lot, serial', () => {
    const r = parseElementString(`]d2010950110153000317261231${'10'}LOT-4711${GS}21SN0001`, { today });
    expect(r.symbology).toBe(']d2');
    expect(values(r)).toEqual({
      '01': '09501101530003',
      '17': { year: 2026, month: 12, day: 31, dayUnspecified: false },
      '10': 'LOT-4711',
      '21': 'SN0001',
    });
    expect(r.elements.map((e) => e.title)).toEqual(['GTIN', 'USE BY or EXPIRY', 'BATCH/LOT', 'SERIAL']);
    expect(r.problems).toEqual([]);
  });

  it('reads SSCC, net weight 3103001250 as exactly 1.250 kg and count, and names the missing pairings', () => {
    const r = parseElementString(`]C100106141411234567897${GS}31030012503724`, { today });
    expect(r.symbology).toBe(']C1');
    expect(values(r)).toEqual({
      '00': '106141411234567897',
      '3103': { decimal: { text: '1.250', units: '1250', exponent: -3 }, unit: 'kg' },
      '37': '24',
    });
    // The dictionary: (3103) needs (01) or (02); (37) needs (00)+(02) or (00)+(8026).
    expect(codes(r)).toEqual(['missing-required-ai(3103)', 'missing-required-ai(37)']);
    expect(r.problems[0]?.message).toBe('(3103) NET WEIGHT (kg) requires (01) or (02), and none is present');
  });

  it('refuses a GTIN whose check digit is wrong, keeping the other elements', () => {
    const r = parseElementString(']d2010950110153000410X', { today });
    expect(codes(r)).toEqual(['bad-check-digit(01)']);
    expect(r.problems[0]?.message).toBe('(01) GTIN: check digit of 09501101530004 is wrong');
    expect(values(r)).toEqual({ '01': '09501101530004', '10': 'X' });
  });

  it('reads expiry day 00 as the last day of the month, flagged dayUnspecified', () => {
    const r = parseElementString(']C1010950110153000317261200', { today });
    expect(values(r)['17']).toEqual({ year: 2026, month: 12, day: 31, dayUnspecified: true });
    const feb = parseElementString('01095011015300031728020010A', { today });
    expect(values(feb)['17']).toEqual({ year: 2028, month: 2, day: 29, dayUnspecified: true });
    expect(feb.problems).toEqual([]);
  });

  it('reads data without an AIM prefix, with or without a leading FNC1 as GS', () => {
    for (const input of [`0109501101530003${GS}10ABC${GS}`, `${GS}0109501101530003${GS}10ABC`]) {
      const r = parseElementString(input, { today });
      expect(r.symbology).toBeUndefined();
      expect(values(r)).toEqual({ '01': '09501101530003', '10': 'ABC' });
      expect(r.problems).toEqual([]);
    }
  });
});

describe('parseElementString: demo plant lot labels', () => {
  const gtins = ['09501101540019', '09501101540026', '09501101540033', '09501101540040', '09501101540057', '09501101540064'];
  it.each(gtins)('accepts GTIN %s with lot, expiry and net kg', (gtin) => {
    const r = parseElementString(`]C101${gtin}17270331${'3103050403'}10PCM-2401`, { today });
    expect(r.problems).toEqual([]);
    expect(values(r)).toEqual({
      '01': gtin,
      '17': { year: 2027, month: 3, day: 31, dayUnspecified: false },
      '3103': { decimal: { text: '50.403', units: '50403', exponent: -3 }, unit: 'kg' },
      '10': 'PCM-2401',
    });
  });
});

describe('parseElementString: separators', () => {
  it('accepts the textual renderings \\x1d, \\u001d, {GS}, [GS], {FNC1} and ␝ as GS', () => {
    for (const sep of ['\\x1d', '\\X1D', '\\u001d', '{GS}', '[GS]', '{FNC1}', '\u241d']) {
      const r = parseElementString(`]d20109501101530003${'10LOT-1'}${sep}21SN9`, { today });
      expect(values(r)).toEqual({ '01': '09501101530003', '10': 'LOT-1', '21': 'SN9' });
      expect(r.problems).toEqual([]);
    }
  });

  it('tolerates a GS after a predefined-length AI, a doubled GS and a trailing GS', () => {
    const r = parseElementString(`]C10109501101530003${GS}17261231${GS}${GS}10A1${GS}`, { today });
    expect(values(r)).toEqual({ '01': '09501101530003', '17': { year: 2026, month: 12, day: 31, dayUnspecified: false }, '10': 'A1' });
    expect(r.problems).toEqual([]);
  });

  it('recovers a missing GS when only one split parses: a 20-character lot followed by an expiry', () => {
    const r = parseElementString(']C1010950110153000310ABCDEFGHIJKLMNOPQRST17261231', { today });
    expect(values(r)).toEqual({
      '01': '09501101530003',
      '10': 'ABCDEFGHIJKLMNOPQRST',
      '17': { year: 2026, month: 12, day: 31, dayUnspecified: false },
    });
    expect(codes(r)).toEqual(['missing-separator(10)']);
    expect(r.problems[0]?.message).toBe('(10) BATCH/LOT: no GS after "ABCDEFGHIJKLMNOPQRST"; split before (17), the only reading that parses');
  });

  it('recovers a missing GS after a count when letters cannot belong to it and one split parses', () => {
    // (30) is N..8: "5" then (10) "A1"? "50" then... only "5"+"10A1" makes (10) start right after digits.
    const r = parseElementString('0109501101530003305510A1', { today });
    expect(r.elements.map((e) => [e.ai, e.raw])).toEqual([
      ['01', '09501101530003'],
      ['30', '55'],
      ['10', 'A1'],
    ]);
    expect(codes(r)).toEqual(['missing-separator(30)']);
  });

  it('reports an ambiguous missing GS as unrecoverable, keeps what came before and the rest raw', () => {
    const r = parseElementString('0109501101530003301210LOT', { today });
    expect(r.elements.map((e) => e.ai)).toEqual(['01']);
    expect(codes(r)).toEqual(['unrecoverable-separator(30)']);
    expect(r.problems[0]?.message).toContain('2 readings parse ("1" then (21), "12" then (10))');
    expect(r.unparsed).toBe('301210LOT');
  });

  it('cannot see a missing GS when the joined data still fits the field, and reads it as one lot', () => {
    const r = parseElementString('010950110153000310ABC21XYZ', { today });
    expect(values(r)).toEqual({ '01': '09501101530003', '10': 'ABC21XYZ' });
  });

  it('reports an over-long lot with no valid split as bad-length, keeping its data', () => {
    const r = parseElementString(`0109501101530003${'10'}${'L'.repeat(25)}`, { today });
    expect(codes(r)).toEqual(['bad-length(10)']);
    expect(r.elements[1]?.raw).toBe('L'.repeat(25));
    expect(r.problems[0]?.message).toBe('(10) BATCH/LOT: data is 25 characters, at most 20 allowed');
  });

  it('reports a short fixed-length field cut by a GS', () => {
    const r = parseElementString(`01095011015300${GS}10A`, { today });
    expect(codes(r)).toEqual(['bad-length(01)']);
    expect(r.elements.map((e) => [e.ai, e.raw])).toEqual([['01', '095011015300'], ['10', 'A']]);
    expect(r.problems[0]?.message).toBe('(01) GTIN: needs 14 characters, got 12');
  });

  it('reports data after the last element that is not an AI as trailing-data', () => {
    const r = parseElementString('0109501101530003XYZ', { today });
    expect(codes(r)).toEqual(['trailing-data']);
    expect(r.problems[0]?.message).toBe('data "XYZ" after (01) GTIN does not begin with an AI');
    expect(r.unparsed).toBe('XYZ');
  });
});

describe('parseElementString: dates and the century rule', () => {
  it('reads YY relative to options.today: 51+ years ahead is last century', () => {
    const at = (yy: string, year: number) => parseElementString(`010950110153000317${yy}0101`, { today: { year, month: 1, day: 1 } });
    expect(values(at('26', 2026))['17']).toMatchObject({ year: 2026 });
    expect(values(at('76', 2026))['17']).toMatchObject({ year: 2076 });
    expect(values(at('77', 2026))['17']).toMatchObject({ year: 1977 });
    expect(values(at('01', 2098))['17']).toMatchObject({ year: 2101 });
    expect(values(at('48', 2098))['17']).toMatchObject({ year: 2148 });
    expect(values(at('49', 2098))['17']).toMatchObject({ year: 2049 });
  });

  it('reads YY as 20YY when no today is given (no clock is read)', () => {
    expect(values(parseElementString('01095011015300031799123110A'))['17']).toMatchObject({ year: 2099 });
  });

  it('refuses impossible dates, naming the AI', () => {
    const r = parseElementString('01095011015300031726023010A', { today });
    expect(codes(r)).toEqual(['invalid-date(17)']);
    expect(r.problems[0]?.message).toBe('(17) USE BY or EXPIRY: day 30 does not exist in 2026-02');
    const month = parseElementString('01095011015300031126130110A', { today });
    expect(month.problems[0]?.message).toBe('(11) PROD DATE: month 13 does not exist');
    expect(month.elements[1]?.value).toBe('261301');
  });
});

describe('parseElementString: pairing rules from the dictionary', () => {
  it('refuses (01) together with (02)', () => {
    const r = parseElementString('01095011015300030209501101540019', { today });
    expect(codes(r)).toEqual(['missing-required-ai(02)', 'excluded-ai-pair(02)']);
    expect(r.problems[1]?.message).toBe('(02) CONTENT may not appear together with (01) GTIN');
  });

  it('refuses (37) without (02) and accepts (00)+(02)+(37)', () => {
    expect(codes(parseElementString('001061414112345678973712', { today }))).toEqual(['missing-required-ai(37)']);
    const ok = parseElementString('00106141411234567897020950110154001937120', { today });
    expect(ok.problems).toEqual([]);
    expect(values(ok)['37']).toBe('120');
  });

  it('refuses two net weights with different decimals (ex=310n) and a duplicated AI with other data', () => {
    expect(codes(parseElementString('010950110153000331030012503102000125', { today }))).toEqual(['excluded-ai-pair(3103)']);
    expect(codes(parseElementString(`010950110153000310A${GS}10B`, { today }))).toEqual(['duplicate-ai(10)']);
  });

  it('keeps an unknown AI raw with known: false', () => {
    const r = parseElementString(`0109501101530003${'23'}9ABC${GS}10L1`, { today });
    expect(r.elements[1]).toEqual({ ai: '239', title: '', raw: 'ABC', value: 'ABC', known: false });
    expect(values(r)['10']).toBe('L1');
    expect(codes(r)).toEqual(['unknown-ai(239)']);
  });
});

describe('parseElementString: other symbologies and forms', () => {
  it('reads EAN-13 as a GTIN and refuses plain Code 128', () => {
    expect(values(parseElementString(']E09501101530003'))).toEqual({ '01': '09501101530003' });
    const plain = parseElementString(']C0ABC123');
    expect(codes(plain)).toEqual(['not-gs1-data']);
    expect(plain.unparsed).toBe('ABC123');
  });

  it('reads a composite: EAN-13 linear part, then the 2D part after |]e0, pairing over both', () => {
    const r = parseElementString(']E09501101530003|]e010LOT-9' + GS + '17270331', { today });
    expect(r.symbology).toBe(']E0');
    expect(r.elements.map((e) => [e.ai, e.raw])).toEqual([['01', '09501101530003'], ['10', 'LOT-9'], ['17', '270331']]);
    expect(r.problems).toEqual([]);
  });

  it('reads the bracketed human-readable form', () => {
    const r = parseElementString('(01)09501101540019(17)270331(10)PCM-2401', { today });
    expect(values(r)).toEqual({ '01': '09501101540019', '17': { year: 2027, month: 3, day: 31, dayUnspecified: false }, '10': 'PCM-2401' });
    expect(r.problems).toEqual([]);
  });

  it('types 392n prices with their decimals and 393n with the ISO 4217 currency', () => {
    const r = parseElementString(`01095011015300033102000500${'3922'}1999${GS}`, { today });
    expect(values(r)['3922']).toEqual({ decimal: { text: '19.99', units: '1999', exponent: -2 } });
  });
});
