import { describe, expect, it } from 'vitest';
import { loggedInCores, ORDER } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { createDeviations } from './deviations.js';

const { loggedIn } = loggedInCores();
async function asOperator() {
  const o = await loggedIn('olivia.operator', '1111');
  return { ...o, deviations: createDeviations(o.core, o.signers) };
}

describe('deviations', () => {
  it('a high deviation on an order is listed as needing two signatures and closes when two different people sign', async () => {
    const { deviations, reopen, signers } = await asOperator();
    expect(deviations.commands.openDeviation({ severity: 'low', title: 'x', description: ' ' })).toMatchObject({ ok: false, code: 'deviation-description-missing' });
    const opened = deviations.commands.openDeviation({ severity: 'high', title: 'Booth pressure alarm', description: 'DISP-1 lost negative pressure for 4 minutes', orderId: ORDER, stepId: '3' });
    if (!opened.ok) throw new Error(opened.message);
    const id = opened.deviationId;
    expect(deviations.commands.listDeviations()).toEqual([{ deviationId: id, title: 'Booth pressure alarm', severity: 'high', orderId: ORDER, signatures: 0, needed: 2 }]);
    expect(deviations.openExceptions(ORDER)).toEqual([{ deviationId: id, title: 'Booth pressure alarm', severity: 'high', signatures: 0, needed: 2 }]);
    expect(deviations.openExceptions('ORD-OTHER')).toEqual([]);

    expect(await deviations.commands.signDeviation({ deviationId: id, userId: 'olivia.operator', pin: '1111', meaning: 'reviewed' })).toMatchObject({ ok: false, code: 'signer-lacks-permission' });
    expect(await deviations.commands.signDeviation({ deviationId: id, userId: 'quinn.qa', pin: '3333', meaning: 'reviewed' })).toEqual({ ok: true, closed: false });
    // Folded from the log after a restart: one signature of two.
    const again = createDeviations(reopen(), signers);
    expect(again.commands.listDeviations()).toMatchObject([{ deviationId: id, signatures: 1, needed: 2 }]);
    expect(await deviations.commands.signDeviation({ deviationId: id, userId: 'quinn.qa', pin: '3333', meaning: 'approved' })).toMatchObject({ ok: false, code: 'signer-same-person-twice' });
    expect(await deviations.commands.signDeviation({ deviationId: id, userId: 'sam.supervisor', pin: '5555', meaning: 'approved' })).toEqual({ ok: true, closed: true });
    expect(deviations.commands.listDeviations()).toEqual([]);
    expect(await deviations.commands.signDeviation({ deviationId: id, userId: 'sam.supervisor', pin: '5555', meaning: 'approved' })).toMatchObject({ ok: false, code: 'deviation-not-open' });
  });
});
