// The serial scanner's inter-character timeout (issue 8 §3), on a manual clock: no timers, no sleeps.
import { describe, expect, it } from 'vitest';
import { ScanLineFramer } from './scan-line-framer.js';

const bytes = (text: string) => Buffer.from(text, 'latin1');

function framer(timeoutMs = 100) {
  let now = 1_000;
  const f = new ScanLineFramer({ interCharacterTimeoutMs: timeoutMs, now: () => now });
  return { f, advance: (ms: number) => (now += ms) };
}

describe('serial scan lines with an inter-character timeout', () => {
  it('discards a scan that stops mid-label, naming its characters, and reads the next scan whole', () => {
    const { f, advance } = framer();
    expect(f.push(bytes(']d2010950110154'))).toEqual([]);
    expect(f.idleMs()).toBe(100);
    advance(60);
    expect(f.idleMs()).toBe(40);
    expect(f.expire()).toEqual([]);
    advance(40);
    expect(f.idleMs()).toBe(0);
    const [discarded, ...rest] = f.expire();
    expect(rest).toEqual([]);
    expect(discarded).toEqual({
      type: 'discarded',
      code: 'scan-interrupted',
      message: 'scan stopped after 15 characters without its end-of-scan suffix (nothing for 100 ms); discarded "]d2010950110154" — scan the label again',
      raw: ']d2010950110154',
    });
    expect(f.idleMs()).toBeUndefined();
    advance(5_000);
    expect(f.push(bytes(']C10109501101540019\r'))).toEqual([{ type: 'line', text: ']C10109501101540019' }]);
  });

  it('reports the interrupted part when the next scan arrives before any timer ran, and keeps the two apart', () => {
    const { f, advance } = framer();
    f.push(bytes('0109501101'));
    advance(250);
    expect(f.push(bytes(']C10109501101540019\r'))).toEqual([
      expect.objectContaining({ type: 'discarded', code: 'scan-interrupted', raw: '0109501101' }),
      { type: 'line', text: ']C10109501101540019' },
    ]);
  });

  it('joins a scan delivered in pieces with gaps under the timeout, and a CR LF suffix leaves nothing held', () => {
    const { f, advance } = framer();
    const out = [];
    for (const piece of [']d2', '0109501101', '540019', '\r']) {
      out.push(...f.push(bytes(piece)));
      advance(99);
    }
    expect(out).toEqual([{ type: 'line', text: ']d20109501101540019' }]);
    expect(f.push(bytes('PCM-2401\r\n'))).toEqual([{ type: 'line', text: 'PCM-2401' }]);
    expect(f.idleMs()).toBeUndefined();
    advance(1_000);
    expect(f.expire()).toEqual([]);
  });

  it('says nothing more about an over-long line already reported when it stops', () => {
    let now = 0;
    const f = new ScanLineFramer({ maxLineLength: 8, now: () => now });
    expect(f.push(bytes('X'.repeat(20)))).toEqual([expect.objectContaining({ type: 'overflow', limit: 8 })]);
    now += 500;
    expect(f.expire()).toEqual([]);
    expect(f.push(bytes('MGS-210\r'))).toEqual([{ type: 'line', text: 'MGS-210' }]);
  });

  it('refuses a timeout that is not a positive number of milliseconds', () => {
    expect(() => new ScanLineFramer({ interCharacterTimeoutMs: 0 })).toThrow(/interCharacterTimeoutMs must be more than 0, got 0/);
  });
});
