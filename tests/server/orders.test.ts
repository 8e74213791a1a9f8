import { expect, it } from 'vitest';
import { verifyAuditLog } from '../../apps/sync-server/src/db/audit.js';
import type { TestKiosk } from './support/kiosk.js';
import { approveNewRecipeVersion, callAs } from './support/recipes.js';
import { onEachEngine } from './support/suite.js';

type Refusal = { status: string; reason: string; message: string; issues?: { path: string; message: string }[] };
const base = { id: 'ORD-0200', recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: 'DISP-1', batchNumber: 'B-PCM-0200' };

/** The record a kiosk writes when an operator starts an order (as the kiosk core builds it). */
function orderStarted(kiosk: TestKiosk, orderId: string, recipeVersion = 3) {
  const unsigned = kiosk.weighing('0');
  const at = unsigned.occurredAt.replace('+00:00', 'Z');
  return kiosk.sign({
    ...unsigned,
    type: 'order.order-started',
    payloadSchema: 'order.order-started@1',
    subject: { order: orderId },
    payload: { type: 'OrderStarted', at, shift: { shiftId: 'early', date: at.slice(0, 10) }, orderId, recipeId: 'PCM-500-GRAN', recipeVersion, stationId: 'DISP-1', batchNumber: `B-${orderId}`, by: 'olivia.operator', masterDataVersion: 1 },
  });
}

