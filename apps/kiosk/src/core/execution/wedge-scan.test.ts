import { describe, expect, it } from 'vitest';
import { wedgeScan } from './wedge-scan.js';

const keys = (text: string, start: number, gapMs: number) => [...text].map((key, i) => ({ key, at: start + i * gapMs }));

describe('the scan in keys a keyboard-wedge scanner typed', () => {
  it('takes a fast burst ended by Enter', () => {
    expect(wedgeScan([...keys(']C10109501101540019', 0, 8), { key: 'Enter', at: 19 * 8 }])).toEqual({ ok: true, data: ']C10109501101540019' });
  });

  it('refuses typing', () => {
    expect(wedgeScan([...keys('PCM-2401', 0, 200), { key: 'Enter', at: 1_800 }])).toMatchObject({ ok: false, code: 'not-a-scan' });
  });

  // Issue 8 §3: a scan cut mid-label is named and never glued onto (or taken with) what follows it.
  it('refuses keys holding a scan that stopped mid-label, naming its characters', () => {
    const events = [...keys(']C1010950110', 0, 8), ...keys('1540019', 500, 8), { key: 'Enter', at: 500 + 7 * 8 }];
    expect(wedgeScan(events)).toEqual({
      ok: false,
      code: 'scan-interrupted',
      message: 'Scan stopped after 12 characters without Enter (no key for more than 40 ms); discarded "]C1010950110" — scan the label again',
    });
  });
});
