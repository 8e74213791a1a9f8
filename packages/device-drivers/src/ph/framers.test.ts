import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeHannaAnswer } from '../hanna/framer.js';
import { HannaFrameQueue, OrionPromptFramer } from './framers.js';

const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));
const RAS = '0110RR       7.01   12.3   25.0';

describe('HannaFrameQueue', () => {
  it('hands out each frame with the bytes it came in, however they are split, ignoring noise and XON/XOFF', () => {
    const wire = `\x00\xff${encodeHannaAnswer(RAS)}junk\x06\x11${encodeHannaAnswer('HI98190')}`;
    for (let cut = 0; cut <= wire.length; cut++) {
      const queue = new HannaFrameQueue();
      const lines = [...queue.push(bytes(wire.slice(0, cut))), ...queue.push(bytes(wire.slice(cut)))];
      const typed = lines.map(() => queue.take());
      expect(lines).toEqual([
        { type: 'line', text: encodeHannaAnswer(RAS) },
        { type: 'line', text: '\x06' },
        { type: 'line', text: encodeHannaAnswer('HI98190') },
      ]);
      expect(typed).toEqual([{ kind: 'answer', answer: RAS }, { kind: 'ack' }, { kind: 'answer', answer: 'HI98190' }]);
      expect(queue.take()).toBeUndefined();
    }
  });

  it('for any bytes: one typed frame per line handed out, and a bounded buffer (100,000 inputs)', () => {
    const queue = new HannaFrameQueue(64);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (chunk) => {
        const lines = queue.push(chunk);
        for (const line of lines) expect(queue.take(), line.type).toBeDefined();
        expect(queue.take()).toBeUndefined();
        expect(queue.bufferedBytes).toBeLessThanOrEqual(64 + 2);
      }),
      { numRuns: 100_000 },
    );
  });
});

describe('OrionPromptFramer', () => {
  it('gives the reply up to and with its prompt, drops bare prompts and XON/XOFF', () => {
    const reply = 'GETMEAS         \r\n\r\n\rA215 pH,X51250,3.04,ABCDE,12/07/23 09:30:40,---,CH-1,pH,4.61,pH,111.2, mV,25.0,C,89.1,%,M100,#1\n\r\r>';
    const framer = new OrionPromptFramer();
    expect(framer.push(bytes('>\r\n>'))).toEqual([]);
    expect(framer.push(bytes(reply.replace('4.61', '4.\x116\x131')))).toEqual([{ type: 'line', text: reply }]);
  });

  it('reports an over-long reply once as overflow and frames the next one', () => {
    const framer = new OrionPromptFramer(100);
    expect(framer.push(bytes('X'.repeat(150)))).toEqual([{ type: 'overflow', limit: 100, preview: '' }]);
    expect(framer.push(bytes('X'.repeat(150) + '>next>'))).toEqual([{ type: 'line', text: 'next>' }]);
  });
});
