import { describe, expect, it } from 'vitest';
import { deviationDecider, fold, orderDecider } from '../decider.js';
import { floor, signature } from '../testing/floor.js';
import { ORDER, startedThroughStep2 } from '../testing/demo-order.js';
import { history, scenario } from '../testing/scenario.js';
import type { DeviationSeverity } from '../master-data/recipe.js';
import { DEVIATION_POLICY } from './deviation.js';
import type { DeviationEvent } from './deviation.js';

const ctx = floor();
const open = (severity: DeviationSeverity): DeviationEvent[] =>
  history(deviationDecider, 'D-1', [[{ type: 'openDeviation', deviationId: 'D-1', severity, title: 'Spill', description: 'Powder spilled in booth', orderId: ORDER, by: 'olivia.operator' }, ctx]]);
const sign = (signerId: string, meaning: 'approved' | 'reviewed' = 'approved') => ({ type: 'signDeviation', signature: signature(signerId, meaning) }) as const;

describe('deviations: severity decides signatures and whether the order goes on', () => {
  it('the policy table', () => {
    expect(DEVIATION_POLICY).toEqual({
      info: { signaturesToClose: 1, orderMayContinue: true },
      low: { signaturesToClose: 1, orderMayContinue: true },
      medium: { signaturesToClose: 2, orderMayContinue: true },
      high: { signaturesToClose: 2, orderMayContinue: false },
      critical: { signaturesToClose: 3, orderMayContinue: false },
    });
  });

  it('low: one supervisor signature closes it', () => {
    scenario(deviationDecider, 'D-1').given(open('low')).when(sign('sam.supervisor'), ctx).then([{ type: 'DeviationSigned' }, { type: 'DeviationClosed', deviationId: 'D-1', orderId: ORDER }]);
  });

  it('high: two different people, one of them QA; operators may not sign; same person twice refused', () => {
    const d = open('high');
    scenario(deviationDecider, 'D-1').given(d).when(sign('olivia.operator'), ctx).thenRefused('signer-lacks-permission', 'Olivia Operator may not sign off deviation “Spill” (QA or supervisor only)');
    const once = history(deviationDecider, 'D-1', [[sign('sam.supervisor'), ctx]], d);
    expect(once.at(-1)).toMatchObject({ type: 'DeviationSigned' });
    scenario(deviationDecider, 'D-1').given(once).when(sign('sam.supervisor'), ctx).thenRefused('signer-same-person-twice', 'Sam Supervisor already signed deviation “Spill”; another person must sign');
    scenario(deviationDecider, 'D-1').given(once).when(sign('quinn.qa'), ctx).then([{ type: 'DeviationSigned' }, { type: 'DeviationClosed', signatures: [{ signerId: 'sam.supervisor' }, { signerId: 'quinn.qa' }] }]);
    expect(fold(deviationDecider, 'D-1', once).status).toBe('open');
  });

  it('an open high deviation stops the order; closing it lets the order go on', () => {
    const orderLog = startedThroughStep2();
    const dev = open('high');
    scenario(orderDecider, ORDER).given([...orderLog, ...dev]).when({ type: 'startStep', stepId: '3', by: 'olivia.operator' }, ctx).thenRefused('order-blocked-by-deviation', 'Order ORD-0001 has open high deviation D-1 — it may not continue until the deviation is closed');
    const closed = history(deviationDecider, 'D-1', [[sign('sam.supervisor'), ctx], [sign('quinn.qa'), ctx]], dev);
    scenario(orderDecider, ORDER).given([...orderLog, ...closed]).when({ type: 'startStep', stepId: '3', by: 'olivia.operator' }, ctx).then([{ type: 'StepStarted', stepId: '3' }]);
    // a medium deviation is recorded but the order may go on
    scenario(orderDecider, ORDER).given([...orderLog, ...open('medium')]).when({ type: 'startStep', stepId: '3', by: 'olivia.operator' }, ctx).then([{ type: 'StepStarted' }]);
  });

  it('refuses an empty description and signing a closed deviation', () => {
    scenario(deviationDecider, 'D-2').given([]).when({ type: 'openDeviation', deviationId: 'D-2', severity: 'info', title: 't', description: ' ', by: 'olivia.operator' }, ctx).thenRefused('deviation-description-missing');
    const closed = history(deviationDecider, 'D-1', [[sign('quinn.qa'), ctx]], open('info'));
    scenario(deviationDecider, 'D-1').given(closed).when(sign('sam.supervisor'), ctx).thenRefused('deviation-not-open');
  });
});
