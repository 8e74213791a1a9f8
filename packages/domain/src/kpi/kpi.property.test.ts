import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isoKpis, ISO_KPI_NAMES } from './kpis.js';
import { splitAt, intervalLength } from './interval.js';
import { shiftInstancesStarting, type ShiftCalendar } from './shift-calendar.js';
import { shiftTotals } from './shift-kpis.js';
import { stateSegments, type StateChange } from './time-model.js';
import type { QuantityEvent } from './quantities.js';
import { addTotals, emptyTotals, type KpiTotals } from './totals.js';
import { OPERATING_STATES } from '../equipment/state.js';

const MIN = 60_000;
const DAY_START = Date.parse('2026-11-25T00:00:00Z');
const calendar: ShiftCalendar = {
  timeZone: 'Europe/Berlin',
  shifts: [
    { id: 'early', start: '06:00', end: '14:00', breaks: [{ start: '10:00', end: '10:30' }] },
    { id: 'late', start: '14:00', end: '22:00', plannedDown: [{ start: '21:00', end: '22:00' }] },
    { id: 'night', start: '22:00', end: '06:00', breaks: [{ start: '02:00', end: '02:20' }] },
  ],
};
const instances = shiftInstancesStarting(calendar, DAY_START, DAY_START + 86_400_000);
const from = instances[0]!.start;
const to = instances[instances.length - 1]!.end;

/** Valid totals: states inside PBT, scrap + rework within production, plan no more than production time. */
const validTotals: fc.Arbitrary<KpiTotals> = fc
  .record({ pbt: fc.integer({ min: 1, max: 10_000 }), parts: fc.array(fc.nat({ max: 1000 }), { minLength: 5, maxLength: 5 }), pq: fc.integer({ min: 1, max: 10_000 }), s: fc.double({ min: 0, max: 1, noNaN: true }), r: fc.double({ min: 0, max: 1, noNaN: true }), plan: fc.double({ min: 0, max: 1, noNaN: true }), ip: fc.nat(100), gpShare: fc.double({ min: 0, max: 1, noNaN: true }), fe: fc.nat(10), ttrShare: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ pbt, parts, pq, s, r, plan, ip, gpShare, fe, ttrShare }) => {
    const sumParts = parts.reduce((a, b) => a + b, 0) || 1;
    const [apt, aust, adet, adot] = parts.map((p) => Math.floor((p / sumParts) * pbt)) as [number, number, number, number];
    const sq = pq * s * 0.5;
    const rq = pq * r * 0.5;
    return { ...emptyTotals(), pot: pbt, pbt, apt, aust, adet, adot, unknown: pbt - apt - aust - adet - adot, pq, sq, rq, gq: pq - sq - rq, plannedRun: apt * plan, ip, gp: Math.floor(ip * gpShare), fe, ttr: fe === 0 ? 0 : adet * ttrShare };
  });

const changeArb: fc.Arbitrary<StateChange> = fc.record({
  at: fc.integer({ min: from - 3 * 3_600_000, max: to }),
  source: fc.constantFrom('BAL-01', 'BAL-02', 'PH-01'),
  state: fc.constantFrom(...OPERATING_STATES),
  reason: fc.option(fc.constantFrom('drift', 'no material', 'cleaning'), { nil: undefined }),
  planned: fc.option(fc.boolean(), { nil: undefined }),
  recordId: fc.uuid(),
}).map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as unknown as StateChange);

const quantityArb: fc.Arbitrary<QuantityEvent> = fc.record({ at: fc.integer({ min: from, max: to }), recordId: fc.uuid(), produced: fc.integer({ min: 1, max: 50 }), plannedRun: fc.integer({ min: 0, max: 10 * MIN }) });

function dayTotals(changes: readonly StateChange[], heartbeats: readonly number[], events: readonly QuantityEvent[]) {
  const segments = stateSegments({ changes, heartbeats, heartbeatGapMs: 20 * MIN, from, to });
  return instances.map((i) => shiftTotals(i, segments, events));
}

