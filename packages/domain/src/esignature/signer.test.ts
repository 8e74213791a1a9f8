import { describe, expect, it } from 'vitest';
import { fold, signerDecider } from '../decider.js';
import { floor, NOW } from '../testing/floor.js';
import { history, scenario } from '../testing/scenario.js';
import type { SignerCommand, SignerEvent } from './signer.js';

const ctx = floor();
const HASH = `sha256:${'b'.repeat(64)}`;
const sign = (secretValid: boolean, extra: Partial<Extract<SignerCommand, { type: 'sign' }>> = {}): SignerCommand => ({
  type: 'sign',
  signatureId: 'S-1',
  userId: 'quinn.qa',
  meaning: 'released',
  signedHash: HASH,
  check: { components: 'id-and-secret', userIdMatched: true, secretValid },
  firstInSession: true,
  ...extra,
});

describe('e-signatures (21 CFR 11.50, 11.70, 11.200, 11.300)', () => {
  it('a valid signing records signer, printed name, date/time, meaning and the hash signed', () => {
    scenario(signerDecider, 'quinn.qa')
      .given([])
      .when(sign(true, { reason: 'inspected' }), ctx)
      .then([{ type: 'SignatureApplied', signature: { signatureId: 'S-1', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'released', signedAt: NOW, signedHash: HASH, components: 'id-and-secret', reason: 'inspected' } }]);
  });

  it('the first signing of a session needs both components; later ones may use the secret alone', () => {
    const secretOnly = { check: { components: 'secret-only', userIdMatched: false, secretValid: true } } as const;
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { ...secretOnly, firstInSession: true }), ctx).thenRefused('signature-needs-both-components', 'First signing of a session needs both user id and password/PIN (21 CFR 11.200)');
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { ...secretOnly, firstInSession: false }), ctx).then([{ type: 'SignatureApplied', signature: { components: 'secret-only' } }]);
  });

  it('three consecutive failures lock the signer out; a success in between resets the count', () => {
    const twoFailures = history(signerDecider, 'quinn.qa', [[sign(false), ctx], [sign(false), ctx]]);
    expect(twoFailures).toMatchObject([{ type: 'SignatureFailed', consecutiveFailures: 1 }, { type: 'SignatureFailed', consecutiveFailures: 2 }]);
    const locked = history(signerDecider, 'quinn.qa', [[sign(false), ctx]], twoFailures);
    expect(locked.slice(2)).toMatchObject([{ type: 'SignatureFailed', consecutiveFailures: 3 }, { type: 'SignerLockedOut', userId: 'quinn.qa', failures: 3 }]);
    scenario(signerDecider, 'quinn.qa').given(locked).when(sign(true), ctx).thenRefused('signer-locked-out', `Quinn QA is locked out since ${NOW} after repeated failed signings — an administrator must unlock`);
    const reset: SignerEvent[] = history(signerDecider, 'quinn.qa', [[sign(true), ctx], [sign(false), ctx]], twoFailures);
    expect(fold(signerDecider, 'quinn.qa', reset)).toEqual({ status: 'active', userId: 'quinn.qa', consecutiveFailures: 1 });
  });

  it('a wrong user id with a right secret is a failure too', () => {
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { check: { components: 'id-and-secret', userIdMatched: false, secretValid: true } }), ctx).then([{ type: 'SignatureFailed' }]);
  });

  it('only an administrator unlocks; signing needs the hash of the record', () => {
    const locked = history(signerDecider, 'quinn.qa', [[sign(false), ctx], [sign(false), ctx], [sign(false), ctx]]);
    const s = scenario(signerDecider, 'quinn.qa').given(locked);
    s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'sam.supervisor', reason: 'identity confirmed' }, ctx).thenRefused('unlock-not-permitted');
    const unlocked = s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'ada.admin', reason: 'identity confirmed' }, ctx).then([{ type: 'SignerUnlocked', by: 'ada.admin' }]);
    expect(fold(signerDecider, 'quinn.qa', [...locked, ...unlocked]).status).toBe('active');
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { signedHash: ' ' }), ctx).thenRefused('signature-hash-missing');
    scenario(signerDecider, 'nobody').given([]).when(sign(true, { userId: 'nobody' }), ctx).thenRefused('signer-unknown');
  });
});
