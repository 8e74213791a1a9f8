import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderDecider } from '../../decider.js';
import { allocateSscc } from '../../label/sscc.js';
import type { DispensedContainer } from '../../master-data/container.js';
import { atLine, containersFrom, dispensedAtBooth, LINE_ORDER } from '../../testing/charge.js';
import { history } from '../../testing/scenario.js';
import { fold } from '../../decider.js';
import type { OrderStreamEvent } from '../events.js';

const GINA = 'gina.granulation';
const template = containersFrom(dispensedAtBooth())[0]!;
const sscc = (counter: number) => {
  const s = allocateSscc({ companyPrefix: '9501101', block: 1, counter });
  if (!s.ok) throw new Error(s.message);
  return s.value;
};
const containers = (n: number): DispensedContainer[] => Array.from({ length: n }, (_, i) => ({ ...template, id: sscc(i + 1), containerNo: i + 1, weighingId: `w-${i}`, dispenseCompleted: true }));

describe('charging, property: every container charged exactly once completes the step; any missing is named', () => {
  it('holds for any number of containers, scanned in any order, with any subset left out', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) => fc.tuple(fc.constant(n), fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: 0, maxLength: n }))),
        ([n, order]) => {
          const pulled = containers(n);
          const ctx = atLine(pulled);
          let events: OrderStreamEvent[] = history(orderDecider, LINE_ORDER, [[{ type: 'startStep', stepId: '2', by: GINA }, ctx]]);
          for (const [k, i] of order.entries()) {
            const decision = orderDecider.decide(fold(orderDecider, LINE_ORDER, events), { type: 'chargeContainer', stepId: '2', by: GINA, sscc: pulled[i]!.id }, ctx);
            expect(decision.ok).toBe(true);
            if (!decision.ok) return;
            const completes = decision.value.some((e) => e.type === 'StepCompleted');
            // the step completes with the last container and not before
            expect(completes).toBe(k === n - 1);
            events = [...events, ...decision.value];
            // charging the same container again is refused
            const again = orderDecider.decide(fold(orderDecider, LINE_ORDER, events), { type: 'chargeContainer', stepId: '2', by: GINA, sscc: pulled[i]!.id }, ctx);
            expect(again.ok ? 'accepted' : again.code).toBe(completes ? 'step-not-in-progress' : 'container-already-charged');
          }
          if (order.length === n) return;
          const complete = orderDecider.decide(fold(orderDecider, LINE_ORDER, events), { type: 'completeCharge', stepId: '2', by: GINA }, ctx);
          expect(complete.ok).toBe(false);
          if (complete.ok) return;
          expect(complete.code).toBe('charge-containers-missing');
          const missing = pulled.filter((_, i) => !order.includes(i));
          for (const c of missing) expect(complete.message).toContain(c.id);
          for (const i of order) expect(complete.message).not.toContain(pulled[i]!.id);
        },
      ),
      { numRuns: 150 },
    );
  });
});
