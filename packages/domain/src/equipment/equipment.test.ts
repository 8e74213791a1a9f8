import { describe, expect, it } from 'vitest';
import { equipmentDecider, fold } from '../decider.js';
import { compare, dec, toString } from '../decimal/decimal.js';
import { demoPlant } from '../demo-plant.js';
import type { Balance, PhMeter } from '../master-data/equipment.js';
import { EARLY, floor, signature, TODAY } from '../testing/floor.js';
import { history, scenario } from '../testing/scenario.js';
import { calibrationStatus } from './calibration.js';
import { KIOSK_RESTARTED, type EquipmentCommand } from './equipment.js';
import type { OperatingState } from './state.js';
import { minimumWeight } from './minimum-weight.js';
import { evaluatePhCalibration, nernstSlope } from './routine-tests.js';
import { suggestBalances } from './suggest-balance.js';
import { equipmentUsability } from './usability.js';

const master = demoPlant(TODAY);
const balance = (id: string) => master.equipment.find((e) => e.id === id) as Balance;
const ph01 = master.equipment.find((e) => e.id === 'PH-01') as PhMeter;
const noTests = floor({ equipmentStates: {} });
const sensitivity = (equipmentId: string, reading: string, extra: Partial<Extract<EquipmentCommand, { type: 'recordSensitivityTest' }>> = {}): EquipmentCommand => ({
  type: 'recordSensitivityTest',
  equipmentId,
  by: 'max.maintenance',
  testWeightId: balance(equipmentId).sensitivityTest?.testWeightId ?? '',
  reading,
  stable: true,
  entry: { kind: 'instrument', rawFrame: `S S ${reading} g` },
  ...extra,
});

describe('USP <41> minimum weight of the demo balances (DEMO-PLANT.md table)', () => {
  it.each([
    ['BAL-01', '0.04', '0.08'],
    ['BAL-02', '16', '32'],
    ['BAL-03', '8', '16'],
    ['BAL-04', '8', '16'],
  ])('%s: m_min %s, with safety factor 2: %s', (id, usp, safe) => {
    const mw = minimumWeight(balance(id));
    expect(compare(mw.usp41, dec(usp))).toBe(0);
    expect(compare(mw.withSafetyFactor, dec(safe))).toBe(0);
  });

  it('never takes s below 0.41·d: m_min ≥ 820·d', () => {
    const tiny = { ...balance('BAL-01'), repeatabilitySd: '0.000001' };
    expect(toString(minimumWeight(tiny).usp41)).toBe('0.00820');
  });
});

