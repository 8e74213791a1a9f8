import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec } from '../../decimal/decimal.js';
import { demoPlant } from '../../demo-plant.js';
import type { Balance } from '../../master-data/equipment.js';
import { TODAY } from '../../testing/floor.js';
import { CONTAINER_EVIDENCE, checkNewContainer, panEmptied, type WeighedLoad } from './container-evidence.js';

const balances = ['BAL-01', 'BAL-02', 'BAL-03', 'BAL-04'] as const;
const amount = fc.bigInt({ min: 0n, max: 10n ** 7n }).map((u) => `${u / 1000n}.${String(u % 1000n).padStart(3, '0')}`);
const load = fc.record({ balanceId: fc.constantFrom(...balances), gross: amount, tare: amount });
const evidence = fc.option(fc.constantFrom(...CONTAINER_EVIDENCE), { nil: undefined });

describe('a container is a new physical load (issue 8 §1)', () => {
  it('after a container on a balance, the next one on that balance is accepted exactly when there is evidence', () => {
    fc.assert(
      fc.property(load, fc.option(fc.constantFrom(...balances), { nil: undefined }), amount, amount, evidence, (previous, other, gross, tare, ev) => {
        const next: WeighedLoad = { balanceId: other ?? previous.balanceId, gross, tare };
        const result = checkNewContainer(previous, next, ev);
        if (next.balanceId !== previous.balanceId) expect(result).toEqual({ ok: true, value: 'other-balance' });
        else if (ev) expect(result).toEqual({ ok: true, value: ev });
        else expect(result).toMatchObject({ ok: false, code: 'container-not-new' });
      }),
    );
  });

  it('the same stable reading twice in a row without evidence is refused, naming the reading and the way out', () => {
    fc.assert(
      fc.property(load, (previous) => {
        const result = checkNewContainer(previous, { ...previous }, undefined);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.message).toMatch(new RegExp(`same stable reading .* on ${previous.balanceId} twice in a row.*returns to zero, or tare the new container`));
      }),
    );
  });

  it('the first container of a step needs no evidence', () => {
    fc.assert(
      fc.property(load, evidence, (next, ev) => {
        expect(checkNewContainer(undefined, next, ev)).toEqual({ ok: true, value: 'first' });
      }),
    );
  });

  it('an empty pan is any reading at or below 10 divisions, negative ones included (the load lifted after a tare)', () => {
    const bal04 = demoPlant(TODAY).equipment.find((e) => e.id === 'BAL-04') as Balance;
    expect(panEmptied(bal04, dec('0.000'))).toBe(true);
    expect(panEmptied(bal04, dec('0.050'))).toBe(true);
    expect(panEmptied(bal04, dec('0.055'))).toBe(false);
    expect(panEmptied(bal04, dec('-1.500'))).toBe(true);
    expect(panEmptied(bal04, dec('25.200'))).toBe(false);
  });
});
