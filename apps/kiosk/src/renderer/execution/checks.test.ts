import { describe, expect, it } from 'vitest';
import { routineTestOutcome } from './checks.js';

const held = { holdId: 'H-2', kind: 'equipment', signaturesRequired: 1, target: 'Equipment BAL-02', reason: 'Balance BAL-02 failed its sensitivity test: 5010.00 g for TW-5KF1 (5000.00 g), error 10.00 beyond ±5.00 g' } as const;

describe('routine test outcome in words', () => {
  it('reads a new hold on the instrument as the failure, with the domain’s reason', () => {
    expect(routineTestOutcome('BAL-02', [], [held])).toEqual({ passed: false, words: `FAILED — ${held.reason}. BAL-02 is on hold until QA releases it.` });
  });

  it('passes when no new hold was placed on that instrument (older holds and other instruments do not count)', () => {
    expect(routineTestOutcome('BAL-02', [held], [held])).toEqual({ passed: true, words: 'PASSED — BAL-02 may be used this shift.' });
    expect(routineTestOutcome('BAL-01', [], [held]).passed).toBe(true);
  });
});