describe('balance sensitivity test (daily, named weight, ±0.10 %)', () => {
  it('passes BAL-01 with TW-200E2 inside ±0.2 g, boundary included', () => {
    scenario(equipmentDecider, 'BAL-01')
      .given([])
      .when(sensitivity('BAL-01', '200.20000'), noTests)
      .then([{ type: 'RoutineTestPassed', equipmentId: 'BAL-01', test: 'balance-sensitivity', shift: EARLY, details: { testWeightId: 'TW-200E2', expected: '200.00000', error: '0.20000', limit: '0.20000', unit: 'g' } }]);
  });

  it('a failed test puts the balance on hold automatically, and blocks weighing until QA releases it', () => {
    const events = scenario(equipmentDecider, 'BAL-02')
      .given([])
      .when(sensitivity('BAL-02', '5006.00'), noTests)
      .then([
        { type: 'RoutineTestFailed', equipmentId: 'BAL-02', details: { expected: '5000.00', error: '6.00', limit: '5.00' } },
        { type: 'HoldPlaced', target: { kind: 'equipment', id: 'BAL-02' }, source: 'automatic', reason: 'Balance BAL-02 failed its sensitivity test: 5006.00 g for TW-5KF1 (5000.00 g), error 6.00 beyond ±5.00 g' },
      ]);
    const state = fold(equipmentDecider, 'BAL-02', events);
    expect(state.status).toBe('on-hold');
    const usable = equipmentUsability('BAL-02', 'balance', floor({ equipmentStates: { 'BAL-02': state } }));
    expect(usable).toMatchObject({ ok: false, code: 'equipment-on-hold', message: 'Balance BAL-02 is on hold — weighing blocked until QA releases it' });
    // a passing re-test cannot clear a hold: only QA releases it
    scenario(equipmentDecider, 'BAL-02').given(events).when(sensitivity('BAL-02', '5000.00'), noTests).thenRefused('equipment-on-hold');
  });

  it('refuses the test on an expired balance, with the wrong weight, an unstable reading, or by an operator', () => {
    const bal = scenario(equipmentDecider, 'BAL-03').given([]);
    bal.when(sensitivity('BAL-03', '20.000'), noTests).thenRefused('equipment-calibration-expired', 'BAL-03 calibration expired on 2026-11-24 — a routine test cannot stand in for it');
    const b1 = scenario(equipmentDecider, 'BAL-01').given([]);
    b1.when(sensitivity('BAL-01', '200', { testWeightId: 'TW-5KF1' }), noTests).thenRefused('test-weight-wrong', 'Balance BAL-01 is tested with TW-200E2, not TW-5KF1');
    b1.when(sensitivity('BAL-01', '200', { stable: false }), noTests).thenRefused('reading-unstable');
    b1.when(sensitivity('BAL-01', '200', { by: 'olivia.operator' }), noTests).thenRefused('routine-test-not-permitted', 'Olivia Operator may not run routine tests on BAL-01 (maintenance only)');
    b1.when(sensitivity('BAL-01', '2OO'), noTests).thenRefused('reading-invalid');
  });

  it('a daily test holds for the whole day, not the next one; a per-shift calibration only for its shift', () => {
    const passed = history(equipmentDecider, 'BAL-01', [[sensitivity('BAL-01', '200.00010'), noTests]]);
    const state = { 'BAL-01': fold(equipmentDecider, 'BAL-01', passed) };
    expect(equipmentUsability('BAL-01', 'balance', floor({ equipmentStates: state, shift: { shiftId: 'late', date: '2026-11-25' } })).ok).toBe(true);
    expect(equipmentUsability('BAL-01', 'balance', floor({ equipmentStates: state, today: '2026-11-26', shift: { shiftId: 'early', date: '2026-11-26' } }))).toMatchObject({ code: 'equipment-routine-test-missing' });
  });
});

describe('pH meter buffer calibration (Nernst slope, offset)', () => {
  it('FLOOR.md example: pH 7.01 at −15 mV and 4.01 at +160 mV at 25 °C → slope 98.6 %, offset −14.4 mV, passes', () => {
    expect(toString(nernstSlope(dec('25')))).toBe('59.1559415');
    const outcome = evaluatePhCalibration(ph01, [
      { ph: '7.01', mv: '-15', temperatureC: '25' },
      { ph: '4.01', mv: '160', temperatureC: '25' },
    ]);
    expect(outcome).toEqual({ passed: true, slopesPercent: ['98.6'], offsetMv: '-14.4', failures: [] });
  });

  it('three buffers: each segment must be within 95–105 %, offset within ±30 mV', () => {
    const ok = evaluatePhCalibration(ph01, [
      { ph: '4.01', mv: '174.0', temperatureC: '25' },
      { ph: '7.00', mv: '-2.0', temperatureC: '25' },
      { ph: '10.01', mv: '-176.5', temperatureC: '25' },
    ]);
    expect(ok.passed).toBe(true);
    expect(ok.slopesPercent).toEqual(['99.5', '98.0']);
    const bad = evaluatePhCalibration(ph01, [
      { ph: '4.01', mv: '216.9', temperatureC: '25' },
      { ph: '7.00', mv: '40.0', temperatureC: '25' },
    ]);
    expect(bad.passed).toBe(false);
    expect(bad.failures).toEqual(['offset 40.0 mV is outside ±30 mV']);
  });

  it('a slope of exactly 95.0 % passes (inclusive) and 94.9 % fails', () => {
    // ΔmV for 95 % over ΔpH 3 at 25 °C: 0.95 × 59.1559415 × 3 = 168.594433275
    const at = (mv: string) => evaluatePhCalibration(ph01, [{ ph: '7.00', mv: '0', temperatureC: '25' }, { ph: '4.00', mv, temperatureC: '25' }]).passed;
    expect(at('168.594433275')).toBe(true);
    expect(at('168.594433274')).toBe(false);
  });

  it('a failed buffer calibration holds PH-01; too few buffers is refused', () => {
    const ph = scenario(equipmentDecider, 'PH-01').given([]);
    ph.when({ type: 'recordPhCalibration', equipmentId: 'PH-01', by: 'max.maintenance', buffers: [{ ph: '7.00', mv: '0', temperatureC: '25' }, { ph: '4.01', mv: '150', temperatureC: '25' }] }, noTests).then([
      { type: 'RoutineTestFailed', test: 'ph-buffer-calibration', details: { slopesPercent: ['84.8'] } },
      { type: 'HoldPlaced', target: { kind: 'equipment', id: 'PH-01' }, reason: 'pH meter PH-01 failed buffer calibration: slope 84.8 % between pH 4.01 and 7.00 is outside 95–105 %' },
    ]);
    ph.when({ type: 'recordPhCalibration', equipmentId: 'PH-01', by: 'max.maintenance', buffers: [{ ph: '7.00', mv: '0', temperatureC: '25' }] }, noTests).thenRefused('buffers-missing');
  });
});

