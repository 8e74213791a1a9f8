import type { FloorContext } from '../context.js';
import { orderDecider } from '../decider.js';
import type { OrderCommand } from '../order/commands.js';
import type { OrderStreamEvent } from '../order/events.js';
import { allocateSscc } from '../label/sscc.js';
import { history } from './scenario.js';
import { floor, signature } from './floor.js';

export const ORDER = 'ORD-0001';
const OLIVIA = 'olivia.operator';

/** Commands that take demo order ORD-0001 through steps 1 and 2 (started, cleared, balances checked). */
export function startedThroughStep2(ctx: FloorContext = floor()): OrderStreamEvent[] {
  const cmds: OrderCommand[] = [
    { type: 'startOrder', orderId: ORDER, by: OLIVIA },
    { type: 'startStep', stepId: '1', by: OLIVIA },
    { type: 'acknowledgeInstruction', stepId: '1', by: OLIVIA },
    { type: 'signStep', stepId: '1', signatures: [signature(OLIVIA, 'performed')] },
    { type: 'startStep', stepId: '2', by: OLIVIA },
    { type: 'confirmEquipmentStatus', stepId: '2', by: OLIVIA },
  ];
  return history(orderDecider, ORDER, cmds.map((c) => [c, ctx] as const));
}

/** The SSCC a test container gets: DISP-1's block of the demo site's prefix, one counter per weighing id. */
export function testSscc(weighingId: string): string {
  let counter = 0;
  for (const c of weighingId) counter = (counter * 131 + c.charCodeAt(0)) % 1_000_000;
  const sscc = allocateSscc({ companyPrefix: '9501101', block: 1, counter });
  if (!sscc.ok) throw new Error(sscc.message);
  return sscc.value;
}

/** A weighing as the kiosk sends it after taring the container: the new tare is the evidence of a new load. */
export function weigh(stepId: string, weighingId: string, balanceId: string, lotId: string, gross: string, tare: string, unit: string): OrderCommand {
  return { type: 'recordWeighing', stepId, by: OLIVIA, weighingId, balanceId, lotId, gross, tare, unit, grossStable: true, tareStable: true, evidence: 'new-tare', sscc: testSscc(weighingId) };
}

/** Steps 1–3 closed: Paracetamol dispensed from PCM-2401 in two containers on BAL-04 (50.403 kg). */
export function throughStep3(ctx: FloorContext = floor()): OrderStreamEvent[] {
  const cmds: OrderCommand[] = [
    { type: 'startStep', stepId: '3', by: OLIVIA },
    { type: 'scanLot', stepId: '3', by: OLIVIA, lotId: 'PCM-2401' },
    weigh('3', 'w3-1', 'BAL-04', 'PCM-2401', '26.700', '1.500', 'kg'),
    weigh('3', 'w3-2', 'BAL-04', 'PCM-2401', '26.703', '1.500', 'kg'),
    { type: 'completeDispense', stepId: '3', by: OLIVIA },
  ];
  return history(orderDecider, ORDER, cmds.map((c) => [c, ctx] as const), startedThroughStep2(ctx));
}

/** Commands that dispense one single-container step in tolerance. */
export function dispenseStep(stepId: string, lotId: string, balanceId: string, gross: string, tare: string, unit: string): OrderCommand[] {
  return [
    { type: 'startStep', stepId, by: OLIVIA },
    { type: 'scanLot', stepId, by: OLIVIA, lotId },
    weigh(stepId, `w${stepId}`, balanceId, lotId, gross, tare, unit),
    { type: 'completeDispense', stepId, by: OLIVIA },
  ];
}

/** Steps 1–9 done by Olivia: everything dispensed and the granulation fluid measured. */
export function throughStep9(ctx: FloorContext = floor()): OrderStreamEvent[] {
  const cmds: OrderCommand[] = [
    { type: 'startStep', stepId: '4', by: OLIVIA },
    { type: 'scanLot', stepId: '4', by: OLIVIA, lotId: 'MCC-118' },
    weigh('4', 'w4-1', 'BAL-02', 'MCC-118', '3800.00', '300.00', 'g'),
    weigh('4', 'w4-2', 'BAL-02', 'MCC-118', '3697.00', '300.00', 'g'),
    { type: 'completeDispense', stepId: '4', by: OLIVIA },
    ...dispenseStep('5', 'PVP-077', 'BAL-02', '1800.00', '300.00', 'g'),
    ...dispenseStep('6', 'CCS-032', 'BAL-02', '1500.00', '300.00', 'g'),
    ...dispenseStep('7', 'MGS-210', 'BAL-02', '600.00', '300.00', 'g'),
    ...dispenseStep('8', 'IOY-009', 'BAL-01', '62.50000', '50.00000', 'g'),
    { type: 'startStep', stepId: '9', by: OLIVIA },
    { type: 'recordPhMeasurement', stepId: '9', by: OLIVIA, meterId: 'PH-01', reading: { ph: '6.20', mv: '47.3', temperatureC: '22.0' }, stable: true },
  ];
  return history(orderDecider, ORDER, cmds.map((c) => [c, ctx] as const), throughStep3(ctx));
}
