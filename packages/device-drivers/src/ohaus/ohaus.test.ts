import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeOhausCommand, OHAUS_COMMANDS, type OhausCommand } from './commands.js';
import { parseOhausLine } from './output-line.js';

describe('encodeOhausCommand', () => {
  it('sends IP, SP, CP, 0P, Z, T, PSN, PV with CR LF', () => {
    const wanted: [OhausCommand, string][] = [
      ['print-immediate', 'IP\r\n'], ['print-stable', 'SP\r\n'], ['print-continuous', 'CP\r\n'], ['stop-continuous', '0P\r\n'],
      ['zero', 'Z\r\n'], ['tare', 'T\r\n'], ['print-serial-number', 'PSN\r\n'], ['print-version', 'PV\r\n'],
    ];
    for (const [command, text] of wanted) expect(String.fromCharCode(...encodeOhausCommand(command))).toBe(text);
    expect(Object.keys(OHAUS_COMMANDS)).toHaveLength(11);
  });
});

describe('parseOhausLine', () => {
  it('reads a stable line: right-justified value and unit', () => {
    expect(parseOhausLine('    192.21 g\r\n')).toEqual({ kind: 'weight', value: { text: '192.21', units: '19221', exponent: -2 }, unit: 'g', stable: true, basis: 'unknown' });
  });

  it('reads ? as unstable', () => {
    expect(parseOhausLine('      0.01 g ?\r\n')).toMatchObject({ kind: 'weight', value: { text: '0.01' }, stable: false });
    expect(parseOhausLine('     -1.5 kg    ?\r\n')).toMatchObject({ value: { text: '-1.5' }, unit: 'kg', stable: false });
  });

  it('keeps a legend and reads NET/G/T as the basis', () => {
    expect(parseOhausLine('   1500.00 g   NET\r\n')).toMatchObject({ stable: true, basis: 'net', legend: 'NET' });
    expect(parseOhausLine('   1500.00 g ? G\r\n')).toMatchObject({ stable: false, basis: 'gross', legend: 'G' });
    expect(parseOhausLine('   1500.00 g   TOTAL\r\n')).toMatchObject({ stable: true, basis: 'unknown', legend: 'TOTAL' });
  });

  it('types ES as a syntax error and anything else as text', () => {
    expect(parseOhausLine('ES\r\n')).toEqual({ kind: 'error', code: 'syntax-error', message: 'Ohaus balance answered ES: command not understood' });
    expect(parseOhausLine('SN:B123456789\r\n')).toEqual({ kind: 'text', text: 'SN:B123456789' });
    expect(parseOhausLine('    192.21\r\n')).toEqual({ kind: 'text', text: '192.21' });
  });

  it('never throws on any latin1 line (100,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 30 }), (bytes) => {
        expect(['weight', 'error', 'text']).toContain(parseOhausLine(String.fromCharCode(...bytes)).kind);
      }),
      { numRuns: 100_000 },
    );
  });
});
