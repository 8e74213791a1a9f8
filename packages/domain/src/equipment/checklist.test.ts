import { describe, expect, it } from 'vitest';
import { floor, passedRoutineTests } from '../testing/floor.js';
import { routineCheckList } from './checklist.js';

describe('the daily-check list of a station', () => {
  it('lists DISP-1’s balances and pH meter with what each test asks, in the balance’s unit and readability', () => {
    const list = routineCheckList(floor({ equipmentStates: passedRoutineTests(['BAL-01']) }));
    expect(list.map((i) => [i.equipmentId, i.status])).toEqual([
      ['BAL-01', 'ready'],
      ['BAL-02', 'due'],
      ['BAL-03', 'blocked'],
      ['BAL-04', 'due'],
      ['PH-01', 'due'],
    ]);
    expect(list[1]).toMatchObject({
      name: 'Precision balance',
      frequency: 'day',
      note: 'Balance BAL-02 has no passed sensitivity test today (2026-11-25) — weighing blocked',
      sensitivity: { testWeightId: 'TW-5KF1', testWeight: '5 kg, class F1', unit: 'g', expected: '5000.00', limit: '5.00', lowest: '4995.00', highest: '5005.00', tolerancePercent: '0.10' },
    });
    expect(list[0]!.sensitivity).toMatchObject({ expected: '200.00000', limit: '0.20000', lowest: '199.80000', highest: '200.20000' });
    // Expired calibration is a block no test can lift, and says so in the domain's words.
    expect(list[2]!.note).toMatch(/^Balance BAL-03 calibration expired on .* — weighing blocked$/);
    expect(list[4]).toMatchObject({ kind: 'ph-meter', frequency: 'shift', buffers: { buffers: ['4.01', '7.00', '10.01'], slopeMinPercent: '95', slopeMaxPercent: '105', offsetLimitMv: '30' } });
    expect(list[4]!.sensitivity).toBeUndefined();
    expect(list[1]!.buffers).toBeUndefined();
  });

  it('rounds the limit inwards at the readability, never widening what passes', () => {
    // BAL-04: 20 kg at d = 0.005 shown as 3 decimals; 0.10 % is exactly 0.020 kg.
    const bal04 = routineCheckList(floor()).find((i) => i.equipmentId === 'BAL-04');
    expect(bal04?.sensitivity).toMatchObject({ expected: '20.000', limit: '0.020', unit: 'kg' });
    // At 0.033 % the limit is 0.0066 kg: shown as 0.006, not 0.007.
    const master = floor().master;
    const tighter = { ...master, equipment: master.equipment.map((e) => (e.id === 'BAL-04' && e.kind === 'balance' && e.sensitivityTest ? { ...e, sensitivityTest: { ...e.sensitivityTest, tolerancePercent: '0.033' } } : e)) };
    const tight = routineCheckList(floor({ master: tighter })).find((i) => i.equipmentId === 'BAL-04');
    expect(tight?.sensitivity).toMatchObject({ limit: '0.006', lowest: '19.994', highest: '20.006' });
  });

  it('is empty for a station the master data does not know', () => {
    expect(routineCheckList(floor({ stationId: 'NOPE' }))).toEqual([]);
  });
});
