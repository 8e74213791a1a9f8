import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AND_COMMANDS, encodeAndCommand } from './commands.js';
import { parseAndLine } from './output-line.js';

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('encodeAndCommand', () => {
  it('sends each mnemonic followed by CR LF', () => {
    expect(AND_COMMANDS.map((c) => text(encodeAndCommand(c)))).toEqual([
      'Q\r\n', 'S\r\n', 'SI\r\n', 'SIR\r\n', 'T\r\n', 'Z\r\n', 'R\r\n', 'C\r\n', '?ID\r\n', '?SN\r\n',
    ]);
  });
});

describe('parseAndLine', () => {
  it('reads ST as a stable weight with leading zeros and a right-aligned unit', () => {
    expect(parseAndLine('ST,+00123.45  g\r\n')).toEqual({
      kind: 'weight', header: 'ST', value: { text: '123.45', units: '12345', exponent: -2 }, unit: 'g', stable: true, basis: 'unknown',
    });
    expect(parseAndLine('ST,-0012.345 kg\r\n')).toMatchObject({ value: { text: '-12.345' }, unit: 'kg' });
  });

  it('reads US as unstable, QT as a stable count and the decimal comma', () => {
    expect(parseAndLine('US,+00099.98  g\r\n')).toMatchObject({ kind: 'weight', header: 'US', stable: false, value: { text: '99.98' } });
    expect(parseAndLine('QT,+00012345 PC\r\n')).toMatchObject({ kind: 'weight', header: 'QT', stable: true, unit: 'PC', value: { text: '12345' } });
    expect(parseAndLine('ST,+00123,45  g\r\n')).toMatchObject({ value: { text: '123.45', units: '12345' } });
  });

  it('reads second headers: basis (NT/GS/TR) and comparator (OK/LO/HI)', () => {
    expect(parseAndLine('ST,NT,+0012.34kg\r\n')).toMatchObject({ basis: 'net', unit: 'kg', value: { text: '12.34' } });
    expect(parseAndLine('ST,GS,+0050.00kg\r\n')).toMatchObject({ basis: 'gross' });
    expect(parseAndLine('ST,OK,+0001.234 kg\r\n')).toMatchObject({ comparator: 'ok', basis: 'unknown', value: { text: '1.234' } });
    expect(parseAndLine('US,HI,+0009.000 kg\r\n')).toMatchObject({ comparator: 'high', stable: false });
  });

  it('types OL as out of range, not as a weight, whatever its value field', () => {
    for (const line of ['OL,+999999.9  g\r\n', 'OL,+9999999E+19\r\n']) {
      expect(parseAndLine(line)).toEqual({ kind: 'overload', code: 'out-of-range', message: `balance out of range: ${JSON.stringify(line.trim())}` });
    }
  });

  it('types EC errors with their meanings, ACK and identity replies', () => {
    expect(parseAndLine('EC,E11\r\n')).toEqual({ kind: 'error', code: 'unstable', errorCode: 'E11', message: 'A&D error E11: stability error: cannot zero or tare while the weight is unstable' });
    expect(parseAndLine('EC,E01\r\n')).toMatchObject({ code: 'undefined-command' });
    expect(parseAndLine('EC,E99\r\n')).toMatchObject({ code: 'unknown-error', errorCode: 'E99' });
    expect(parseAndLine('\x06\r\n')).toEqual({ kind: 'ack' });
    expect(parseAndLine('\x06')).toEqual({ kind: 'ack' });
    expect(parseAndLine('SN,01234567\r\n')).toEqual({ kind: 'identity', field: 'serial-number', text: '01234567' });
    expect(parseAndLine('ID,LAB-0123\r\n')).toEqual({ kind: 'identity', field: 'id', text: 'LAB-0123' });
  });

  it('refuses a weight line without a unit, stable or not', () => {
    expect(parseAndLine('ST,+00123.45   \r\n')).toEqual({ kind: 'unrecognized', code: 'unrecognized-line', message: 'A&D ST line without a unit: "ST,+00123.45   "' });
    expect(parseAndLine('ST,+00123.45')).toMatchObject({ kind: 'unrecognized' });
    expect(parseAndLine('QT,+00012345   ')).toMatchObject({ kind: 'unrecognized' });
    expect(parseAndLine('US,+00123.45   ')).toMatchObject({ kind: 'unrecognized' });
  });

  it('refuses malformed lines, naming them', () => {
    expect(parseAndLine('ST,+00A23.45  g\r\n')).toEqual({ kind: 'unrecognized', code: 'unrecognized-line', message: 'not an A&D standard-format line: "ST,+00A23.45  g"' });
    expect(parseAndLine('XX,+00123.45  g')).toMatchObject({ kind: 'unrecognized' });
  });

  it('never throws on any latin1 line (100,000 inputs)', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 30 }),
      fc.tuple(fc.constantFrom('ST,', 'US,', 'QT,', 'OL,', 'ST,NT,', 'EC,'), fc.uint8Array({ maxLength: 20 })).map(([h, b]) => h + String.fromCharCode(...b)),
    );
    fc.assert(
      fc.property(bytes, (input) => {
        const result = parseAndLine(typeof input === 'string' ? input : String.fromCharCode(...input));
        expect(result.kind).toMatch(/^(weight|overload|ack|error|identity|unrecognized)$/);
      }),
      { numRuns: 100_000 },
    );
  });
});
