import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHannaCommand } from './commands.js';
import { createHannaFramer, encodeHannaAnswer, hannaChecksum } from './framer.js';
import { parseHannaError, parseRasAnswer, scientificDecimal } from './ras.js';

// mode 01, status 0x14 (probe + out of calibration), R/R, pH 7.01, mV -3.5, 25.1 °C
const RAS = '0114RR' + '  7.010E+00' + '   -3.5' + '   25.1';

describe('encodeHannaCommand', () => {
  it('sends DLE + command + CR, or no prefix on request', () => {
    expect([...encodeHannaCommand('RAS')]).toEqual([0x10, 0x52, 0x41, 0x53, 0x0d]);
    expect([...encodeHannaCommand('MDR', { prefix: null })]).toEqual([0x4d, 0x44, 0x52, 0x0d]);
    expect(String.fromCharCode(...encodeHannaCommand('GLP'))).toBe('\x10GLP\r');
  });
});

describe('createHannaFramer', () => {
  it('checks the checksum: sum of answer bytes mod 256 as two hex digits', () => {
    expect(hannaChecksum('RAS')).toBe('E6'); // 0x52 + 0x41 + 0x53 = 0xE6
    expect(hannaChecksum('\xff\x02')).toBe('01');
    const framer = createHannaFramer();
    expect(framer.push(encodeHannaAnswer(RAS))).toEqual([{ kind: 'answer', answer: RAS }]);
    expect(framer.push(`\x02${RAS}00\x03`)).toEqual([
      { kind: 'bad-checksum', code: 'bad-checksum', answer: `${RAS}00`, message: `Hanna answer ${JSON.stringify(RAS + '00')}: checksum "00" does not match ${hannaChecksum(RAS)}` },
    ]);
  });

  it('reads ACK, NAK and CAN bare or framed, and ignores noise between frames', () => {
    const framer = createHannaFramer();
    expect(framer.push('\x06\x00\xff\x02\x06\x03\x15\x18').map((e) => e.kind)).toEqual(['ack', 'ack', 'nak', 'can']);
  });

  it('assembles a frame split at every byte', () => {
    const wire = encodeHannaAnswer(RAS);
    for (let cut = 0; cut <= wire.length; cut++) {
      const framer = createHannaFramer();
      expect([...framer.push(wire.slice(0, cut)), ...framer.push(wire.slice(cut))]).toEqual([{ kind: 'answer', answer: RAS }]);
    }
  });

  it('caps the frame buffer and drops a frame broken by a new STX', () => {
    const framer = createHannaFramer({ maxBytes: 8 });
    expect(framer.push('\x02' + 'x'.repeat(20))).toEqual([{ kind: 'overflow', code: 'frame-too-long', message: 'Hanna frame exceeded 8 bytes without ETX; dropped' }]);
    expect(framer.push('\x03' + encodeHannaAnswer('ok'))).toEqual([{ kind: 'answer', answer: 'ok' }]);
    expect(framer.push('\x02ab\x02' + 'ok' + hannaChecksum('ok') + '\x03').map((e) => e.kind)).toEqual(['overflow', 'answer']);
  });
});

describe('parseRasAnswer', () => {
  it('reads mode, status bits, range status and exact readings', () => {
    expect(parseRasAnswer(RAS)).toEqual({
      ok: true,
      reading: {
        mode: 'ph-0.01',
        status: { byte: 0x14, newGlpData: false, newSetup: false, outOfCalibration: true, autoEndpoint: false, temperatureProbe: true },
        primaryRange: 'in-range',
        mVRange: 'in-range',
        ph: { text: '7.010', units: '7010', exponent: -3 },
        mV: { text: '-3.5', units: '-35', exponent: -1 },
        temperatureC: { text: '25.1', units: '251', exponent: -1 },
      },
    });
  });

  it('has no pH in mV mode and reports over-range', () => {
    const read = parseRasAnswer('0310OO' + '  2.000E+03' + ' 2000.0' + '   24.0');
    expect(read.ok && read.reading).toMatchObject({ mode: 'mv', ph: undefined, primaryRange: 'over-range', mVRange: 'over-range', mV: { text: '2000.0' } });
  });

  it('types Err codes and refuses malformed answers, naming the field', () => {
    expect(parseRasAnswer('Err8')).toEqual({ ok: false, code: 'not-in-measure-mode', message: 'Hanna meter Err8: the meter is not in measurement mode' });
    expect(parseHannaError('Err9')).toEqual({ code: 'battery-low', message: 'Hanna meter Err9: battery below 30%' });
    expect(parseHannaError('Err5')).toMatchObject({ code: 'unknown-error' });
    expect(parseRasAnswer('0914RR  7.010E+00   -3.5   25.1')).toEqual({ ok: false, code: 'bad-ras-answer', message: 'Hanna RAS answer "0914RR  7.010E+00   -3.5   25.1" mode "09" is not 00-03' });
    expect(parseRasAnswer('01')).toMatchObject({ ok: false, code: 'bad-ras-answer', message: 'Hanna RAS answer "01" is 2 characters, 31 expected' });
  });

  it('converts scientific notation exactly', () => {
    expect(scientificDecimal('  7.012E+00')?.text).toBe('7.012');
    expect(scientificDecimal('-1.25E+02')?.text).toBe('-125');
    expect(scientificDecimal('1.5E-03')?.text).toBe('0.0015');
    expect(scientificDecimal('abc')).toBeNull();
  });

  it('never throws and keeps a bounded buffer on any bytes (100,000 inputs)', () => {
    const framer = createHannaFramer({ maxBytes: 64 });
    const chunk = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constantFrom(new Uint8Array([2]), new Uint8Array([3])));
    fc.assert(
      fc.property(chunk, (bytes) => {
        const text = String.fromCharCode(...bytes);
        for (const event of framer.push(text)) {
          if (event.kind === 'answer') {
            const read = parseRasAnswer(event.answer);
            if (!read.ok) expect(read.message.length).toBeGreaterThan(0);
          }
        }
        expect(framer.pending()).toBeLessThanOrEqual(64);
        const direct = parseRasAnswer(text);
        if (direct.ok) expect(direct.reading.temperatureC.text).toMatch(/^-?\d/);
      }),
      { numRuns: 100_000 },
    );
  });
});
