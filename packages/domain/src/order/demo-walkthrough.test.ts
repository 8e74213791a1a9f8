import { describe, expect, it } from 'vitest';
import { fold, orderDecider } from '../decider.js';
import { floor, signature } from '../testing/floor.js';
import { ORDER, throughStep9 } from '../testing/demo-order.js';
import { history, scenario } from '../testing/scenario.js';

describe('demo order ORD-0001 end to end (DEMO-PLANT.md recipe v3)', () => {
  it('runs all 11 steps to a completed order, and the fold gives the same state as a restart would', () => {
    const ctx = floor();
    const events = history(
      orderDecider,
      ORDER,
      [
        [{ type: 'startStep', stepId: '10', by: 'oscar.operator' }, ctx],
        [{ type: 'signStep', stepId: '10', signatures: [signature('oscar.operator', 'verified')] }, ctx],
        [{ type: 'startStep', stepId: '11', by: 'sam.supervisor' }, ctx],
        [{ type: 'signStep', stepId: '11', signatures: [signature('sam.supervisor', 'reviewed')] }, ctx],
      ],
      throughStep9(ctx),
    );
    scenario(orderDecider, ORDER)
      .given(events)
      .when({ type: 'completeOrder', by: 'sam.supervisor' }, ctx)
      .then([{ type: 'OrderCompleted', orderId: ORDER, quantities: { dispensedSteps: 6, reweighs: 0, deviations: 0 } }]);
    const state = fold(orderDecider, ORDER, events);
    expect(state.status).toBe('running');
    if (state.status === 'running') {
      expect(Object.values(state.steps).every((s) => s.phase === 'closed')).toBe(true);
      expect(state.steps['3']?.target).toEqual({ value: '50.403', lower: '50.155', upper: '50.655', potencyLotId: 'PCM-2401' });
      // weighed on BAL-02 (d = 0.01 g = 0.00001 kg): the same 6.897 kg, kept at 5 places
      expect(state.steps['4']?.target?.value).toBe('6.89700');
    }
  });
});
