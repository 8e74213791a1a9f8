import { describe, it } from 'vitest';
import { orderDecider } from '../decider.js';
import { demoPlant } from '../demo-plant.js';
import type { RecipeStep } from '../master-data/recipe.js';
import { floor, signature, TODAY } from '../testing/floor.js';
import { ORDER, startedThroughStep2, weigh } from '../testing/demo-order.js';
import { history, scenario } from '../testing/scenario.js';

/** The demo recipe with extra steps after step 2, to exercise the step kinds the demo does not use. */
function withSteps(extra: readonly RecipeStep[], patch: (s: RecipeStep) => RecipeStep = (s) => s) {
  const master = demoPlant(TODAY);
  return floor({ master: { ...master, recipes: master.recipes.map((r) => ({ ...r, steps: [...r.steps.map(patch), ...extra] })) } });
}
const order = scenario(orderDecider, ORDER);

describe('lot scan / verify step', () => {
  const ctx = withSteps([{ kind: 'lot-verify', id: '20', title: 'Verify the MCC lot at the granulator', predecessors: ['2'], materialId: 'MCC', signOff: { meaning: 'verified', signatures: 1, signer: { kind: 'not-performer' } } }]);
  const given = () => history(orderDecider, ORDER, [[{ type: 'startStep', stepId: '20', by: 'olivia.operator' }, ctx]], startedThroughStep2(ctx));

  it('a released lot of the right material completes it and waits for the second person', () => {
    const events = order.given(given()).when({ type: 'scanLot', stepId: '20', by: 'olivia.operator', lotId: 'MCC-118' }, ctx).then([{ type: 'LotScanned', lotId: 'MCC-118' }, { type: 'StepCompleted', stepId: '20', signOffRequired: true }]);
    const done = [...given(), ...events];
    order.given(done).when({ type: 'signStep', stepId: '20', signatures: [signature('olivia.operator', 'verified')] }, ctx).thenRefused('signer-is-performer');
    order.given(done).when({ type: 'signStep', stepId: '20', signatures: [signature('ada.admin', 'verified')] }, ctx).thenRefused('signer-lacks-permission', 'Ada Admin may not sign order steps (needs permission execute-step)');
    order.given(done).when({ type: 'signStep', stepId: '20', signatures: [signature('oscar.operator', 'verified')] }, ctx).then([{ type: 'StepSigned', stepId: '20' }]);
  });

  it('the wrong material or a quarantined lot is refused', () => {
    order.given(given()).when({ type: 'scanLot', stepId: '20', by: 'olivia.operator', lotId: 'PVP-077' }, ctx).thenRefused('lot-wrong-material');
    order.given(given()).when({ type: 'scanLot', stepId: '20', by: 'olivia.operator', lotId: 'MCC-119' }, ctx).thenRefused('lot-quarantine');
  });
});

describe('pass/fail in-process check', () => {
  const ctx = withSteps([{ kind: 'in-process-check', id: '21', title: 'Sieve intact after use', predecessors: ['2'], check: { kind: 'pass-fail' } }]);
  const given = () => history(orderDecider, ORDER, [[{ type: 'startStep', stepId: '21', by: 'olivia.operator' }, ctx]], startedThroughStep2(ctx));

  it('pass completes; fail opens a medium deviation and leaves the step open', () => {
    order.given(given()).when({ type: 'recordCheck', stepId: '21', by: 'olivia.operator', passed: true }, ctx).then([{ type: 'CheckRecorded', passed: true }, { type: 'StepCompleted', signOffRequired: false }]);
    order.given(given()).when({ type: 'recordCheck', stepId: '21', by: 'olivia.operator', passed: false }, ctx).then([{ type: 'CheckRecorded', passed: false }, { type: 'DeviationOpened', severity: 'medium', description: 'Sieve intact after use failed' }]);
    order.given(given()).when({ type: 'recordCheck', stepId: '21', by: 'olivia.operator' }, ctx).thenRefused('check-value-missing', 'step 21 (Sieve intact after use) needs pass or fail');
  });
});

describe('several lots in a potency-adjusted step', () => {
  it('a second lot of another potency is refused: the target came from the first lot\'s assay', () => {
    const ctx = withSteps([], (s) => (s.id === '3' && s.kind === 'dispense' ? { ...s, maxLots: 2 } : s));
    const override = { reason: 'use up the rest', signature: signature('sam.supervisor', 'approved') };
    const given = history(
      orderDecider,
      ORDER,
      [
        [{ type: 'startStep', stepId: '3', by: 'olivia.operator' }, ctx],
        [{ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401' }, ctx],
        [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'), ctx],
        [{ type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2402', fefoOverride: override }, ctx],
      ],
      startedThroughStep2(ctx),
    );
    order
      .given(given)
      .when(weigh('3', 'w2', 'BAL-04', 'PCM-2402', '26.703', '1.500', 'kg'), ctx)
      .thenRefused('lot-potency-differs', 'Lot PCM-2402 has potency 99.8 %, but the target 50.403 kg of step 3 (Dispense Paracetamol) was set from lot PCM-2401 at 99.2 % — use lots of one potency in a potency-adjusted step');
  });
});