describe('calibration register: warning band and hard block', () => {
  it('BAL-02 due in 5 days warns; BAL-03 expired yesterday blocks; on the due date itself it blocks', () => {
    expect(calibrationStatus(master, 'BAL-02', '2026-11-25')).toMatchObject({ status: 'due-soon', daysLeft: 5 });
    expect(calibrationStatus(master, 'BAL-02', '2026-11-17')).toMatchObject({ status: 'in-date', daysLeft: 13 });
    expect(calibrationStatus(master, 'BAL-02', '2026-11-23')).toMatchObject({ status: 'due-soon', daysLeft: 7 });
    expect(calibrationStatus(master, 'BAL-02', '2026-11-30')).toMatchObject({ status: 'expired', daysLeft: 0 });
    expect(calibrationStatus(master, 'BAL-03', '2026-11-25')).toMatchObject({ status: 'expired', dueOn: '2026-11-24' });
    const usable = equipmentUsability('BAL-02', 'balance', floor());
    expect(usable).toMatchObject({ ok: true, value: { warnings: ['Balance BAL-02 calibration is due on 2026-11-30 (in 5 days)'] } });
  });

  it('equipment never calibrated is due', () => {
    const uncalibrated = { ...master, calibrations: master.calibrations.filter((c) => c.equipmentId !== 'BAL-01') };
    expect(equipmentUsability('BAL-01', 'balance', floor({ master: uncalibrated }))).toMatchObject({ ok: false, code: 'equipment-never-calibrated', message: 'Balance BAL-01 has no calibration certificate — weighing blocked' });
  });
});

