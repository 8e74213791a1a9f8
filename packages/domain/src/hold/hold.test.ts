import { describe, expect, it } from 'vitest';
import { equipmentDecider, fold, holdDecider } from '../decider.js';
import { floor, signature } from '../testing/floor.js';
import { history, scenario } from '../testing/scenario.js';
import type { HoldEvent } from './events.js';
import { equipmentUsability } from '../equipment/usability.js';
import { releaseSignaturesRequired } from './hold.js';

const ctx = floor();
const placed: HoldEvent[] = history(holdDecider, 'H-1', [[{ type: 'placeHold', holdId: 'H-1', target: { kind: 'equipment', id: 'BAL-04' }, reason: 'dropped during cleaning', by: 'quinn.qa' }, ctx]]);
const release = (by: string, sig = signature(by, 'released'), reason = 'inspected, sensitivity re-test passed') => ({ type: 'releaseHold', by, reason, signature: sig }) as const;

describe('holds on lot, equipment, order', () => {
  it('QA places a hold with a reason; an operator may not; unknown targets are refused', () => {
    expect(placed).toMatchObject([{ type: 'HoldPlaced', holdId: 'H-1', target: { kind: 'equipment', id: 'BAL-04' }, source: 'qa', placedBy: 'quinn.qa' }]);
    const fresh = scenario(holdDecider, 'H-2').given([]);
    fresh.when({ type: 'placeHold', holdId: 'H-2', target: { kind: 'lot', id: 'PVP-077' }, reason: 'x', by: 'olivia.operator' }, ctx).thenRefused('hold-not-permitted', 'Olivia Operator may not place a hold (QA or supervisor only)');
    fresh.when({ type: 'placeHold', holdId: 'H-2', target: { kind: 'lot', id: 'NOPE-1' }, reason: 'x', by: 'quinn.qa' }, ctx).thenRefused('hold-target-unknown', 'Lot NOPE-1 is not in the master data');
    fresh.when({ type: 'placeHold', holdId: 'H-2', target: { kind: 'order', id: 'ORD-0001' }, reason: '', by: 'quinn.qa' }, ctx).thenRefused('hold-reason-missing');
  });

  it('only QA releases, with a two-component e-signature meaning "released" and a reason', () => {
    const held = scenario(holdDecider, 'H-1').given(placed);
    held.when(release('sam.supervisor'), ctx).thenRefused('signer-lacks-permission', 'Releasing the hold on Equipment BAL-04 needs permission release-hold, which Sam Supervisor does not have');
    held.when(release('quinn.qa', signature('quinn.qa', 'released', { components: 'secret-only' })), ctx).thenRefused('signature-needs-both-components', 'Releasing the hold on Equipment BAL-04 needs both user id and password/PIN at signing');
    held.when(release('quinn.qa', signature('quinn.qa', 'approved')), ctx).thenRefused('signature-meaning-wrong');
    held.when(release('quinn.qa', signature('sam.supervisor', 'released')), ctx).thenRefused('signer-unknown', /not by the person acting/);
    held.when({ type: 'releaseHold', by: 'quinn.qa', reason: 'ok' }, ctx).thenRefused('signature-missing');
    held.when(release('quinn.qa', undefined, ' '), ctx).thenRefused('hold-reason-missing');
    const released = held.when(release('quinn.qa'), ctx).then([{ type: 'HoldReleased', holdId: 'H-1', releasedBy: 'quinn.qa', signature: { signerId: 'quinn.qa', meaning: 'released', components: 'id-and-secret' } }]);
    scenario(holdDecider, 'H-1').given([...placed, ...released]).when(release('quinn.qa'), ctx).thenRefused('hold-not-active');
  });

  it('where the site asks two people (lot holds in the demo plant), the same user signing twice is refused', () => {
    const lotHold = history(holdDecider, 'H-L', [[{ type: 'placeHold', holdId: 'H-L', target: { kind: 'lot', id: 'PVP-077' }, reason: 'supplier complaint', by: 'quinn.qa' }, ctx]]);
    const held = scenario(holdDecider, 'H-L').given(lotHold);
    const two = (second?: ReturnType<typeof signature>) => ({ ...release('quinn.qa'), ...(second ? { secondSignature: second } : {}) });
    held.when(two(), ctx).thenRefused('signature-missing', 'Releasing the hold on Lot PVP-077 needs two signatures: Quinn QA\'s "released" and a second person\'s "verified" (QA or supervisor)');
    held.when(two(signature('quinn.qa', 'verified')), ctx).thenRefused('signer-same-person-twice', 'Quinn QA cannot give both signatures of releasing the hold on Lot PVP-077: a two-person rule needs two different people');
    held.when(two(signature('olivia.operator', 'verified')), ctx).thenRefused('signer-lacks-permission', 'The second signature on releasing the hold on Lot PVP-077 needs permission verify-hold-release, which Olivia Operator does not have');
    held.when(two(signature('sam.supervisor', 'released')), ctx).thenRefused('signature-meaning-wrong');
    held.when(two(signature('sam.supervisor', 'verified', { components: 'secret-only' })), ctx).thenRefused('signature-needs-both-components');
    held
      .when(two(signature('sam.supervisor', 'verified')), ctx)
      .then([{ type: 'HoldReleased', holdId: 'H-L', releasedBy: 'quinn.qa', signature: { signerId: 'quinn.qa', meaning: 'released' }, secondSignature: { signerId: 'sam.supervisor', meaning: 'verified' } }]);
    // Equipment holds stay with QA alone in the demo plant; a site may set any kind to one or two.
    expect(releaseSignaturesRequired({ kind: 'equipment', id: 'BAL-04' }, ctx.master)).toBe(1);
    expect(releaseSignaturesRequired({ kind: 'order', id: 'ORD-0001' }, ctx.master)).toBe(2);
    const oneForAll = floor({ master: { ...ctx.master, settings: { calibrationWarningDays: 7, signatureLockoutAttempts: 3 } } });
    expect(releaseSignaturesRequired({ kind: 'lot', id: 'PVP-077' }, oneForAll.master)).toBe(1);
    scenario(holdDecider, 'H-L').given(lotHold).when(release('quinn.qa'), oneForAll).then([{ type: 'HoldReleased', holdId: 'H-L', releasedBy: 'quinn.qa' }]);
  });

  it('the equipment fold follows its holds: on hold, then available again after release', () => {
    const released = history(holdDecider, 'H-1', [[release('quinn.qa'), ctx]], placed);
    expect(fold(equipmentDecider, 'BAL-04', placed).status).toBe('on-hold');
    expect(fold(equipmentDecider, 'BAL-04', released).status).toBe('available');
    // a hold on another instrument leaves this one alone
    expect(fold(equipmentDecider, 'BAL-01', placed).status).toBe('available');
  });
});

