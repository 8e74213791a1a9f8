import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseElementString } from '../gs1/parse.js';
import { splitAimPrefix } from './aim.js';
import { createHidPosAssembler, decodeHidPosReport } from './hid-pos.js';
import { createWedgeDetector, type WedgeKey } from './keyboard-wedge.js';
import { decodeScannerLine } from './serial-line.js';

const GS = '\x1d';

/** A 64-byte HID POS report as a node-hid device delivers it. */
function report(aim: string, data: string, more = false, lengthByte = data.length, codeId = 0x77): Uint8Array {
  const bytes = new Uint8Array(64);
  bytes[0] = 0x02;
  bytes[1] = lengthByte;
  for (let i = 0; i < 3; i++) bytes[2 + i] = aim.charCodeAt(i);
  for (let i = 0; i < data.length; i++) bytes[5 + i] = data.charCodeAt(i);
  bytes[61] = codeId;
  bytes[63] = more ? 1 : 0;
  return bytes;
}

describe('AIM symbology identifiers', () => {
  it.each([
    [']C1', 'GS1-128', true],
    [']d2', 'GS1 DataMatrix', true],
    [']Q3', 'GS1 QR Code', true],
    [']e0', 'GS1 DataBar / composite', true],
    [']J1', 'GS1 DotCode', true],
    [']C0', 'Code 128', false],
    [']d1', 'Data Matrix', false],
    [']Q1', 'QR Code', false],
    [']E0', 'EAN-13 / UPC-A', false],
    [']E4', 'EAN-8', false],
  ])('%s is %s (GS1: %s)', (aim, name, gs1) => {
    expect(splitAimPrefix(`${aim}0109501101530003`)).toEqual({ symbology: aim, name, gs1, data: '0109501101530003' });
  });

  it('keeps data without a prefix, and an unknown prefix without a name', () => {
    expect(splitAimPrefix('ABC')).toEqual({ gs1: false, data: 'ABC' });
    expect(splitAimPrefix(']z9XYZ')).toEqual({ symbology: ']z9', gs1: false, data: 'XYZ' });
  });
});

describe('decodeScannerLine', () => {
  it('splits the AIM prefix and strips the CR suffix and power-up noise', () => {
    expect(decodeScannerLine(`]d20109501101540019${'10PCM-2401'}${GS}17270331\r`)).toEqual({
      ok: true, symbology: ']d2', name: 'GS1 DataMatrix', gs1: true, data: `010950110154001910PCM-2401${GS}17270331`,
    });
    expect(decodeScannerLine('\x00\xff]E09501101530003\r\n')).toMatchObject({ ok: true, symbology: ']E0', data: '9501101530003' });
  });

  it('never throws on any line and keeps every data byte after the prefix (100,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.constantFrom('', ']d2', ']C1', ']Q1', ']'), (bytes, prefix) => {
        const line = prefix + String.fromCharCode(...bytes);
        const read = decodeScannerLine(line);
        if (read.ok) expect(line.includes(read.data)).toBe(true);
        else expect(read.code).toBe('empty-scan');
      }),
      { numRuns: 100_000 },
    );
  });

  it('refuses an empty scan', () => {
    expect(decodeScannerLine(']C1\r')).toEqual({ ok: false, code: 'empty-scan', message: 'scanner sent no data: "]C1\\r"' });
  });
});