describe('equipment state changes for ISO 22400', () => {
  it('records running / setup / down with the reason a down period needs', () => {
    const s = scenario(equipmentDecider, 'BAL-04').given([]);
    s.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'max.maintenance', state: 'down' }, noTests).thenRefused('state-reason-missing', 'Putting BAL-04 down needs a reason');
    s.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'max.maintenance', state: 'down', reason: 'load cell fault' }, noTests).then([{ type: 'EquipmentStateChanged', from: 'idle', to: 'down', reason: 'load cell fault', shift: EARLY }]);
    s.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'max.maintenance', state: 'idle' }, noTests).thenRefused('state-unchanged');
    s.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'ada.admin', state: 'setup' }, noTests).thenRefused('state-change-not-permitted', 'Ada Admin may not change the state of BAL-04');
  });

  it('a kiosk restarted with an instrument running or in setup records it idle, as the kiosk; a down stays down', () => {
    const changed = (from: OperatingState, to: OperatingState, reason?: string) => ({ type: 'EquipmentStateChanged' as const, at: '2026-11-25T08:00:00.000+01:00', shift: EARLY, equipmentId: 'BAL-04', from, to, by: 'olivia.operator', ...(reason ? { reason } : {}) });
    const restart = { type: 'idleAfterRestart', equipmentId: 'BAL-04', by: 'K-DISP-1' } as const;
    for (const working of ['running', 'setup'] as const) {
      scenario(equipmentDecider, 'BAL-04').given([changed('idle', working, 'dispensing')]).when(restart, noTests).then([{ type: 'EquipmentStateChanged', from: working, to: 'idle', reason: KIOSK_RESTARTED, by: 'K-DISP-1' }]);
    }
    scenario(equipmentDecider, 'BAL-04').given([]).when(restart, noTests).thenRefused('state-unchanged', 'BAL-04 is idle: a restart of the kiosk does not change it');
    scenario(equipmentDecider, 'BAL-04').given([changed('running', 'down', 'load cell fault')]).when(restart, noTests).thenRefused('state-unchanged');
  });

  it('an instrument on hold may only be down until QA releases it', () => {
    const held = scenario(equipmentDecider, 'BAL-04').given([{ type: 'HoldPlaced', at: '2026-11-25T08:00:00.000+01:00', holdId: 'H-1', target: { kind: 'equipment', id: 'BAL-04' }, reason: 'failed test', source: 'qa', placedBy: 'quinn.qa' }]);
    held.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'max.maintenance', state: 'running' }, noTests).thenRefused('equipment-on-hold', 'BAL-04 is on hold — it cannot be running until QA releases the hold');
    held.when({ type: 'changeEquipmentState', equipmentId: 'BAL-04', by: 'max.maintenance', state: 'down', reason: 'on hold' }, noTests).then([{ type: 'EquipmentStateChanged', to: 'down' }]);
  });
});

describe('suggesting the smallest balance that fits', () => {
  it('12.50 g → BAL-01; 1.5 kg → BAL-02; 6.897 kg in up to 2 containers → BAL-02 ×2; BAL-03 (expired) never', () => {
    const c = floor();
    expect(suggestBalances(dec('12.50'), 'g', 1, c)[0]).toEqual({ balanceId: 'BAL-01', containers: 1, perContainer: '12.50000', unit: 'g' });
    expect(suggestBalances(dec('1.500'), 'kg', 1, c).map((f) => f.balanceId)).toEqual(['BAL-02']);
    expect(suggestBalances(dec('6.897'), 'kg', 2, c)).toEqual([{ balanceId: 'BAL-02', containers: 2, perContainer: '3448.50', unit: 'g' }]);
    expect(suggestBalances(dec('50.403'), 'kg', 2, c).map((f) => f.balanceId)).toEqual(['BAL-04']);
  });
});

describe('a typed sensitivity reading needs a second person (issue 8 §1)', () => {
  const ctx = floor({ equipmentStates: {} });
  const manual = (verification: ReturnType<typeof signature>) => sensitivity('BAL-01', '200.00010', { entry: { kind: 'manual', verification } });

  it('is refused without a "verified" signature of someone else, and recorded as manual with the verifier', () => {
    scenario(equipmentDecider, 'BAL-01').given([]).when(manual(signature('max.maintenance', 'verified')), ctx).thenRefused('manual-entry-unverified', /cannot also verify it/);
    scenario(equipmentDecider, 'BAL-01').given([]).when(manual(signature('quinn.qa', 'approved')), ctx).thenRefused('manual-entry-unverified');
    scenario(equipmentDecider, 'BAL-01')
      .given([])
      .when(manual(signature('quinn.qa', 'verified')), ctx)
      .then([{ type: 'RoutineTestPassed', details: { entry: 'manual', verifiedBy: 'quinn.qa', verifiedByName: 'Quinn QA', reading: '200.00010' } }]);
  });

  it('an instrument reading keeps its raw frame', () => {
    scenario(equipmentDecider, 'BAL-01').given([]).when(sensitivity('BAL-01', '200.00010'), ctx).then([{ type: 'RoutineTestPassed', details: { entry: 'instrument', rawFrame: 'S S 200.00010 g' } }]);
  });
});