describe('after a failed routine test', () => {
  it('QA release alone does not make the balance usable: it needs a passing re-test this day', () => {
    const failed = history(equipmentDecider, 'BAL-01', [[{ type: 'recordSensitivityTest', equipmentId: 'BAL-01', by: 'max.maintenance', testWeightId: 'TW-200E2', reading: '200.5', stable: true, entry: { kind: 'instrument', rawFrame: 'S S 200.5 g' } }, floor({ equipmentStates: {} })]]);
    const hold = failed.find((e) => e.type === 'HoldPlaced');
    if (hold?.type !== 'HoldPlaced') throw new Error('a failed test must place a hold');
    const released = history(holdDecider, hold.holdId, [[release('quinn.qa'), ctx]], [hold]);
    const afterRelease = [...failed, ...released.slice(1)];
    const usable = (events: typeof afterRelease) => equipmentUsability('BAL-01', 'balance', floor({ equipmentStates: { 'BAL-01': fold(equipmentDecider, 'BAL-01', events) } }));
    expect(usable(failed)).toMatchObject({ ok: false, code: 'equipment-on-hold' });
    expect(usable(afterRelease)).toMatchObject({ ok: false, code: 'equipment-routine-test-failed', message: 'Balance BAL-01 failed its sensitivity test today (2026-11-25) — weighing blocked' });
    const retested = history(equipmentDecider, 'BAL-01', [[{ type: 'recordSensitivityTest', equipmentId: 'BAL-01', by: 'max.maintenance', testWeightId: 'TW-200E2', reading: '200.0001', stable: true, entry: { kind: 'instrument', rawFrame: 'S S 200.0001 g' } }, ctx]], afterRelease);
    expect(usable(retested)).toMatchObject({ ok: true });
  });
});
