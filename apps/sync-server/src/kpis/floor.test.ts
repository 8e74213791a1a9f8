import fc from 'fast-check';
import { percentile } from '@lineside/domain';
import { describe, expect, it } from 'vitest';
import { floorFromParts, latencies, type FloorParts } from './floor.js';

const part = (kiosk: string, values: number[]): FloorParts => ({
  dispensed: 0, rightFirstTime: 0, notRightFirstTime: [], inTolerance: 0, bias: [], band: [], weighings: 0, assessed: 0, aboveMinimum: 0,
  badBalance: [], placed: [], released: [], deviations: [], latency: values.length ? { [kiosk]: latencies(values) } : {},
});

describe('sync latency of the floor KPIs from binned parts', () => {
  it('is the domain percentile (nearest rank) and maximum of all the values, however they were split into shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 40 * 86_400_000 }), { maxLength: 60 }), { minLength: 1, maxLength: 8 }), (shifts) => {
        const all = shifts.flat();
        const [sync] = floorFromParts(shifts.map((values) => part('K-1', values))).sync;
        if (all.length === 0) expect(sync).toBeUndefined();
        else expect(sync).toEqual({ kioskId: 'K-1', records: all.length, latencyP95Ms: percentile(all, 95), longestOfflineMs: Math.max(...all) });
      }),
    );
  });
});
