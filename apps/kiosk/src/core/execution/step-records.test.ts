import { describe, expect, it } from 'vitest';
import { demoPlant, type OrderState } from '@lineside/domain';
import { createStepRecords, type DeviationLookup } from './step-records.js';

const master = demoPlant({ year: 2026, month: 11, day: 25 });
const ORDER = 'ORD-0001';
const at = (hhmm: string) => `2026-11-25T${hhmm}:00.000+01:00`;
const shift = { date: '2026-11-25', shiftId: 'early' };
const calibration = { status: 'in-date', certificateId: 'CAL-1', dueOn: '2027-06-03', daysLeft: 190 };

function running(steps: Record<string, { phase: 'not-started' | 'in-progress' | 'awaiting-signature' | 'closed'; performers?: string[] }>): OrderState {
  return {
    status: 'running',
    orderId: ORDER,
    recipeId: 'PCM-500-GRAN',
    recipeVersion: 3,
    stationId: 'DISP-1',
    startedAt: at('08:00'),
    steps: Object.fromEntries(Object.entries(steps).map(([id, s]) => [id, { phase: s.phase, performers: s.performers ?? [], lots: [], containers: [], signatures: [] }])),
    holdIds: [],
    openDeviations: {},
    deviationCount: 0,
  };
}

function weighing(weighingId: string, containerNo: number, gross: string, tare: string, net: string, time: string) {
  return { type: 'WeighingRecorded', at: at(time), shift, orderId: ORDER, stepId: '7', by: 'olivia.operator', weighingId, containerNo, balanceId: 'BAL-02', lotId: 'MGS-210', materialId: 'MGS', method: 'net', gross, tare, net, balanceUnit: 'g', netInStepUnit: net === '150.00' ? '0.15000' : '0.16000', cumulative: '0', toleranceState: 'under', calibration, tareSource: 'balance-memory' };
}

