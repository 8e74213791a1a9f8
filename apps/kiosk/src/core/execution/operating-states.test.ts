import { describe, expect, it } from 'vitest';
import type { OperatingState } from '@lineside/domain';
import { derivedStates } from './operating-states.js';

const INSTRUMENTS = ['BAL-01', 'BAL-02', 'PH-01'];
const from = (states: Record<string, OperatingState>) => (id: string) => states[id] ?? 'idle';

describe('operating states derived from what the operator does', () => {
  it('a routine test is setup, starting an order sets up the idle instruments, a weighing runs its balance', () => {
    const derived = derivedStates(
      [
        { type: 'RoutineTestPassed', equipmentId: 'BAL-01' },
        { type: 'OrderStarted', orderId: 'O' },
        { type: 'WeighingRecorded', balanceId: 'BAL-01' },
        { type: 'WeighingRecorded', balanceId: 'BAL-01' },
      ],
      from({}),
      INSTRUMENTS,
    );
    expect(derived).toEqual([
      { equipmentId: 'BAL-01', state: 'setup', reason: 'routine test' },
      { equipmentId: 'BAL-02', state: 'setup', reason: 'line clearance' },
      { equipmentId: 'PH-01', state: 'setup', reason: 'line clearance' },
      { equipmentId: 'BAL-01', state: 'running', reason: 'dispensing' },
    ]);
  });

  it('a pause puts running instruments down with its reason, resuming runs them, completing idles them', () => {
    const current = from({ 'BAL-01': 'running', 'BAL-02': 'setup' });
    expect(derivedStates([{ type: 'OrderPaused', reason: 'no material' }], current, INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-01', state: 'down', reason: 'order paused: no material' },
      { equipmentId: 'BAL-02', state: 'down', reason: 'order paused: no material' },
    ]);
    expect(derivedStates([{ type: 'OrderResumed' }], from({ 'BAL-01': 'down' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-01', state: 'running', reason: 'dispensing' }]);
    expect(derivedStates([{ type: 'OrderCompleted' }], current, INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-01', state: 'idle' },
      { equipmentId: 'BAL-02', state: 'idle' },
    ]);
  });

  it('a failed routine test puts the instrument down until its hold is released', () => {
    expect(derivedStates([{ type: 'RoutineTestFailed', equipmentId: 'BAL-02' }], from({}), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'down', reason: 'routine test failed' }]);
    expect(derivedStates([{ type: 'HoldReleased', target: { kind: 'equipment', id: 'BAL-02' } }], from({ 'BAL-02': 'down' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'idle' }]);
    expect(derivedStates([{ type: 'HoldReleased', target: { kind: 'lot', id: 'BAL-02' } }], from({ 'BAL-02': 'down' }), INSTRUMENTS)).toEqual([]);
  });
});
