import { describe, expect, it } from 'vitest';
import { encodeElementString } from '../gs1/encode.js';
import { GS } from '../gs1/element-string.js';
import { parseElementString } from '../gs1/parse.js';
import { gs1128Symbols } from './symbols.js';
import { labelPng, labelSvg } from './render.js';
import type { LabelSpec } from './types.js';
import { labelZpl } from './zpl.js';
import { readZpl } from './zpl-read.js';

/** A demo container: Paracetamol lot PCM-2401 dispensed into ORD-0001 on BAL-04 (readability 0.0005 kg). */
const demo: LabelSpec = {
  elements: [
    { ai: '00', value: '095011010010000008' },
    { ai: '01', value: '09501101540019' },
    { ai: '17', value: '270630' },
    { ai: '3104', value: '252015' },
    { ai: '10', value: 'PCM-2401' },
  ],
  humanReadable: [
    'Paracetamol',
    'Order ORD-0001 · Batch B-2026-0001',
    'Container 1 · Net 25.2015 kg',
    'Lot PCM-2401 · Exp 2027-06-30',
    'SSCC 095011010010000008',
  ],
};
const today = { year: 2026, month: 12, day: 6 };

function parsedValues(data: string) {
  const parsed = parseElementString(data, { today });
  expect(parsed.problems).toEqual([]);
  return parsed.elements.map((e) => ({ ai: e.ai, value: e.raw }));
}

describe('container label ZPL', () => {
  it('the ZPL of a demo container decodes, with our own GS1 parser, to exactly the label elements', () => {
    const zpl = labelZpl(demo);
    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    const [format, ...more] = readZpl(zpl);
    expect(more).toEqual([]);
    const matrix = format!.barcodes.filter((b) => b.symbology === 'gs1-datamatrix');
    expect(matrix).toHaveLength(1);
    expect(parsedValues(matrix[0]!.data)).toEqual(demo.elements);
    // The GS1-128 symbols together carry the same elements, the SSCC in its own symbol.
    const linear = format!.barcodes.filter((b) => b.symbology === 'gs1-128');
    expect(linear.map((b) => parsedValues(b.data))).toEqual([[demo.elements[0]], demo.elements.slice(1)]);
    expect(format!.texts).toEqual(
      expect.arrayContaining(['Paracetamol', 'Container 1 · Net 25.2015 kg', '(00)095011010010000008']),
    );
  });

  it('FNC1 per GS1: first position in both symbologies, and a separator after a variable-length element that is not last', () => {
    const spec: LabelSpec = {
      ...demo,
      elements: [
        { ai: '01', value: '09501101540019' },
        { ai: '10', value: 'A>B' },
        { ai: '17', value: '270630' },
      ],
    };
    const zpl = labelZpl(spec);
    expect(zpl).toContain('^FD>;>8010950110154001910A><B>817270630^FS');
    expect(zpl).toContain('^BXN,8,200,,,,#^FD#1010950110154001910A>B#117270630^FS');
    const [format] = readZpl(zpl);
    for (const barcode of format!.barcodes) expect(barcode.data).toBe(`010950110154001910A>B${GS}17270630`);
  });

  it('a long lot moves to a third GS1-128 symbol: none carries more than 48 characters', () => {
    const elements = [...demo.elements.slice(0, 4), { ai: '10', value: 'LOT-ABCDEFGHIJKLMNOP' }];
    const symbols = gs1128Symbols(elements);
    expect(symbols.map((s) => s.map((e) => e.ai))).toEqual([['00'], ['01', '17', '3104'], ['10']]);
    for (const s of symbols) expect(encodeElementString(s).length).toBeLessThanOrEqual(48);
    expect(
      readZpl(labelZpl({ ...demo, elements }))
        .flatMap((f) => f.barcodes)
        .filter((b) => b.symbology === 'gs1-128'),
    ).toHaveLength(3);
  });

  it('a reprint carries COPY and its number; text with ZPL command characters is hex-escaped, not obeyed', () => {
    const zpl = labelZpl({
      ...demo,
      copyNo: 2,
      humanReadable: ['COPY 2', 'Resin ^XZ ~JA \\ mix', ...demo.humanReadable.slice(1)],
    });
    const [format, ...more] = readZpl(zpl);
    expect(more).toEqual([]);
    expect(format!.texts).toContain('COPY 2');
    expect(format!.texts).toContain('Resin ^XZ ~JA \\ mix');
    expect(zpl).not.toContain('Resin ^XZ');
  });
});

describe('container label images (bwip-js)', () => {
  it('the SVG preview holds the human-readable lines, a DataMatrix and the GS1-128 symbols', () => {
    const svg = labelSvg(demo);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain(
      '<desc>(00)095011010010000008(01)09501101540019(17)270630(3104)252015(10)PCM-2401</desc>',
    );
    expect(svg).toContain('Order ORD-0001 · Batch B-2026-0001');
    expect(svg.match(/<svg x=/g)).toHaveLength(3);
    expect(labelSvg({ ...demo, copyNo: 1 })).toContain('>COPY 1</text>');
  });

  it('the PNG is a PNG', async () => {
    const png = await labelPng(demo);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('bwip-js refuses data that breaks GS1 rules (a bad SSCC check digit) rather than drawing it', () => {
    expect(() =>
      labelSvg({ ...demo, elements: [{ ai: '00', value: '095011010010000007' }, ...demo.elements.slice(1)] }),
    ).toThrow(/checksum/i);
  });
});
