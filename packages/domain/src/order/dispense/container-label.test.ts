import { describe, it } from 'vitest';
import { orderDecider } from '../../decider.js';
import { demoPlant } from '../../demo-plant.js';
import { floor, TODAY } from '../../testing/floor.js';
import { ORDER, startedThroughStep2, testSscc, weigh } from '../../testing/demo-order.js';
import { history, scenario } from '../../testing/scenario.js';
import type { OrderCommand } from '../commands.js';
import type { OrderStreamEvent } from '../events.js';

const ctx = floor();
const order = scenario(orderDecider, ORDER);
const run = (given: OrderStreamEvent[], cmds: OrderCommand[], c = ctx) => history(orderDecider, ORDER, cmds.map((x) => [x, c] as const), given);
const step3WithLot = () => run(startedThroughStep2(), [{ type: 'startStep', stepId: '3', by: 'olivia.operator' }, { type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401' }]);
const { sscc: _, ...unlabelled } = weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.000', '1.000', 'kg') as Extract<OrderCommand, { type: 'recordWeighing' }>;

describe('every dispensed container carries its SSCC (issue 13)', () => {
  it('the weighing record carries the SSCC the kiosk allocated', () => {
    order.given(step3WithLot()).when(weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.000', '1.000', 'kg'), ctx).then([{ type: 'DispenseTargetSet' }, { type: 'WeighingRecorded', sscc: testSscc('w1') }]);
  });

  it('refuses a weighing without an SSCC where the site labels containers', () => {
    order.given(step3WithLot()).when(unlabelled, ctx).thenRefused('container-label-missing', 'Site lineside-pharma labels every container, but this weighing has no SSCC');
  });

  it('a site without a GS1 company prefix does not label: a weighing without an SSCC is accepted', () => {
    const plant = demoPlant(TODAY);
    const c = floor({ master: { ...plant, site: { id: plant.site.id, name: plant.site.name, plant: plant.site.plant } } });
    order.given(run(startedThroughStep2(c), [{ type: 'startStep', stepId: '3', by: 'olivia.operator' }, { type: 'scanLot', stepId: '3', by: 'olivia.operator', lotId: 'PCM-2401' }], c)).when(unlabelled, c).then([{ type: 'DispenseTargetSet' }, { type: 'WeighingRecorded' }]);
  });

  it('refuses an SSCC with a wrong check digit, and one already on another container of the order', () => {
    const bad = testSscc('w1').slice(0, 17) + String((Number(testSscc('w1')[17]) + 1) % 10);
    order.given(step3WithLot()).when({ ...unlabelled, sscc: bad }, ctx).thenRefused('container-label-invalid', `The container's SSCC is not valid: SSCC ${bad} has check digit ${bad[17]} but its digits need ${testSscc('w1')[17]}`);
    const firstContainer = run(step3WithLot(), [weigh('3', 'w1', 'BAL-04', 'PCM-2401', '26.000', '1.000', 'kg')]);
    order.given(firstContainer).when({ ...weigh('3', 'w2', 'BAL-04', 'PCM-2401', '25.000', '0.500', 'kg'), sscc: testSscc('w1') } as OrderCommand, ctx).thenRefused('container-label-reused', `SSCC ${testSscc('w1')} is already on a container of step 3 of order ${ORDER}`);
  });
});
