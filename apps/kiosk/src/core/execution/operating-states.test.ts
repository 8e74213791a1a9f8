import { describe, expect, it } from 'vitest';
import type { OperatingState } from '@lineside/domain';
import { derivedStates, downTakenBackBy, type StationNow } from './operating-states.js';

const INSTRUMENTS = ['BAL-01', 'BAL-02', 'PH-01'];
const station = (states: Record<string, OperatingState | { state: OperatingState; reason: string }>, inUse: readonly string[] = []): StationNow => ({
  current: (id) => {
    const s = states[id] ?? 'idle';
    return typeof s === 'string' ? { state: s } : s;
  },
  inUse: new Set(inUse),
});

describe('operating states derived from what the operator does', () => {
  it('starting an order sets up the idle instruments; the first weighing runs its balance and ends the others’ setup', () => {
    expect(derivedStates([{ type: 'RoutineTestPassed', equipmentId: 'BAL-01' }], station({}), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-01', state: 'setup', reason: 'routine test' }]);
    expect(derivedStates([{ type: 'OrderStarted', orderId: 'O' }], station({ 'BAL-01': 'setup' }), INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-02', state: 'setup', reason: 'line clearance' },
      { equipmentId: 'PH-01', state: 'setup', reason: 'line clearance' },
    ]);
    expect(derivedStates([{ type: 'WeighingRecorded', balanceId: 'BAL-01' }], station({ 'BAL-01': 'setup', 'BAL-02': 'setup', 'PH-01': 'setup' }), INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-01', state: 'running', reason: 'dispensing' },
      { equipmentId: 'BAL-02', state: 'idle' },
      { equipmentId: 'PH-01', state: 'idle' },
    ]);
  });

  it('a balance does not stay running after its dispense step completes, unless another step in progress still weighs on it', () => {
    const completed = [{ type: 'DispenseCompleted', stepId: '3' }, { type: 'StepCompleted', stepId: '3' }];
    expect(derivedStates(completed, station({ 'BAL-01': 'running' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-01', state: 'idle' }]);
    expect(derivedStates(completed, station({ 'BAL-01': 'running' }, ['BAL-01']), INSTRUMENTS)).toEqual([]);
  });

  it('a pH reading that completes its step records nothing (the meter does not run for zero seconds)', () => {
    expect(derivedStates([{ type: 'PhMeasured', meterId: 'PH-01' }, { type: 'StepCompleted' }], station({}), INSTRUMENTS)).toEqual([]);
    expect(derivedStates([{ type: 'PhMeasured', meterId: 'PH-01' }], station({}), INSTRUMENTS)).toEqual([{ equipmentId: 'PH-01', state: 'running', reason: 'measuring' }]);
  });

  it('a pause puts working instruments down; resuming brings back only those, running where a step uses them', () => {
    expect(derivedStates([{ type: 'OrderPaused', reason: 'no material' }], station({ 'BAL-01': 'running', 'BAL-02': 'setup' }), INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-01', state: 'down', reason: 'order paused: no material' },
      { equipmentId: 'BAL-02', state: 'down', reason: 'order paused: no material' },
    ]);
    const paused = station({ 'BAL-01': { state: 'down', reason: 'order paused: no material' }, 'BAL-02': { state: 'down', reason: 'order paused: no material' }, 'PH-01': { state: 'down', reason: 'breakdown' } }, ['BAL-01']);
    // The meter reported broken stays down: a resume is not a repair.
    expect(derivedStates([{ type: 'OrderResumed' }], paused, INSTRUMENTS)).toEqual([
      { equipmentId: 'BAL-01', state: 'running', reason: 'dispensing' },
      { equipmentId: 'BAL-02', state: 'idle' },
    ]);
  });

  it('a hold on the order stops its instruments until released; a hold on an instrument puts it down', () => {
    expect(derivedStates([{ type: 'HoldPlaced', target: { kind: 'order', id: 'O' }, reason: 'high deviation' }], station({ 'BAL-02': 'running' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'down', reason: 'order on hold: high deviation' }]);
    expect(derivedStates([{ type: 'HoldReleased', target: { kind: 'order', id: 'O' } }], station({ 'BAL-02': { state: 'down', reason: 'order on hold: high deviation' } }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'idle' }]);
    expect(derivedStates([{ type: 'HoldPlaced', target: { kind: 'equipment', id: 'BAL-01' }, reason: 'dropped' }], station({ 'BAL-01': 'running' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-01', state: 'down', reason: 'on hold: dropped' }]);
    expect(derivedStates([{ type: 'HoldPlaced', target: { kind: 'lot', id: 'PCM-2401' }, reason: 'assay' }], station({ 'BAL-01': 'running' }), INSTRUMENTS)).toEqual([]);
  });

  it('a deviation that stops the order puts its working instruments down until it is closed; a low one changes nothing', () => {
    const opened = (severity: string) => [{ type: 'DeviationOpened', severity, title: 'Booth pressure alarm', orderId: 'O' }];
    expect(derivedStates(opened('high'), station({ 'BAL-02': 'running' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'down', reason: 'order stopped by a deviation: Booth pressure alarm' }]);
    expect(derivedStates(opened('low'), station({ 'BAL-02': 'running' }), INSTRUMENTS)).toEqual([]);
    expect(derivedStates([{ type: 'DeviationClosed' }], station({ 'BAL-02': { state: 'down', reason: 'order stopped by a deviation: Booth pressure alarm' } }, ['BAL-02']), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'running', reason: 'dispensing' }]);
  });

  it('a failed routine test puts the instrument down until its hold is released', () => {
    expect(derivedStates([{ type: 'RoutineTestFailed', equipmentId: 'BAL-02' }, { type: 'HoldPlaced', target: { kind: 'equipment', id: 'BAL-02' }, reason: 'failed' }], station({}), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'down', reason: 'routine test failed' }]);
    expect(derivedStates([{ type: 'HoldReleased', target: { kind: 'equipment', id: 'BAL-02' } }], station({ 'BAL-02': 'down' }), INSTRUMENTS)).toEqual([{ equipmentId: 'BAL-02', state: 'idle' }]);
    expect(derivedStates([{ type: 'HoldReleased', target: { kind: 'lot', id: 'BAL-02' } }], station({ 'BAL-02': 'down' }), INSTRUMENTS)).toEqual([]);
  });

  it('signing out, or the first sign-in after a restart, idles what nobody is working on; a reported failure stays down', () => {
    const left = station({ 'BAL-01': 'running', 'BAL-02': 'setup', 'PH-01': { state: 'down', reason: 'breakdown' } });
    for (const type of ['LoggedOut', 'LoggedIn', 'OrderCompleted']) {
      expect(derivedStates([{ type }], left, INSTRUMENTS)).toEqual([
        { equipmentId: 'BAL-01', state: 'idle' },
        { equipmentId: 'BAL-02', state: 'idle' },
      ]);
    }
  });

  it('tells which downs are ended by resuming or releasing rather than by reporting the instrument up', () => {
    expect([downTakenBackBy('order paused: Break'), downTakenBackBy('order on hold: x'), downTakenBackBy('order stopped by a deviation: x'), downTakenBackBy('on hold: dropped'), downTakenBackBy('routine test failed'), downTakenBackBy('breakdown')]).toEqual(['resume', 'resume', 'resume', 'release', 'release', null]);
  });
});
