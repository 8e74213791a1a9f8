import type { FloorContext } from '../context.js';
import { orderDecider } from '../decider.js';
import type { DispensedContainer } from '../master-data/container.js';
import type { OrderCommand } from '../order/commands.js';
import type { OrderStreamEvent } from '../order/events.js';
import { weigh } from './demo-order.js';
import { floor } from './floor.js';
import { history } from './scenario.js';

export const LINE_ORDER = 'ORD-0002';

/** ORD-0002 at DISP-1: Paracetamol dispensed into two labelled containers (step 1), dispense complete. */
export function dispensedAtBooth(ctx: FloorContext = floor(), complete = true): OrderStreamEvent[] {
  const by = 'olivia.operator';
  const cmds: OrderCommand[] = [
    { type: 'startOrder', orderId: LINE_ORDER, by },
    { type: 'startStep', stepId: '1', by },
    { type: 'scanLot', stepId: '1', by, lotId: 'PCM-2401' },
    weigh('1', 'line-1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'),
    weigh('1', 'line-2', 'BAL-04', 'PCM-2401', '26.703', '1.500', 'kg'),
    ...(complete ? [{ type: 'completeDispense', stepId: '1', by } as const] : []),
  ];
  return history(orderDecider, LINE_ORDER, cmds.map((c) => [c, ctx] as const));
}

/** The containers the server derives from a kiosk's order events (what the line's kiosk pulls). */
export function containersFrom(events: readonly OrderStreamEvent[], kioskId = 'K-DISP-1'): DispensedContainer[] {
  const out = new Map<string, DispensedContainer>();
  for (const e of events) {
    if (e.type === 'WeighingRecorded' && e.sscc) {
      out.set(e.sscc, { id: e.sscc, orderId: e.orderId, stepId: e.stepId, containerNo: e.containerNo, materialId: e.materialId, lotId: e.lotId, weighingId: e.weighingId, net: e.netInStepUnit, unit: e.balanceUnit, dispensedAt: e.at, kioskId, status: 'dispensed', dispenseCompleted: false });
    }
    if (e.type === 'WeighingRejected') for (const [id, c] of out) if (c.weighingId === e.weighingId) out.set(id, { ...c, status: 'rejected', rejectedReason: e.reason });
    if (e.type === 'DispenseCompleted') for (const [id, c] of out) if (c.orderId === e.orderId && c.stepId === e.stepId) out.set(id, { ...c, dispenseCompleted: true });
  }
  return [...out.values()];
}

/** GRAN-1's floor with these containers pulled. */
export function atLine(containers: readonly DispensedContainer[], base: FloorContext = floor()): FloorContext {
  return { ...base, stationId: 'GRAN-1', master: { ...base.master, containers } };
}
