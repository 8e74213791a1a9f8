import { describe, expect, it } from 'vitest';
import type { DeviationEvent, Signature, SignerEvent } from '@lineside/domain';
import { createFoldedState } from './fold.js';

const AT = '2026-11-25T09:00:00.000+01:00';
const opened: DeviationEvent = { type: 'DeviationOpened', at: AT, deviationId: 'D-1', severity: 'high', title: 'Booth pressure alarm', description: 'lost pressure', orderId: 'ORD-0001', openedBy: 'olivia.operator' };

describe('the fold of the log', () => {
  it('a deviation on its own stream is folded into its order too, and its close finds the order it was opened on', () => {
    const state = createFoldedState();
    state.apply('order', 'ORD-0001', { type: 'OrderStarted', at: AT, shift: { shiftId: 'EARLY', date: '2026-11-25' }, orderId: 'ORD-0001', recipeId: 'R', recipeVersion: 1, stationId: 'DISP-1', batchNumber: 'B-1', by: 'olivia.operator', masterDataVersion: 1 });
    state.apply('deviation', 'D-1', opened);
    const order = state.orderOf('ORD-0001');
    expect(order.status !== 'not-started' && order.openDeviations).toEqual({ 'D-1': 'high' });
    expect(state.deviations.get('D-1')).toMatchObject({ title: 'Booth pressure alarm', orderId: 'ORD-0001', state: { status: 'open' } });
    expect(state.deviationNow('D-1')).toEqual({ title: 'Booth pressure alarm', severity: 'high', open: true });
    // The close names no order: the fold remembers which order the deviation was opened on.
    state.apply('deviation', 'D-1', { type: 'DeviationClosed', at: AT, deviationId: 'D-1', signatures: [] });
    const after = state.orderOf('ORD-0001');
    expect(after.status !== 'not-started' && after.openDeviations).toEqual({});
  });

  it('a signature on any record ends its signer’s run of failed PINs', () => {
    const state = createFoldedState();
    const failed: SignerEvent = { type: 'SignatureFailed', at: AT, userId: 'quinn.qa', consecutiveFailures: 1 };
    state.apply('signer', 'quinn.qa', failed);
    expect(state.signerOf('quinn.qa')).toMatchObject({ consecutiveFailures: 1 });
    const signature: Signature = { signatureId: 'S-1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'reviewed', signedAt: AT, signedHash: 'h', components: 'id-and-secret' };
    state.apply('deviation', 'D-1', { type: 'DeviationSigned', at: AT, deviationId: 'D-1', signature });
    expect(state.signerOf('quinn.qa')).toMatchObject({ status: 'active', consecutiveFailures: 0 });
  });
});