describe('ISO 22400 KPI properties', () => {
  it('A · E · QR = OEE', () => {
    fc.assert(
      fc.property(validTotals, (t) => {
        const k = isoKpis(t);
        if (k.availability.value === null || k.effectiveness.value === null || k.qualityRatio.value === null) return;
        expect(k.oee.value!).toBeCloseTo(k.availability.value * k.effectiveness.value * k.qualityRatio.value, 12);
        expect(k.oee.numerator / k.oee.denominator).toBeCloseTo(k.oee.value!, 9);
      }),
    );
  });

  it('keeps every ratio KPI within 0..100 % on valid data, and MTBF = MTTF + MTTR', () => {
    fc.assert(
      fc.property(validTotals, (t) => {
        const k = isoKpis(t);
        for (const name of ISO_KPI_NAMES) {
          const f = k[name];
          expect(f.dataError, name).toBeUndefined();
          if (f.value === null) continue;
          expect(f.value, name).toBeGreaterThanOrEqual(0);
          if (!['mtbf', 'mttr', 'mttf', 'throughputRate'].includes(name)) expect(f.value, name).toBeLessThanOrEqual(1 + 1e-12);
        }
        if (t.fe > 0) expect(k.mtbf.value!).toBeCloseTo(k.mttf.value! + k.mttr.value!, 6);
      }),
    );
  });

  it('aggregates two shifts to the ratio of the sums of their totals', () => {
    fc.assert(
      fc.property(validTotals, validTotals, (a, b) => {
        const both = isoKpis(addTotals(a, b));
        const ka = isoKpis(a);
        const kb = isoKpis(b);
        for (const name of ['availability', 'effectiveness', 'qualityRatio', 'setupRatio', 'scrapRatio', 'technicalEfficiency', 'mttr'] as const) {
          const n = ka[name].numerator + kb[name].numerator;
          const d = ka[name].denominator + kb[name].denominator;
          expect(both[name].numerator, name).toBeCloseTo(n, 6);
          expect(both[name].denominator, name).toBeCloseTo(d, 6);
          if (d !== 0) expect(both[name].value!, name).toBeCloseTo(n / d, 12);
        }
      }),
    );
  });

  it('splitting an interval at shift boundaries conserves its time', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 1e9 }), fc.array(fc.integer({ min: 0, max: 2e9 })), (start, len, cuts) => {
        const pieces = splitAt({ start, end: start + len }, cuts);
        expect(pieces.reduce((s, p) => s + intervalLength(p), 0)).toBe(len);
        for (let k = 1; k < pieces.length; k++) expect(pieces[k]!.start).toBe(pieces[k - 1]!.end);
      }),
    );
  });

  it('the time model of each shift adds up: states + unknown = PBT, and no state time is lost across shifts', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 30 }), fc.array(fc.integer({ min: from, max: to }), { maxLength: 200 }), (changes, beats) => {
        const shifts = dayTotals(changes, beats, []);
        let stateTime = 0;
        for (const { totals: t } of shifts) {
          expect(t.apt + t.aust + t.adet + t.adot + t.unknown).toBe(t.pbt);
          stateTime += t.apt + t.aust + t.adet + t.adot + t.offPlan;
        }
        const segments = stateSegments({ changes, heartbeats: beats, heartbeatGapMs: 20 * MIN, from, to });
        const known = segments.filter((s) => s.state !== 'unknown').reduce((s, seg) => s + intervalLength(seg), 0);
        expect(stateTime).toBe(known); // the shifts tile the day: every known minute lands in exactly one shift
      }),
      { numRuns: 60 },
    );
  });

  it('the order records arrive in changes no figure', () => {
    fc.assert(
      fc.property(fc.array(changeArb, { maxLength: 25 }), fc.array(fc.integer({ min: from, max: to }), { maxLength: 100 }), fc.array(quantityArb, { maxLength: 30 }), fc.integer(), (changes, beats, events, seed) => {
        const shuffle = <T>(xs: readonly T[]) => xs.map((x, k) => [((k + 1) * 2654435761 + seed) % 1000003, x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
        expect(dayTotals(shuffle(changes), shuffle(beats), shuffle(events))).toEqual(dayTotals(changes, beats, events));
      }),
      { numRuns: 60 },
    );
  });
});
