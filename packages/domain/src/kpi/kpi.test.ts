import { describe, expect, it } from 'vitest';
import { shiftOfLocal, shiftAt, shiftInstance, shiftInstancesStarting, type ShiftCalendar } from './shift-calendar.js';
import { isoKpis } from './kpis.js';
import { shiftTotals } from './shift-kpis.js';
import { stateSegments, type StateChange } from './time-model.js';
import type { QuantityEvent } from './quantities.js';
import { addTotals, emptyTotals } from './totals.js';
import { percentile, cpkInBand } from './stats.js';

const MIN = 60_000;
const at = (hhmm: string, date = '2026-11-25') => Date.parse(`${date}T${hhmm}:00Z`);
const utcCalendar: ShiftCalendar = {
  timeZone: 'UTC',
  shifts: [{ id: 'early', start: '06:00', end: '14:00', breaks: [{ start: '10:00', end: '10:30' }], plannedDown: [{ start: '13:30', end: '14:00', reason: 'planned cleaning' }] }],
};

function change(hhmm: string, state: StateChange['state'], reason?: string, planned?: boolean): StateChange {
  return { at: at(hhmm), source: 'BAL-01', state, recordId: `s-${hhmm}`, ...(reason ? { reason } : {}), ...(planned ? { planned } : {}) };
}
const everyFiveMinutes = (from: number, to: number) => Array.from({ length: (to - from) / (5 * MIN) + 1 }, (_, k) => from + k * 5 * MIN);

/**
 * One early shift, worked by hand from ISO 22400-2 (minutes): POT = 480 − 30 (break) = 450, PDOT = 30
 * (planned cleaning 13:30–14:00), PBT = 420. Setup 06:00–06:30 (routine test) = AUST 30; running
 * 06:30–09:00 and 09:40–12:00 less the 10:00–10:30 break = APT 150 + 110 = 260; failure 09:00–09:40 =
 * ADET 40 (FE 1, TTR 40); idle 12:00–13:30 = ADOT 90; unknown 0. Ten 5 kg weighings: PQ 50 kg, one
 * scrapped and one reworked: SQ 5, RQ 5, GQ 40; PRI 4.8 min/kg: Σ PRI·PQ = 240 min. Three dispenses,
 * one with a rejected weighing: IP 3, GP 2.
 */
function workedShift() {
  const instance = shiftInstance(utcCalendar, utcCalendar.shifts[0]!, '2026-11-25');
  const changes = [change('06:00', 'setup', 'routine test'), change('06:30', 'running'), change('09:00', 'down', 'balance drift'), change('09:40', 'running'), change('12:00', 'idle'), change('13:30', 'setup', 'cleaning')];
  const segments = stateSegments({ changes, heartbeats: everyFiveMinutes(at('06:00'), at('14:00')), heartbeatGapMs: 15 * MIN, from: instance.start, to: instance.end });
  const events: QuantityEvent[] = [
    ...Array.from({ length: 10 }, (_, k): QuantityEvent => ({ at: at('07:00') + k * 10 * MIN, recordId: `w-${k}`, produced: 5, plannedRun: 5 * 4.8 * MIN })),
    { at: at('07:10'), recordId: 'w-1-rejected', scrap: 5 },
    { at: at('07:20'), recordId: 'w-2-rejected', rework: 5 },
    { at: at('08:00'), recordId: 'd-1', inspected: 1, firstPassGood: 0 },
    { at: at('09:00'), recordId: 'd-2', inspected: 1, firstPassGood: 1 },
    { at: at('11:00'), recordId: 'd-3', inspected: 1, firstPassGood: 1 },
  ];
  return shiftTotals(instance, segments, events);
}