describe('step records: what the screens show of a step, from its recorded events', () => {
  it('lists a verified step’s containers; a rejected one is shown but not counted; overrides and deviations name who and what', () => {
    const records = createStepRecords();
    records.apply({ type: 'DispenseTargetSet', at: at('09:00'), shift, orderId: ORDER, stepId: '7', by: 'olivia.operator', materialId: 'MGS', nominal: '0.300', target: '0.300', lower: '0.29400', upper: '0.30600', unit: 'kg', basis: { kind: 'nominal' } });
    records.apply(weighing('w1', 1, '450.00', '300.00', '150.00', '09:01'));
    records.apply(weighing('w2', 2, '460.00', '300.00', '160.00', '09:02'));
    records.apply({ type: 'WeighingRejected', at: at('09:03'), shift, orderId: ORDER, stepId: '7', by: 'olivia.operator', weighingId: 'w2', reason: 'container dropped', disposition: 'scrap' });
    records.apply(weighing('w3', 3, '460.00', '300.00', '160.00', '09:03'));
    records.apply({ type: 'WeighingRejected', at: at('09:03'), shift, orderId: ORDER, stepId: '7', by: 'olivia.operator', weighingId: 'w3', reason: 'tare mistake', disposition: 'reweigh' });
    records.apply({ type: 'ToleranceOverridden', at: at('09:04'), shift, orderId: ORDER, stepId: '7', by: 'olivia.operator', toleranceState: 'under', dispensed: '0.15000', reason: 'lot exhausted, QA agreed', signature: { signerId: 'quinn.qa' } });
    records.apply({ type: 'DeviationOpened', at: at('09:05'), deviationId: 'DEV-1', severity: 'medium', title: 'Short dispense', description: '…', orderId: ORDER, stepId: '7', openedBy: 'olivia.operator' });
    const deviations: DeviationLookup = (id) => (id === 'DEV-1' ? { title: 'Short dispense', severity: 'medium', open: true } : undefined);

    const [view] = records.verifiedSteps(master, running({ '7': { phase: 'in-progress', performers: ['olivia.operator'] } }), ['7'], deviations);
    expect(view?.materialName).toBe('Magnesium stearate');
    expect(view?.containers.map((c) => [c.containerNo, c.gross, c.tare, c.net, c.unit, c.balanceId, c.lotId, c.tareSource, c.by.name, c.rejected?.disposition ?? null])).toEqual([
      [1, '450.00', '300.00', '150.00', 'g', 'BAL-02', 'MGS-210', 'balance-memory', 'Olivia Operator', null],
      [2, '460.00', '300.00', '160.00', 'g', 'BAL-02', 'MGS-210', 'balance-memory', 'Olivia Operator', 'scrap'],
      [3, '460.00', '300.00', '160.00', 'g', 'BAL-02', 'MGS-210', 'balance-memory', 'Olivia Operator', 'reweigh'],
    ]);
    expect(view?.containers[2]?.rejected).toEqual({ disposition: 'reweigh', reason: 'tare mistake' });
    // Not completed yet: the counted containers add up exactly, and no tolerance state is claimed.
    expect(view?.total).toEqual({ dispensed: '0.15000', unit: 'kg', target: '0.300', lower: '0.29400', upper: '0.30600', toleranceState: null });
    expect(view?.overrides).toEqual([{ reason: 'lot exhausted, QA agreed', by: { userId: 'quinn.qa', name: 'Quinn QA' }, at: at('09:04'), toleranceState: 'under', dispensed: '0.15000' }]);
    expect(view?.deviations).toEqual([{ deviationId: 'DEV-1', title: 'Short dispense', severity: 'medium', open: true }]);
  });

  it('keeps the buffer calibration a pH reading was taken under, links the deviation an out-of-limits reading opened, and says what comes next', () => {
    const records = createStepRecords();
    const buffers = (time: string, offsetMv: string) => ({ type: 'RoutineTestPassed', at: at(time), shift, equipmentId: 'PH-01', test: 'ph-buffer-calibration', performedBy: 'max.maintenance', details: { buffers: [], slopesPercent: ['99.8', '100.1'], offsetMv } });
    const measured = (time: string, ph: string, result: string) => ({ type: 'PhMeasured', at: at(time), shift, orderId: ORDER, stepId: '9', by: 'olivia.operator', meterId: 'PH-01', ph, mv: '10.0', temperatureC: '22.0', low: '5.0', high: '7.0', result, calibration });
    records.apply(buffers('07:00', '0.4'));
    records.apply(measured('10:00', '7.45', 'out-of-limits'));
    records.apply({ type: 'DeviationOpened', at: at('10:00'), deviationId: 'DEV-9', severity: 'low', title: 'pH out of limits: step 9', description: '…', orderId: ORDER, stepId: '9', openedBy: 'olivia.operator' });
    const deviations: DeviationLookup = (id) => (id === 'DEV-9' ? { title: 'pH out of limits: step 9', severity: 'low', open: true } : undefined);

    const first = records.phMeasurements(master, running({ '9': { phase: 'in-progress' } }), deviations);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ ph: '7.45', result: 'out-of-limits', latest: true, deviation: { deviationId: 'DEV-9', severity: 'low', open: true }, bufferCalibration: { at: at('07:00'), passed: true, by: { name: 'Max Maintenance' }, offsetMv: '0.4' } });
    expect(first[0]?.outcome).toBe('Deviation DEV-9 (low) was opened and stays open until QA closes it. Step 9 stays open: adjust and measure again.');

    // A recalibration after the first reading belongs to the second one only.
    records.apply(buffers('10:30', '1.2'));
    records.apply(measured('11:00', '6.20', 'within-limits'));
    const both = records.phMeasurements(master, running({ '9': { phase: 'closed' } }), deviations);
    expect(both.map((m) => [m.ph, m.latest, m.bufferCalibration?.offsetMv, m.deviation?.deviationId ?? null, m.outcome])).toEqual([
      ['7.45', false, '0.4', 'DEV-9', 'A later measurement on this step replaces this one.'],
      ['6.20', true, '1.2', null, 'Within 5.0–7.0: step 9 is complete.'],
    ]);
  });
});