describe('HID POS reports', () => {
  it('decodes one report: AIM, data up to the length byte, code ID, no continuation', () => {
    expect(decodeHidPosReport(report(']d2', '0109501101530003'))).toEqual({ ok: true, aim: ']d2', data: '0109501101530003', codeId: 0x77, more: false });
  });

  it('applies the vendor length rule, clamps it to 56 and strips 0x00 padding', () => {
    const r = report(']C1', 'ABC', false, 4);
    expect(decodeHidPosReport(r, { lengthRule: 'length-minus-one' })).toMatchObject({ data: 'ABC' });
    expect(decodeHidPosReport(r, { lengthRule: 'data-bytes' })).toMatchObject({ data: 'ABC' }); // 4th byte is padding
    expect(decodeHidPosReport(report(']C1', 'ABC', false, 200))).toMatchObject({ data: 'ABC' });
    expect(decodeHidPosReport(r, { lengthRule: (n) => n - 2 })).toMatchObject({ data: 'AB' });
  });

  it('reads reports without the report ID byte (WebHID)', () => {
    expect(decodeHidPosReport(report(']Q3', 'XYZ').subarray(1), { reportIdPresent: false })).toEqual({ ok: true, aim: ']Q3', data: 'XYZ', codeId: 0x77, more: false });
  });

  it('refuses a wrong report ID and a short report', () => {
    const wrong = report(']C1', 'A');
    wrong[0] = 0x01;
    expect(decodeHidPosReport(wrong)).toEqual({ ok: false, code: 'wrong-report-id', message: 'HID POS report ID is 0x01, 0x02 expected' });
    expect(decodeHidPosReport(new Uint8Array(10))).toEqual({ ok: false, code: 'short-report', message: 'HID POS report has 10 bytes, 64 expected' });
  });

  it('assembles a 60-byte barcode sent as 56 + 4 bytes', () => {
    const data = `0109501101540019${'17270331'}${'3103050403'}10${'L'.repeat(20)}${GS}21S`;
    expect(data.length).toBe(60);
    const assembler = createHidPosAssembler();
    expect(assembler.push(report(']d2', data.slice(0, 56), true))).toBeNull();
    expect(assembler.pending()).toBe(56);
    expect(assembler.push(report(']d2', data.slice(56)))).toEqual({ kind: 'scan', symbology: ']d2', data, codeId: 0x77 });
    expect(assembler.pending()).toBe(0);
  });

  it('hands the GS1 parser a scan whose GS survived the HID transport', () => {
    const assembler = createHidPosAssembler();
    const scan = assembler.push(report(']d2', `0109501101540019${'17270331'}10PCM-2401${GS}3103050403`));
    expect(scan?.kind).toBe('scan');
    const parsed = scan?.kind === 'scan' ? parseElementString((scan.symbology ?? '') + scan.data, { today: { year: 2026, month: 11, day: 25 } }) : null;
    expect(parsed?.problems).toEqual([]);
    expect(parsed?.elements.map((e) => [e.ai, e.raw])).toEqual([['01', '09501101540019'], ['17', '270331'], ['10', 'PCM-2401'], ['3103', '050403']]);
  });

  it('caps a run of continued reports and resumes after its last report', () => {
    const assembler = createHidPosAssembler({ maxBytes: 100 });
    expect(assembler.push(report(']C1', 'A'.repeat(56), true))).toBeNull();
    expect(assembler.push(report(']C1', 'A'.repeat(56), true))).toEqual({ kind: 'error', code: 'scan-too-long', message: 'HID POS scan exceeded 100 bytes across continued reports; dropped' });
    expect(assembler.push(report(']C1', 'A'.repeat(56), true))).toBeNull();
    expect(assembler.push(report(']C1', 'end'))).toBeNull();
    expect(assembler.push(report(']E0', '9501101530003'))).toMatchObject({ kind: 'scan', symbology: ']E0', data: '9501101530003' });
  });

  it('never throws and keeps bounded state on any reports (100,000 inputs)', () => {
    const assembler = createHidPosAssembler({ maxBytes: 200 });
    const anyReport = fc.oneof(
      fc.uint8Array({ minLength: 0, maxLength: 70 }),
      fc.tuple(fc.uint8Array({ minLength: 63, maxLength: 63 }), fc.boolean()).map(([b, more]) => Uint8Array.from([2, ...b.slice(0, 62), more ? 1 : 0])),
    );
    fc.assert(
      fc.property(anyReport, fc.constantFrom<'data-bytes' | 'length-minus-one'>('data-bytes', 'length-minus-one'), (bytes, lengthRule) => {
        const one = decodeHidPosReport(bytes, { lengthRule });
        if (one.ok) expect(one.data.length).toBeLessThanOrEqual(56);
        const event = assembler.push(bytes);
        if (event?.kind === 'scan') expect(event.data.length).toBeLessThanOrEqual(200);
        expect(assembler.pending()).toBeLessThanOrEqual(200);
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('keyboard-wedge detector', () => {
  const keys = (text: string, start: number, gapMs: number): WedgeKey[] => [...text].map((key, i) => ({ key, at: start + i * gapMs }));
  const run = (events: WedgeKey[], options = {}) => {
    const detector = createWedgeDetector(options);
    return events.map((e) => detector.push(e)).filter((d) => d !== null);
  };

  it('takes a fast burst ended by Enter as a scan', () => {
    const scan = keys('0109501101540019', 1000, 8);
    expect(run([...scan, { key: 'Enter', at: 1000 + 16 * 8 }])).toEqual([{ kind: 'scan', data: '0109501101540019' }]);
  });

  it('takes slow keys as typing, even when they end with Enter', () => {
    const typed = keys('PCM-2401', 1000, 180);
    expect(run([...typed, { key: 'Enter', at: 1000 + 8 * 180 }])).toEqual([
      { kind: 'typing', text: 'P' }, { kind: 'typing', text: 'C' }, { kind: 'typing', text: 'M' }, { kind: 'typing', text: '-' },
      { kind: 'typing', text: '2' }, { kind: 'typing', text: '4' }, { kind: 'typing', text: '0' }, { kind: 'typing', text: '1' },
    ]);
  });

  it('separates typed keys from a scan that follows them', () => {
    const events = [...keys('ab', 0, 300), ...keys('10LOT7', 1000, 5), { key: 'Enter', at: 1030 }];
    expect(run(events)).toEqual([{ kind: 'typing', text: 'a' }, { kind: 'typing', text: 'b' }, { kind: 'scan', data: '10LOT7' }]);
  });

  it('ignores modifiers, maps Ctrl+] and a programmed key to GS, and treats short bursts as typing', () => {
    const events: WedgeKey[] = [
      { key: 'Shift', at: 0 }, { key: '1', at: 1 }, { key: '0', at: 2 }, { key: 'A', at: 3 }, { key: ']', at: 4, ctrlKey: true },
      { key: '2', at: 5 }, { key: '1', at: 6 }, { key: 'F8', at: 7 }, { key: 'Enter', at: 8 },
    ];
    expect(run(events, { gsKeys: ['F8'] })).toEqual([{ kind: 'scan', data: `10A${GS}21${GS}` }]);
    expect(run([...keys('ab', 0, 5), { key: 'Enter', at: 10 }])).toEqual([{ kind: 'typing', text: 'ab' }]);
  });

  it('hands back what it holds on flush and caps its buffer', () => {
    const detector = createWedgeDetector({ maxLength: 8 });
    const decisions = keys('x'.repeat(20), 0, 1).map((k) => detector.push(k)).filter((d) => d !== null);
    expect(decisions).toEqual([{ kind: 'typing', text: 'x'.repeat(8) }, { kind: 'typing', text: 'x'.repeat(8) }]);
    // Four keys at scanner speed and then nothing: a scan that stopped, not typing.
    expect(detector.flush()).toMatchObject({ kind: 'interrupted', partial: 'xxxx' });
    expect(detector.flush()).toBeNull();
    detector.push({ key: 'a', at: 1000 });
    expect(detector.flush()).toEqual({ kind: 'typing', text: 'a' });
  });

  // Issue 8 §3: a scan whose keys stop before the suffix for longer than maxInterKeyMs (default 40 ms).
  it('reports a fast burst that stops before Enter as an interrupted scan naming its characters, and reads the next scan alone', () => {
    const events = [...keys('0109501101', 0, 8), ...keys('0109501101540019', 2000, 8), { key: 'Enter', at: 2000 + 16 * 8 }];
    expect(run(events)).toEqual([
      { kind: 'interrupted', partial: '0109501101', message: 'scan stopped after 10 characters without Enter (no key for more than 40 ms); discarded "0109501101" — scan the label again' },
      { kind: 'scan', data: '0109501101540019' },
    ]);
    // The suffix itself late: the scan is not taken, it is named.
    expect(run([...keys('PCM-2401', 0, 8), { key: 'Enter', at: 7 * 8 + 100 }])).toEqual([expect.objectContaining({ kind: 'interrupted', partial: 'PCM-2401' })]);
  });

  it('never throws and never returns more than it was given (100,000 inputs)', () => {
    const key = fc.record({ key: fc.oneof(fc.string({ maxLength: 1 }), fc.constantFrom('Enter', 'Shift', 'Tab', 'F8')), gap: fc.nat({ max: 200 }), ctrlKey: fc.boolean() });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 10 }), (events) => {
        const detector = createWedgeDetector({ maxLength: 64 });
        let at = 0;
        let out = 0;
        for (const e of events) {
          at += e.gap;
          const d = detector.push({ key: e.key, at, ctrlKey: e.ctrlKey });
          if (d) out += d.kind === 'scan' ? d.data.length : d.kind === 'typing' ? d.text.length : d.partial.length;
        }
        const rest = detector.flush();
        out += rest?.kind === 'typing' ? rest.text.length : rest?.kind === 'interrupted' ? rest.partial.length : 0;
        expect(out).toBeLessThanOrEqual(events.length);
      }),
      { numRuns: 100_000 },
    );
  });
});