describe('ISO 22400-2 KPIs of one shift (hand-computed)', () => {
  it('builds the time model: setup, running, a failure, idle, a break and planned down time', () => {
    const { totals } = workedShift();
    expect({ pot: totals.pot / MIN, pdot: totals.pdot / MIN, pbt: totals.pbt / MIN }).toEqual({ pot: 450, pdot: 30, pbt: 420 });
    expect({ apt: totals.apt / MIN, aust: totals.aust / MIN, adet: totals.adet / MIN, adot: totals.adot / MIN, unknown: totals.unknown / MIN, offPlan: totals.offPlan / MIN }).toEqual({
      apt: 260,
      aust: 30,
      adet: 40,
      adot: 90,
      unknown: 0,
      offPlan: 60,
    });
    expect({ pq: totals.pq, gq: totals.gq, sq: totals.sq, rq: totals.rq, ip: totals.ip, gp: totals.gp, fe: totals.fe, ttr: totals.ttr / MIN }).toEqual({ pq: 50, gq: 40, sq: 5, rq: 5, ip: 3, gp: 2, fe: 1, ttr: 40 });
  });

  it('computes each KPI from its formula', () => {
    const k = isoKpis(workedShift().totals);
    expect(k.availability.value).toBeCloseTo(260 / 420, 12);
    expect(k.effectiveness.value).toBeCloseTo(240 / 260, 12);
    expect(k.qualityRatio.value).toBeCloseTo(0.8, 12);
    expect(k.oee.value).toBeCloseTo(192 / 420, 12); // 0.4571: (240 min · 40/50) / 420
    expect(k.oee.numerator / k.oee.denominator).toBeCloseTo(192 / 420, 12);
    expect(k.nee.value).toBeCloseTo((290 / 420) * (240 / 260) * 0.8, 12);
    expect(k.allocationEfficiency.value).toBeCloseTo(330 / 420, 12);
    expect(k.utilisationEfficiency.value).toBeCloseTo(260 / 330, 12);
    expect(k.technicalEfficiency.value).toBeCloseTo(260 / 300, 12);
    expect(k.setupRatio.value).toBeCloseTo(30 / 290, 12);
    expect(k.scrapRatio.value).toBeCloseTo(0.1, 12);
    expect(k.reworkRatio.value).toBeCloseTo(0.1, 12);
    expect(k.firstPassYield.value).toBeCloseTo(2 / 3, 12);
    expect(k.mttr.value! / MIN).toBeCloseTo(40, 9);
    expect(k.mttf.value! / MIN).toBeCloseTo(290, 9);
    expect(k.mtbf.value! / MIN).toBeCloseTo(330, 9);
    expect(k.throughputRate.value).toBeCloseTo(50 / 5.5, 9);
    expect(Object.values(k).filter((f) => f.dataError)).toEqual([]);
  });

  it('names the down-time reasons and the records behind the figures', () => {
    const s = workedShift();
    expect(s.downByReason).toEqual({ 'balance drift': 40 * MIN });
    expect(s.recordIds).toContain('s-09:00');
    expect(s.recordIds).toContain('w-1-rejected');
  });

  it('flags effectiveness above 100 % as a data error and keeps the figure', () => {
    const k = isoKpis({ ...emptyTotals(), pbt: 100, apt: 50, plannedRun: 60, pq: 1, gq: 1 });
    expect(k.effectiveness.value).toBeCloseTo(1.2, 12);
    expect(k.effectiveness.dataError).toMatch(/Effectiveness is 120\.0 %/);
    expect(k.oee.dataError).toBeDefined();
  });

  it('gives no value, not 0, when there is nothing to divide by', () => {
    expect(isoKpis(emptyTotals()).availability).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it('aggregates two shifts as the ratio of their sums, not the mean of their ratios', () => {
    const one = { ...emptyTotals(), pbt: 420, apt: 260 };
    const two = { ...emptyTotals(), pbt: 300, apt: 290 };
    const both = isoKpis(addTotals(one, two)).availability;
    expect(both).toEqual({ numerator: 550, denominator: 720, value: 550 / 720 }); // 76.4 %, where the mean of 61.9 % and 96.7 % is 79.3 %
  });

  it('counts a silence longer than the heartbeat gap as unknown time, never as running', () => {
    const instance = shiftInstance(utcCalendar, utcCalendar.shifts[0]!, '2026-11-25');
    const beats = [...everyFiveMinutes(at('06:00'), at('08:00')), ...everyFiveMinutes(at('09:00'), at('14:00'))];
    const segments = stateSegments({ changes: [change('06:00', 'running')], heartbeats: beats, heartbeatGapMs: 15 * MIN, from: instance.start, to: instance.end });
    const { totals } = shiftTotals(instance, segments, []);
    expect(totals.unknown / MIN).toBe(45); // 08:15–09:00
    expect(totals.apt / MIN).toBe(420 - 45);
  });

  it('resolves overlapping states of a station by precedence: running > setup > down > idle', () => {
    const changes: StateChange[] = [
      { at: at('06:00'), source: 'BAL-02', state: 'down', reason: 'display broken', recordId: 'a' },
      { at: at('06:00'), source: 'BAL-01', state: 'idle', recordId: 'b' },
      { at: at('07:00'), source: 'BAL-01', state: 'running', recordId: 'c' },
    ];
    const segments = stateSegments({ changes, heartbeats: everyFiveMinutes(at('06:00'), at('08:00')), heartbeatGapMs: 15 * MIN, from: at('06:00'), to: at('08:00') });
    expect(segments.map((s) => [s.state, (s.end - s.start) / MIN])).toEqual([
      ['down', 60],
      ['running', 60],
    ]);
  });
});

describe('shift calendar', () => {
  const berlin: ShiftCalendar = { timeZone: 'Europe/Berlin', shifts: [{ id: 'night', start: '22:00', end: '06:00', breaks: [{ start: '02:00', end: '02:30' }] }] };

  it('dates a night shift across midnight by the day it starts', () => {
    const [night] = shiftInstancesStarting(berlin, Date.parse('2026-11-25T12:00:00Z'), Date.parse('2026-11-26T12:00:00Z'));
    expect(night).toMatchObject({ shiftId: 'night', date: '2026-11-25', start: Date.parse('2026-11-25T21:00:00Z'), end: Date.parse('2026-11-26T05:00:00Z') });
    expect(night!.breaks).toEqual([{ start: Date.parse('2026-11-26T01:00:00Z'), end: Date.parse('2026-11-26T01:30:00Z') }]);
    expect(night!.pot / MIN).toBe(450);
    expect(shiftAt(berlin, Date.parse('2026-11-26T01:00:00Z'))).toEqual({ shiftId: 'night', date: '2026-11-25' });
    expect(shiftOfLocal(berlin.shifts, '2026-11-26T02:00:00.000+01:00')).toEqual({ shiftId: 'night', date: '2026-11-25' });
    expect(shiftOfLocal(berlin.shifts, '2026-11-25T23:00:00.000+01:00')).toEqual({ shiftId: 'night', date: '2026-11-25' });
  });

  it('gives a night shift its real length across a DST change', () => {
    const night = (date: string) => shiftInstance(berlin, berlin.shifts[0]!, date);
    expect(night('2026-10-24').pot / MIN).toBe(9 * 60 - 30); // clocks go back at 03:00 on the 25th
    expect(night('2026-03-28').pot / MIN).toBe(7 * 60 - 30); // clocks go forward at 02:00 on the 29th
    expect(night('2026-11-25').pot / MIN).toBe(8 * 60 - 30);
  });

  it('splits a state crossing the shift boundary between the two shifts, losing no time', () => {
    const cal: ShiftCalendar = { timeZone: 'UTC', shifts: [{ id: 'early', start: '06:00', end: '14:00' }, { id: 'late', start: '14:00', end: '22:00' }] };
    const [early, late] = shiftInstancesStarting(cal, at('00:00'), at('23:00'));
    const segments = stateSegments({ changes: [change('13:00', 'running'), change('15:00', 'idle')], heartbeats: everyFiveMinutes(at('06:00'), at('22:00')), heartbeatGapMs: 15 * MIN, from: at('06:00'), to: at('22:00') });
    expect(shiftTotals(early!, segments, []).totals.apt / MIN).toBe(60);
    expect(shiftTotals(late!, segments, []).totals.apt / MIN).toBe(60);
  });
});

describe('floor statistics', () => {
  it('takes nearest-rank percentiles and Cpk in the band', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([], 90)).toBeNull();
    expect(cpkInBand([0.4, 0.5, 0.6])).toBeCloseTo(0.5 / 0.3, 9); // μ 0.5, σ 0.1: min(1 − 0.5, 0.5) / 0.3
  });
});