onEachEngine('orders: planned → released → cancelled, through the master-data write path', (server) => {
  let kiosk: TestKiosk;
  const put = (user: string, id: string, data: object, reason = 'plan week 49') => server.as(user, 'PUT', `/api/v1/master-data/order/${id}`, { data, reason });
  const auditOf = async (id: string) =>
    (await server.app.db.selectFrom('audit_log').selectAll().where('target', '=', `order/${id}`).orderBy('seq').execute()).map((a) => ({ action: a.action, actor: a.actor, reason: a.reason, at: a.at, ...(JSON.parse(a.details) as { before: unknown; after: unknown }) }));

  it('plans, releases and cancels an order, each step in the signed audit log with reason, user, time, before and after', async () => {
    expect((await put('sam.supervisor', base.id, { ...base, status: 'planned' }, 'plan week 49: 200 kg granulate')).statusCode).toBe(200);
    expect((await put('sam.supervisor', base.id, { ...base, status: 'released' }, 'DISP-1 free on Monday')).statusCode).toBe(200);
    const cancelled = await put('ada.admin', base.id, { ...base, status: 'cancelled', statusReason: 'customer order withdrawn (CO-77)' }, 'customer order withdrawn (CO-77)');
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const at = server.clock.toISOString();
    expect(await auditOf(base.id)).toEqual([
      { action: 'order.planned', actor: 'sam.supervisor', reason: 'plan week 49: 200 kg granulate', at, version: expect.any(Number), before: null, after: { ...base, status: 'planned' } },
      { action: 'order.released', actor: 'sam.supervisor', reason: 'DISP-1 free on Monday', at, version: expect.any(Number), before: { ...base, status: 'planned' }, after: { ...base, status: 'released' } },
      { action: 'order.cancelled', actor: 'ada.admin', reason: 'customer order withdrawn (CO-77)', at, version: expect.any(Number), before: { ...base, status: 'released' }, after: { ...base, status: 'cancelled', statusReason: 'customer order withdrawn (CO-77)' } },
    ]);
    expect((await verifyAuditLog(server.app.db)).ok).toBe(true);
  });

  it('refuses a cancelled order coming back, a cancel without its reason, a new order born cancelled, and a reason on a live order', async () => {
    const again = await put('sam.supervisor', base.id, { ...base, status: 'released' });
    expect(again.statusCode).toBe(409);
    expect((again.json() as Refusal).issues).toEqual([{ path: '/data/status', message: 'order ORD-0200 was cancelled (customer order withdrawn (CO-77)): a cancelled order stays cancelled — plan a new order' }]);

    expect((await put('sam.supervisor', 'ORD-0201', { ...base, id: 'ORD-0201', status: 'released' })).statusCode).toBe(200);
    const noReason = await put('sam.supervisor', 'ORD-0201', { ...base, id: 'ORD-0201', status: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect((noReason.json() as Refusal).issues).toEqual([{ path: '/data/statusReason', message: 'cancelling order ORD-0201 needs the reason in statusReason (shown at the kiosk)' }]);
    const blank = await put('sam.supervisor', 'ORD-0201', { ...base, id: 'ORD-0201', status: 'cancelled', statusReason: '   ' });
    expect(blank.statusCode).toBe(400);

    const born = await put('sam.supervisor', 'ORD-0202', { ...base, id: 'ORD-0202', status: 'cancelled', statusReason: 'never needed' });
    expect(born.statusCode).toBe(400);
    expect((born.json() as Refusal).issues).toEqual([{ path: '/data/status', message: 'a new order is planned or released; there is no order ORD-0202 to cancel' }]);

    const stray = await put('sam.supervisor', 'ORD-0203', { ...base, id: 'ORD-0203', status: 'planned', statusReason: 'because' });
    expect(stray.statusCode).toBe(400);
    expect((stray.json() as Refusal).issues).toEqual([{ path: '/data/statusReason', message: 'is the reason of a cancellation; order ORD-0203 is planned, not cancelled' }]);

    const badStatus = await put('sam.supervisor', 'ORD-0204', { ...base, id: 'ORD-0204', status: 'started' });
    expect(badStatus.statusCode).toBe(400);
    expect((badStatus.json() as Refusal).issues).toEqual([{ path: '/data/status', message: expect.stringContaining('planned, released, cancelled') }]);
    // Operators and QA do not plan orders.
    expect((await put('quinn.qa', 'ORD-0205', { ...base, id: 'ORD-0205', status: 'planned' })).statusCode).toBe(403);
  });

  it('refuses to plan an order on a version that is not approved and in effect, with the reason; a cancel is not judged on the version', async () => {
    const missing = await put('sam.supervisor', 'ORD-0210', { ...base, id: 'ORD-0210', recipeVersion: 99, status: 'planned' });
    expect(missing.statusCode).toBe(400);
    expect((missing.json() as Refusal).issues).toEqual([{ path: '/data/recipeVersion', message: 'recipe PCM-500-GRAN version 99 is not in the master data' }]);
    // Retiring version 3 does not stop the cancel of an order planned on it.
    expect((await put('sam.supervisor', 'ORD-0211', { ...base, id: 'ORD-0211', status: 'planned' })).statusCode).toBe(200);
    expect((await server.as('quinn.qa', 'POST', '/api/v1/recipes/PCM-500-GRAN/versions/3/retire', { reason: 'CC-120: tablet press replaced' })).statusCode).toBe(200);
    const release = await put('sam.supervisor', 'ORD-0211', { ...base, id: 'ORD-0211', status: 'released' });
    expect(release.statusCode).toBe(400);
    expect((release.json() as Refusal).issues).toEqual([{ path: '/data/recipeVersion', message: 'Recipe PCM-500-GRAN version 3 is retired, not approved: an order is released only against an approved version in effect' }]);
    expect((await put('sam.supervisor', 'ORD-0211', { ...base, id: 'ORD-0211', status: 'cancelled', statusReason: 'recipe retired' })).statusCode).toBe(200);
  });

  it('refuses to cancel, withdraw, re-pin, move or remove an order once a kiosk has started it (the server holds its records)', async () => {
    kiosk = await server.kiosk('DISP-1');
    const pushed = await server.push(kiosk, kiosk.pushBody([orderStarted(kiosk, 'ORD-0001')]));
    expect(pushed.statusCode, pushed.body).toBe(200);
    const order = { id: 'ORD-0001', recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: 'DISP-1', batchNumber: 'B-PCM-0001', status: 'released' };
    const startedMessage = 'order ORD-0001 was started at a kiosk (the server holds 1 record of it)';
    const cancel = await put('sam.supervisor', 'ORD-0001', { ...order, status: 'cancelled', statusReason: 'line down' });
    expect(cancel.statusCode).toBe(409);
    expect((cancel.json() as Refusal).issues).toEqual([{ path: '/data/status', message: `${startedMessage}: it can no longer be cancelled — finish or hold it at the kiosk, and record the deviation` }]);
    expect((cancel.json() as Refusal).message).toContain('order ORD-0001 is refused: /data/status order ORD-0001 was started at a kiosk');
    const withdraw = await put('sam.supervisor', 'ORD-0001', { ...order, status: 'planned' });
    expect((withdraw.json() as Refusal).issues).toEqual([{ path: '/data/status', message: `${startedMessage}: it can no longer be withdrawn from its station` }]);
    const moved = await put('sam.supervisor', 'ORD-0001', { ...order, stationId: 'DISP-2', batchNumber: 'B-X' });
    expect(moved.statusCode).toBe(409);
    expect((moved.json() as Refusal).issues).toEqual([
      { path: '/data/stationId', message: `${startedMessage}: its stationId stays "DISP-1"` },
      { path: '/data/batchNumber', message: `${startedMessage}: its batchNumber stays "B-PCM-0001"` },
    ]);
    const removed = await server.as('ada.admin', 'DELETE', '/api/v1/master-data/order/ORD-0001', { reason: 'tidy up' });
    expect(removed.statusCode).toBe(409);
    expect((removed.json() as Refusal).message).toBe('order ORD-0001 is still referred to by 1 record from the floor (it was started at a kiosk): change those first');
    // Nothing of the refused writes was stored.
    expect(((await server.as('sam.supervisor', 'GET', '/api/v1/master-data/order')).json() as { items: Record<string, unknown>[] }).items.find((o) => o['id'] === 'ORD-0001')).toEqual(order);
  });

  it('flags the start of an order a kiosk began offline and the server cancelled before its records arrived', async () => {
    // Version 3 is retired by now: the order runs on version 4, approved by QA and the supervisor.
    const v3 = ((await server.as('ada.admin', 'GET', '/api/v1/recipes/PCM-500-GRAN/versions/3')).json() as { recipe: Record<string, unknown> }).recipe;
    const signer = (userId: string) => ({ call: callAs(server, userId), userId, password: server.credentials[userId]!.password });
    const v4 = await approveNewRecipeVersion(callAs(server, 'ada.admin'), [signer('quinn.qa'), signer('sam.supervisor')], v3, {}, 'CC-122: re-approved after the press change');
    const order = { id: 'ORD-0220', recipeId: 'PCM-500-GRAN', recipeVersion: v4, stationId: 'DISP-1', batchNumber: 'B-ORD-0220', status: 'released' };
    expect((await put('sam.supervisor', order.id, order)).statusCode).toBe(200);
    // The kiosk starts it while offline; ten minutes later the planner, seeing nothing of it, cancels it.
    const started = orderStarted(kiosk, order.id, v4);
    server.advance(10 * 60_000);
    expect((await put('sam.supervisor', order.id, { ...order, status: 'cancelled', statusReason: 'raw material recall RC-9' })).statusCode).toBe(200);
    const cancelledAt = server.clock.toISOString();
    server.advance(5 * 60_000);
    const pushed = await server.push(kiosk, kiosk.pushBody([started]));
    expect(pushed.statusCode, pushed.body).toBe(200);
    const listed = await server.as('sam.supervisor', 'GET', `/api/v1/records?kioskId=${kiosk.kioskId}&limit=100`);
    const flags = (listed.json() as { records: { seq: number; flags: { code: string; message: string }[] }[] }).records.find((r) => r.seq === started.seq)?.flags;
    expect(flags).toEqual([{ code: 'ORDER_CANCELLED', message: `Order ORD-0220 was started at ${started.occurredAt} but is cancelled centrally (raw material recall RC-9), since ${cancelledAt}` }]);
    // The start of an order that is not cancelled carries no such flag (ORD-0001 above).
    const first = (listed.json() as { records: { seq: number; flags: { code: string }[] }[] }).records.find((r) => r.seq === 1)?.flags ?? [];
    expect(first.map((f) => f.code)).not.toContain('ORDER_CANCELLED');
  });
});
