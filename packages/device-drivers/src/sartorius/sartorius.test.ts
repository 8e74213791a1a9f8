import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeSbiCommand, type SbiCommand } from './commands.js';
import { parseSbiLine } from './output-line.js';

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('encodeSbiCommand: bytes on the wire', () => {
  it.each<[SbiCommand, string]>([
    ['print', '1b 50 0d 0a'],
    ['tare-zero', '1b 54 0d 0a'],
    ['tare', '1b 55 0d 0a'],
    ['zero', '1b 56 0d 0a'],
    ['model', '1b 78 31 5f 0d 0a'],
    ['serial-number', '1b 78 32 5f 0d 0a'],
    ['software-version', '1b 78 33 5f 0d 0a'],
  ])('%s → %s', (command, bytes) => {
    expect(hex(encodeSbiCommand(command))).toBe(bytes);
  });

  it('leaves out CR LF on request', () => {
    expect(hex(encodeSbiCommand('print', { crlf: false }))).toBe('1b 50');
  });
});

describe('parseSbiLine', () => {
  it('reads a stable 16-character line', () => {
    expect(parseSbiLine('+   123.56 g  \r\n')).toEqual({
      kind: 'weight',
      value: { text: '123.56', units: '12356', exponent: -2 },
      unit: 'g',
      stable: true,
      basis: 'unknown',
      unverifiedDigits: false,
    });
  });

  it('reads a blank unit as unstable and a minus sign with spaces', () => {
    expect(parseSbiLine('+    123.5    \r\n')).toMatchObject({ kind: 'weight', value: { text: '123.5' }, unit: '', stable: false });
    expect(parseSbiLine('-  3.456     ')).toMatchObject({ kind: 'weight', value: { text: '-3.456' }, unit: '', stable: false });
  });

  it('reads the 22-character form with its ID code as the weight basis', () => {
    expect(parseSbiLine('N     +   123.56 g  \r\n')).toMatchObject({ kind: 'weight', idCode: 'N', basis: 'net', value: { text: '123.56' }, stable: true });
    expect(parseSbiLine('N1    +    12.00 kg \r\n')).toMatchObject({ idCode: 'N1', basis: 'net', unit: 'kg' });
    expect(parseSbiLine('G     +  6200.01 g  \r\n')).toMatchObject({ idCode: 'G', basis: 'gross', value: { text: '6200.01' } });
    expect(parseSbiLine('T     +    50.00 g  \r\n')).toMatchObject({ idCode: 'T', basis: 'tare' });
  });

  it('keeps digits in brackets (not verified) in the value and flags them', () => {
    expect(parseSbiLine(' 123.4567[8]g  ')).toMatchObject({ kind: 'weight', value: { text: '123.45678' }, unit: 'g', unverifiedDigits: true });
    expect(parseSbiLine('+[  123.56]g  \r\n')).toMatchObject({ value: { text: '123.56' }, unverifiedDigits: true });
  });

  it.each([
    ['H             \r\n', 'overload'],
    ['  High        \r\n', 'overload'],
    ['L             \r\n', 'underload'],
    ['  Low         \r\n', 'underload'],
    ['C             \r\n', 'calibration'],
    ['  Err 54      \r\n', 'error'],
    ['- - - - - -   \r\n', 'no-value'],
    ['   --------   \r\n', 'no-value'],
  ])('types %j as a %s message, not a weight', (line, code) => {
    expect(parseSbiLine(line)).toMatchObject({ kind: 'message', code });
  });

  it('types Stat lines and identity lines', () => {
    expect(parseSbiLine('Stat      Cal  E\r\n')).toEqual({ kind: 'message', code: 'status', idCode: 'Stat', text: 'Cal  E', message: 'balance status "Cal  E"' });
    expect(parseSbiLine('Model BCE6202I-1S    \r\n')).toEqual({ kind: 'identity', field: 'model', text: 'BCE6202I-1S' });
  });

  it.each(['?', '\xff', '\x00', '#', 'x', 'gg'])('refuses %j in the unit field: a noise byte never makes an unstable reading stable', (unit) => {
    const line = `+     7.25 ${unit}  `;
    expect(parseSbiLine(line)).toEqual({ kind: 'unrecognized', code: 'unrecognized-line', message: `SBI line with ${JSON.stringify(unit)} in the unit field, which is not an SBI unit: ${JSON.stringify(line)}` });
  });

  it.each(['g', 'kg', 'mg', 'ct', 'lb', 'oz', 'pcs', '%'])('accepts the SBI unit %s as a stable reading', (unit) => {
    expect(parseSbiLine(`+     7.25 ${unit.padEnd(3)}\r\n`)).toMatchObject({ kind: 'weight', unit, stable: true });
  });

  it.each(['Stat          H     ', 'Stat        L       ', 'Stat  HH', 'Stat  LL'])('a Stat line %j is a generic status message, not overload/underload', (line) => {
    expect(parseSbiLine(line)).toMatchObject({ kind: 'message', code: 'status', idCode: 'Stat' });
  });

  it.each(['HH', 'LL', '      HH        ', '+  LL', 'HH    +   123.56 g  '])('%j is not a message or a weight: a syntax error', (line) => {
    expect(parseSbiLine(line)).toMatchObject({ kind: 'unrecognized', code: 'unrecognized-line' });
  });

  it('refuses noise with a message naming the line', () => {
    expect(parseSbiLine('\x00\xff?? \r\n')).toEqual({ kind: 'unrecognized', code: 'unrecognized-line', message: 'not an SBI weight or message line: "\\u0000ÿ?? "' });
  });

  it('never throws on any latin1 line (100,000 inputs)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        const result = parseSbiLine(String.fromCharCode(...bytes));
        expect(['weight', 'message', 'identity', 'unrecognized']).toContain(result.kind);
      }),
      { numRuns: 100_000 },
    );
  });
});
