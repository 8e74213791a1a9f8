import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeOrionCommand } from './commands.js';
import { createOrionFramer } from './framer.js';
import { parseOrionRecord, parseOrionReply } from './measurement.js';

const REPLY = 'GETMEAS         \r\n\r\n\rA215 pH,X51250,3.04,ABCDE,12/07/23 09:30:40,---,CH-1,pH,4.61,pH,111.2, mV,25.0,C,89.1,%,M100,#1\n\r\r>';

describe('encodeOrionCommand', () => {
  it('sends GETMEAS CR', () => {
    expect([...encodeOrionCommand('GETMEAS')]).toEqual([0x47, 0x45, 0x54, 0x4d, 0x45, 0x41, 0x53, 0x0d]);
  });
});

describe('createOrionFramer', () => {
  it('frames up to the > prompt however the bytes are split', () => {
    for (let cut = 0; cut <= REPLY.length; cut++) {
      const framer = createOrionFramer();
      const events = [...framer.push(REPLY.slice(0, cut)), ...framer.push(REPLY.slice(cut))];
      expect(events).toEqual([{ kind: 'frame', text: REPLY.slice(0, -1) }]);
    }
  });

  it('gives two frames for two replies in one chunk', () => {
    const framer = createOrionFramer();
    expect(framer.push('a\r>b\r>c').map((e) => e.kind === 'frame' && e.text)).toEqual(['a\r', 'b\r']);
    expect(framer.push('\r>')).toEqual([{ kind: 'frame', text: 'c\r' }]);
  });

  it('caps its buffer: noise without a prompt is reported once and dropped up to the next prompt', () => {
    const framer = createOrionFramer({ maxBytes: 16 });
    expect(framer.push('x'.repeat(10))).toEqual([]);
    expect(framer.push('x'.repeat(10))).toEqual([{ kind: 'overflow', code: 'frame-too-long', message: 'Orion reply exceeded 16 bytes without a ">" prompt; discarded up to the next prompt' }]);
    expect(framer.push('y'.repeat(100))).toEqual([]);
    expect(framer.push('z>ok>')).toEqual([{ kind: 'frame', text: 'ok' }]);
  });
});

describe('parseOrionReply', () => {
  it('reads the A215 GETMEAS record into exact decimals, skipping the echo', () => {
    const read = parseOrionReply(REPLY.slice(0, -1));
    expect(read).toEqual({
      ok: true,
      measurement: {
        kind: 'ph',
        ph: { text: '4.61', units: '461', exponent: -2 },
        mV: { text: '111.2', units: '1112', exponent: -1 },
        temperatureC: { text: '25.0', units: '250', exponent: -1 },
        slopePercent: { text: '89.1', units: '891', exponent: -1 },
        stable: true,
        model: 'A215 pH',
        serialNumber: 'X51250',
        firmware: '3.04',
        userId: 'ABCDE',
        meterDateTime: '12/07/23 09:30:40',
        channel: 'CH-1',
        method: 'M100',
        logNumber: '#1',
      },
    });
  });

  it('reads --- as absent and a record without a log number as not stable', () => {
    const read = parseOrionRecord('A211 pH,X1,1.0,---,---,---,CH-1,pH,6.02,pH,---,mV,---,C,---,%,---,---');
    expect(read.ok && read.measurement).toMatchObject({ ph: { text: '6.02' }, stable: false, mV: undefined, temperatureC: undefined, slopePercent: undefined });
  });

  it('keeps a temperature in °F as sent, without converting through a float', () => {
    const read = parseOrionRecord('A211 pH,X1,1.0,U,d,S,CH-1,pH,-0.05,pH,-420.1,mV,77.0,F,99.0,%,M1,#9');
    expect(read.ok && read.measurement).toMatchObject({ ph: { text: '-0.05' }, temperatureC: undefined, temperature: { value: { text: '77.0' }, unit: 'F' } });
  });

  it('refuses replies without a record, other modes and a missing pH, naming the reason', () => {
    expect(parseOrionReply('GETMEAS\r\n\r')).toEqual({ ok: false, code: 'no-record', message: 'Orion reply holds no 18-field CSV record: "GETMEAS\\r\\n\\r"' });
    expect(parseOrionRecord('A215,X,1,U,d,S,CH-1,mV,---,pH,12.0,mV,25.0,C,---,%,M1,#2')).toMatchObject({ ok: false, code: 'not-ph-mode' });
    expect(parseOrionRecord('A215,X,1,U,d,S,CH-1,pH,---,pH,12.0,mV,25.0,C,---,%,M1,#2')).toMatchObject({ ok: false, code: 'no-ph-value', message: 'Orion record has no pH value (field 9 is "---")' });
    expect(parseOrionRecord('A215,X,1')).toMatchObject({ ok: false, code: 'bad-record' });
  });

  it('never throws and keeps a bounded buffer on any bytes (100,000 inputs)', () => {
    const framer = createOrionFramer({ maxBytes: 64 });
    const codes = ['no-record', 'bad-record', 'not-ph-mode', 'no-ph-value'];
    const chunks = fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.constant(new Uint8Array([0x3e])));
    fc.assert(
      fc.property(chunks, (bytes) => {
        const chunk = String.fromCharCode(...bytes);
        for (const event of framer.push(chunk)) {
          if (event.kind !== 'frame') continue;
          expect(event.text.length).toBeLessThanOrEqual(64);
          const read = parseOrionReply(event.text);
          if (read.ok) expect(read.measurement.kind).toBe('ph');
          else expect(codes).toContain(read.code);
        }
        expect(framer.pending()).toBeLessThanOrEqual(64);
        const record = parseOrionRecord(chunk);
        if (!record.ok) expect(codes).toContain(record.code);
      }),
      { numRuns: 100_000 },
    );
  });
});
