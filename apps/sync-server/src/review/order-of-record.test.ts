import { describe, expect, it } from 'vitest';
import type { SignedRecord } from '@lineside/sync-protocol';
import { ordersOfRecords, orderOfRecord } from './order-of-record.js';

describe('the order a record belongs to', () => {
  it('reads subject.order, a deviation or hold payload, and resolves a deviation signature through the deviation it signs', async () => {
    const records: Pick<SignedRecord, 'type' | 'subject' | 'payload'>[] = [
      { type: 'order.weighing-recorded', subject: { order: 'ORD-1' }, payload: { orderId: 'ORD-1' } },
      { type: 'deviation.deviation-opened', subject: { deviation: 'D1' }, payload: { deviationId: 'D1', orderId: 'ORD-1' } },
      { type: 'deviation.deviation-signed', subject: { deviation: 'D1' }, payload: { deviationId: 'D1' } },
      { type: 'deviation.deviation-signed', subject: { deviation: 'D0' }, payload: { deviationId: 'D0' } },
      { type: 'deviation.deviation-opened', subject: { deviation: 'D2' }, payload: { deviationId: 'D2' } },
      { type: 'hold.hold-released', subject: { hold: 'H1' }, payload: { holdId: 'H1', target: { kind: 'order', id: 'ORD-2' } } },
      { type: 'hold.hold-placed', subject: { hold: 'H2' }, payload: { holdId: 'H2', target: { kind: 'lot', id: 'LOT-1' } } },
      { type: 'equipment.routine-test-passed', subject: { equipment: 'BAL-01' }, payload: { equipmentId: 'BAL-01' } },
      { type: 'session.logged-in', payload: { userId: 'u' } },
    ];
    const asked: string[][] = [];
    const orders = await ordersOfRecords(records, async (ids) => {
      asked.push([...ids]);
      return new Map([['D0', 'ORD-0']]);
    });
    expect(orders).toEqual(['ORD-1', 'ORD-1', 'ORD-1', 'ORD-0', null, 'ORD-2', null, null, null]);
    // D1 was opened in the same batch: only the deviations not found there are looked up in the store.
    expect(asked).toEqual([['D0', 'D2']]);
    expect(orderOfRecord({ type: 'weighing.recorded', subject: { equipment: 'BAL-01', order: 'ORD-1' }, payload: {} })).toBeUndefined();
  });
});
