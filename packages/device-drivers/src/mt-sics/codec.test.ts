import { describe, expect, it } from 'vitest';
import { encodeCommand, parseBalanceData, parseReply, responseIdFor, type MtSicsReply } from './codec.js';

const dec = (text: string, units: string, exponent: number) => ({ text, units, exponent });

// command -> reply line (DEVICES.md §1.3/1.4) -> typed result
const table: [command: string, reply: string, typed: MtSicsReply][] = [
  ['S', 'S S     100.00 g', { kind: 'weight', id: 'S', status: 'S', value: dec('100.00', '10000', -2), unit: 'g' }],
  ['SI', 'S D      99.98 g', { kind: 'weight', id: 'S', status: 'D', value: dec('99.98', '9998', -2), unit: 'g' }],
  ['SI', 'S S    -0.0082 g', { kind: 'weight', id: 'S', status: 'S', value: dec('-0.0082', '-82', -4), unit: 'g' }],
  ['SI', 'S S 12345678.12 g', { kind: 'weight', id: 'S', status: 'S', value: dec('12345678.12', '1234567812', -2), unit: 'g' }],
  ['SI', 'S S -     1.5 kg', { kind: 'weight', id: 'S', status: 'S', value: dec('-1.5', '-15', -1), unit: 'kg' }],
  ['SI', 'S S      0.125 ct', { kind: 'weight', id: 'S', status: 'S', value: dec('0.125', '125', -3), unit: 'ct' }],
  ['SIR', 'S D  535.14101 mg', { kind: 'weight', id: 'S', status: 'D', value: dec('535.14101', '53514101', -5), unit: 'mg' }],
  ['S', 'S I', { kind: 'status', id: 'S', status: 'I' }],
  ['S', 'S +', { kind: 'status', id: 'S', status: '+' }],
  ['S', 'S -', { kind: 'status', id: 'S', status: '-' }],
  ['S', 'S S   Error 15b', { kind: 'weight-error', id: 'S', status: 'S', errorCode: 15, location: 'b', text: 'Error 15b' }],
  ['SI', 'S S Error 3t', { kind: 'weight-error', id: 'S', status: 'S', errorCode: 3, location: 't', text: 'Error 3t' }],
  ['T', 'T S     12.345 g', { kind: 'weight', id: 'T', status: 'S', value: dec('12.345', '12345', -3), unit: 'g' }],
  ['T', 'T A 2.486 g', { kind: 'weight', id: 'T', status: 'A', value: dec('2.486', '2486', -3), unit: 'g' }],
  ['T', 'T +', { kind: 'status', id: 'T', status: '+' }],
  ['TI', 'TI D      3.10 g', { kind: 'weight', id: 'TI', status: 'D', value: dec('3.10', '310', -2), unit: 'g' }],
  ['TA', 'TA A     12.345 g', { kind: 'weight', id: 'TA', status: 'A', value: dec('12.345', '12345', -3), unit: 'g' }],
  ['TA', 'TA L', { kind: 'status', id: 'TA', status: 'L' }],
  ['TAC', 'TAC A', { kind: 'status', id: 'TAC', status: 'A' }],
  ['Z', 'Z A', { kind: 'status', id: 'Z', status: 'A' }],
  ['Z', 'Z I', { kind: 'status', id: 'Z', status: 'I' }],
  ['Z', 'Z -', { kind: 'status', id: 'Z', status: '-' }],
  ['ZI', 'ZI D', { kind: 'status', id: 'ZI', status: 'D' }],
  ['ZI', 'ZI S', { kind: 'status', id: 'ZI', status: 'S' }],
  ['@', 'I4 A "B207696838"', { kind: 'data', id: 'I4', status: 'A', fields: ['B207696838'] }],
  ['I1', 'I1 A "0123" "2.00" "2.20" "1.00" "1.50"', { kind: 'data', id: 'I1', status: 'A', fields: ['0123', '2.00', '2.20', '1.00', '1.50'] }],
  ['I2', 'I2 A "XS204 Excellence 220.0090 g"', { kind: 'data', id: 'I2', status: 'A', fields: ['XS204 Excellence 220.0090 g'] }],
  ['I3', 'I3 A "1.10 18.6.4.1361.772"', { kind: 'data', id: 'I3', status: 'A', fields: ['1.10 18.6.4.1361.772'] }],
  ['I0', 'I0 B 0 "I0"', { kind: 'data', id: 'I0', status: 'B', fields: ['0', 'I0'] }],
  ['I0', 'I0 A', { kind: 'status', id: 'I0', status: 'A' }],
  ['C', 'C B', { kind: 'status', id: 'C', status: 'B' }],
  ['XX', 'ES', { kind: 'general-error', code: 'ES' }],
  ['SI', 'ET', { kind: 'general-error', code: 'ET' }],
  ['T', 'EL', { kind: 'general-error', code: 'EL' }],
];

describe('MT-SICS byte table', () => {
  it.each(table)('%s -> %j', (command, reply, typed) => {
    expect(encodeCommand(command)).toBe(`${command}\r\n`);
    expect(parseReply(reply)).toEqual({ ok: true, reply: typed });
    if (typed.kind !== 'general-error') expect(typed.id).toBe(responseIdFor(command));
  });

  it('encodes parameters and quoted text', () => {
    expect(encodeCommand('TA', ['12.345', 'g'])).toBe('TA 12.345 g\r\n');
    expect(encodeCommand('D', [{ text: 'WEIGH 12 g' }])).toBe('D "WEIGH 12 g"\r\n');
  });

  it.each([
    ['si', 'lower case'],
    ['S I', 'space in name'],
    ['', 'empty'],
  ])('refuses command name %j (%s)', (name) => {
    expect(() => encodeCommand(name)).toThrow(/MT-SICS command name/);
  });

  it('refuses a parameter that would break the line', () => {
    expect(() => encodeCommand('TA', ['1 2'])).toThrow(/one token/);
    expect(() => encodeCommand('D', [{ text: 'a"b' }])).toThrow(/quotes/);
  });
});

describe('parseReply refusals name the line and the reason', () => {
  it.each([
    ['', /empty line/],
    ['S', /no status/],
    ['S Q 1.00 g', /unknown status "Q"/],
    ['S S 1.00', /no unit/],
    ['S S 1.0.0 g', /not a decimal/],
    ['S S abc g', /not a decimal/],
    ['S S 1.00 g extra', /unexpected data after the unit/],
    ['S S Error x', /Error <code>/],
    ['I4 A "B2076', /unterminated/],
    ['ES 12', /carries no data/],
    ['\x00\x00S S 1.00 g', /reply ID/],
    ['s s 1.00 g', /reply ID/],
  ])('%j', (line, reason) => {
    const result = parseReply(line);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('syntax-error');
      expect(result.message).toMatch(reason);
      expect(result.message).toContain(JSON.stringify(line));
    }
  });
});

describe('parseBalanceData (I2, read from the right)', () => {
  it.each([
    [['XS204 Excellence 220.0090 g'], { model: 'XS204 Excellence', capacity: '220.0090 g' }],
    [['WXS205SDU WXA-Bridge 220.00900 g'], { model: 'WXS205SDU WXA-Bridge', capacity: '220.00900 g' }],
    [['PR2002'], { model: 'PR2002' }],
  ])('%j', (fields, expected) => {
    expect(parseBalanceData(fields)).toEqual(expected);
  });
});
