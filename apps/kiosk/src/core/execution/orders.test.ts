import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cheapVerifiers, openExecutionCore, ORDER, typesAfter } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { parseStored } from '../store/records.js';
import type { OpenException } from './deviations.js';
import { createEquipment } from './equipment.js';
import { createLabels } from './labels.js';
import { createOrders } from './orders.js';
import { createSigners } from './signers.js';

let verifiers: Map<string, string>;
beforeAll(async () => {
  verifiers = await cheapVerifiers();
});
const opened: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.cleanup();
});
const noExceptions = (): OpenException[] => [];

function open() {
  const o = openExecutionCore(verifiers);
  opened.push(o);
  const signers = createSigners(o.core);
  return { ...o, signers, orders: createOrders(o.core, signers, noExceptions, createLabels(o.core, () => null)) };
}

async function must<T extends { ok: boolean }>(result: T | Promise<T>): Promise<void> {
  const value = await result;
  if (!value.ok) throw new Error(`expected ok, got ${JSON.stringify(value)}`);
}

/** A GS1-128 label: (01) GTIN, (17) expiry, (10) lot last. */
const label = (gtin: string, expiry: string, lot: string) => `]C101${gtin}17${expiry}10${lot}`;

describe('orders', () => {
  it('runs the first steps of the order under the logged-in user, and the progress view follows', async () => {
    const { orders, signers, store } = open();
    expect(orders.startOrder({ orderId: ORDER })).toMatchObject({ ok: false, code: 'not-logged-in' });
    await must(signers.commands.login({ badgeOrUserId: '100001', pin: '1111' }));
    expect(orders.listOrders()).toMatchObject({ ok: true, orders: [{ orderId: ORDER, status: 'not-started' }, { orderId: 'ORD-0002', status: 'not-started' }] });
    const head = store.records.head().seq;
    await must(orders.startOrder({ orderId: ORDER }));
    await must(orders.startStep({ orderId: ORDER, stepId: '1' }));
    await must(orders.acknowledgeInstruction({ orderId: ORDER, stepId: '1' }));
    expect(await orders.sign({ orderId: ORDER, stepId: '1', userId: 'olivia.operator', pin: '1111', meaning: 'performed' })).toEqual({ ok: true, signed: true, awaiting: 0 });
    const added = store.records.after(head, 20).map(parseStored);
    expect(added.map((r) => r.type)).toEqual(['order.order-started', 'order.step-started', 'order.instruction-acknowledged', 'order.step-completed', 'order.step-signed']);
    expect(added[0]).toMatchObject({ actor: { kind: 'user', userId: 'olivia.operator' }, subject: { order: ORDER } });
    expect(orders.progress(ORDER)).toMatchObject({ ok: true, progress: { order: { status: 'running' }, step: { stepId: '2' } } });

    await must(orders.pauseOrder({ orderId: ORDER, reason: 'fire drill' }));
    expect(orders.progress(ORDER)).toMatchObject({ ok: true, progress: { order: { status: 'paused', pausedReason: 'fire drill' } } });
    expect(orders.startStep({ orderId: ORDER, stepId: '2' })).toMatchObject({ ok: false });
    await must(orders.resumeOrder({ orderId: ORDER }));
    expect(orders.orderState(ORDER).status).toBe('running');
  });

  it('the weigh bench: a balance is chosen first, its tare is added to the net, and the weighing is recorded as gross/tare/net', async () => {
    const { orders, signers, store, core } = open();
    await must(signers.commands.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    // Step 2 confirms BAL-01 and BAL-02; step 3 weighs on BAL-04: each needs its daily test.
    const equipment = createEquipment(core, signers);
    await must(equipment.recordRoutineTest({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '200.00010' } }));
    await must(equipment.recordRoutineTest({ equipmentId: 'BAL-02', testWeightId: 'TW-5KF1', reading: '5000.01', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: '5000.01' } }));
    await must(equipment.recordRoutineTest({ equipmentId: 'BAL-04', testWeightId: 'TW-20KM1', reading: '20.000', stable: true, unit: 'kg', entry: { kind: 'instrument', rawFrame: '20.000' } }));
    await must(signers.commands.login({ badgeOrUserId: '100001', pin: '1111' }));
    await must(orders.startOrder({ orderId: ORDER }));
    await must(orders.startStep({ orderId: ORDER, stepId: '1' }));
    await must(orders.acknowledgeInstruction({ orderId: ORDER, stepId: '1' }));
    await must(orders.sign({ orderId: ORDER, stepId: '1', userId: 'olivia.operator', pin: '1111', meaning: 'performed' }));
    await must(orders.startStep({ orderId: ORDER, stepId: '2' }));
    await must(orders.confirmEquipmentStatus({ orderId: ORDER, stepId: '2' }));
    await must(orders.startStep({ orderId: ORDER, stepId: '3' }));
    expect(orders.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true } })).toMatchObject({ ok: false, code: 'no-balance-selected' });
    expect(orders.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-03' })).toMatchObject({ ok: false, code: 'equipment-calibration-expired' });
    await must(orders.selectBalance({ orderId: ORDER, stepId: '3', balanceId: 'BAL-04' }));
    expect(orders.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true } })).toMatchObject({ ok: false, code: 'no-lot-scanned' });
    await must(orders.scanLot({ orderId: ORDER, stepId: '3', scan: label('09501101540019', '270331', 'PCM-2401') }));
    expect(orders.recordTare({ orderId: ORDER, stepId: '3', reading: { value: '1.500', unit: 'kg', stable: false }, source: 'reading-before-tare' })).toMatchObject({ ok: false, code: 'tare-unstable' });
    await must(orders.recordTare({ orderId: ORDER, stepId: '3', reading: { value: '1.500', unit: 'kg', stable: true }, source: 'reading-before-tare' }));
    expect(orders.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { stepId: '3', balanceId: 'BAL-04', tare: '1.500' } } });
    const head = store.records.head().seq;
    await must(orders.acceptWeighing({ orderId: ORDER, stepId: '3', reading: { value: '25.200', unit: 'kg', stable: true } }));
    expect(typesAfter(store, head)).toEqual(['order.dispense-target-set', 'order.weighing-recorded']);
    expect(parseStored(store.records.last()!).payload).toMatchObject({ balanceId: 'BAL-04', lotId: 'PCM-2401', gross: '26.700', tare: '1.500', net: '25.200' });
    // The container's SSCC: the demo site's prefix 9501101, DISP-1's block 001, this kiosk's first serial.
    expect(parseStored(store.records.last()!)).toMatchObject({ payloadSchema: 'order.weighing-recorded@2', payload: { sscc: '095011010010000008' } });
    // The tare was used: the next container starts without one.
    expect(orders.progress(ORDER)).toMatchObject({ ok: true, progress: { step: { stepId: '3', tare: null, containers: 1, dispensed: '25.200' } } });
  });
});
