import { describe, expect, it } from 'vitest';
import { fold, signerDecider } from '../decider.js';
import { floor, NOW } from '../testing/floor.js';
import { history, scenario } from '../testing/scenario.js';
import type { User } from '../master-data/people.js';
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
    scenario(signerDecider, 'quinn.qa').given(locked).when(sign(true), ctx).thenRefused('signer-locked-out', `Quinn QA is locked out since ${NOW} after repeated wrong PINs — ask QA or an administrator to unlock you at this kiosk (Unlock user)`);
    const reset: SignerEvent[] = history(signerDecider, 'quinn.qa', [[sign(true), ctx], [sign(false), ctx]], twoFailures);
    expect(fold(signerDecider, 'quinn.qa', reset)).toEqual({ status: 'active', userId: 'quinn.qa', consecutiveFailures: 1 });
  });

  it('a wrong user id with a right secret is a failure too', () => {
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { check: { components: 'id-and-secret', userIdMatched: false, secretValid: true } }), ctx).then([{ type: 'SignatureFailed' }]);
  });

  it('QA or an administrator unlocks with their signature and a reason, never themself; signing needs the hash of the record', () => {
    const locked = history(signerDecider, 'quinn.qa', [[sign(false), ctx], [sign(false), ctx], [sign(false), ctx]]);
    const s = scenario(signerDecider, 'quinn.qa').given(locked);
    const by = (userId: string, printedName: string) => ({ signatureId: 'S-U', signerId: userId, printedName, meaning: 'approved' as const, signedAt: NOW, signedHash: HASH, components: 'id-and-secret' as const });
    s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'sam.supervisor', reason: 'identity confirmed', signature: by('sam.supervisor', 'Sam Supervisor') }, ctx).thenRefused('unlock-not-permitted');
    s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'quinn.qa', reason: 'me', signature: by('quinn.qa', 'Quinn QA') }, ctx).thenRefused('unlock-self');
    s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'ada.admin', reason: ' ', signature: by('ada.admin', 'Ada Admin') }, ctx).thenRefused('unlock-reason-missing');
    s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'ada.admin', reason: 'identity confirmed', signature: by('sam.supervisor', 'Sam Supervisor') }, ctx).thenRefused('unlock-signature-wrong');
    const unlocked = s.when({ type: 'unlockSigner', userId: 'quinn.qa', by: 'ada.admin', reason: 'identity confirmed', signature: by('ada.admin', 'Ada Admin') }, ctx).then([{ type: 'SignerUnlocked', by: 'ada.admin', signature: { signerId: 'ada.admin' } }]);
    expect(fold(signerDecider, 'quinn.qa', [...locked, ...unlocked]).status).toBe('active');
    // QA may unlock an operator too.
    const olivia = history(signerDecider, 'olivia.operator', [[sign(false, { userId: 'olivia.operator' }), ctx], [sign(false, { userId: 'olivia.operator' }), ctx], [sign(false, { userId: 'olivia.operator' }), ctx]]);
    scenario(signerDecider, 'olivia.operator').given(olivia).when({ type: 'unlockSigner', userId: 'olivia.operator', by: 'quinn.qa', reason: 'badge holder confirmed', signature: by('quinn.qa', 'Quinn QA') }, ctx).then([{ type: 'SignerUnlocked', by: 'quinn.qa' }]);
    scenario(signerDecider, 'quinn.qa').given([]).when(sign(true, { signedHash: ' ' }), ctx).thenRefused('signature-hash-missing');
    scenario(signerDecider, 'nobody').given([]).when(sign(true, { userId: 'nobody' }), ctx).thenRefused('signer-unknown');
  });
});

describe('locking out the last user who may unlock others is not permanent', () => {
  it('the only active unlocker is locked out for a limited time; others until someone unlocks them', () => {
    const base = floor();
    // Only Ada (admin) may unlock: QA is inactive in this plant.
    const lonely = floor({ master: { ...base.master, users: base.master.users.map((u) => (u.roles.includes('qa') ? { ...u, active: false } : u)) } });
    const adaFails = history(signerDecider, 'ada.admin', [[sign(false, { userId: 'ada.admin' }), lonely], [sign(false, { userId: 'ada.admin' }), lonely], [sign(false, { userId: 'ada.admin' }), lonely]]);
    const until = new Date(Date.parse(NOW) + 30 * 60_000).toISOString();
    expect(adaFails.at(-1)).toMatchObject({ type: 'SignerLockedOut', userId: 'ada.admin', until });
    scenario(signerDecider, 'ada.admin').given(adaFails).when(sign(true, { userId: 'ada.admin' }), lonely).thenRefused('signer-locked-out', /it ends at/);
    const later = floor({ master: lonely.master, now: new Date(Date.parse(NOW) + 31 * 60_000).toISOString() });
    scenario(signerDecider, 'ada.admin').given(adaFails).when(sign(true, { userId: 'ada.admin' }), later).then([{ type: 'SignatureApplied' }]);
    // With QA active, Ada's lockout waits for QA to unlock her.
    const withQa = history(signerDecider, 'ada.admin', [[sign(false, { userId: 'ada.admin' }), base], [sign(false, { userId: 'ada.admin' }), base], [sign(false, { userId: 'ada.admin' }), base]]);
    expect(withQa.at(-1)).not.toHaveProperty('until');
  });
});

describe('a lockout reported at one kiosk holds at every kiosk until an unlock (issue 9 §4, §5)', () => {
  const base = floor();
  const withOlivia = (patch: Partial<User>) => floor({ master: { ...base.master, users: base.master.users.map((u) => (u.id === 'olivia.operator' ? { ...u, ...patch } : u)) } });
  const oliviaSigns = sign(true, { userId: 'olivia.operator' });
  const EARLIER = '2026-11-25T08:30:00+00:00';

  it('another kiosk refuses a user the server marked locked out, and lets them sign once it ends or is unlocked here', () => {
    const centrally = withOlivia({ centralLockout: { since: EARLIER, kioskId: 'K-DISP-2' } });
    scenario(signerDecider, 'olivia.operator').given([]).when(oliviaSigns, centrally).thenRefused('signer-locked-out', `Olivia Operator is locked out since ${EARLIER} at kiosk K-DISP-2 after repeated wrong PINs — ask QA or an administrator to unlock you (Unlock user, or centrally on the server)`);
    // A timed central lockout (the last unlocker) ends by itself.
    scenario(signerDecider, 'olivia.operator').given([]).when(oliviaSigns, withOlivia({ centralLockout: { since: EARLIER, kioskId: 'K-DISP-2', until: EARLIER } })).then([{ type: 'SignatureApplied' }]);
    // QA unlocks her at this kiosk: the central lockout is over here (and the server lifts it for all).
    const unlock = { type: 'unlockSigner', userId: 'olivia.operator', by: 'quinn.qa', reason: 'badge holder confirmed', signature: { signatureId: 'S-U', signerId: 'quinn.qa', printedName: 'Quinn QA', meaning: 'approved', signedAt: NOW, signedHash: HASH, components: 'id-and-secret' } } as const;
    const unlocked = scenario(signerDecider, 'olivia.operator').given([]).when(unlock, centrally).then([{ type: 'SignerUnlocked', by: 'quinn.qa' }]);
    scenario(signerDecider, 'olivia.operator').given(unlocked).when(oliviaSigns, centrally).then([{ type: 'SignatureApplied' }]);
    scenario(signerDecider, 'olivia.operator').given([]).when(unlock, base).thenRefused('signer-not-locked');
  });

  it('a central unlock pulled by the kiosk ends its own earlier lockout, cites the master version, and never a later one', () => {
    const o = (extra: Partial<Extract<SignerCommand, { type: 'sign' }>> = {}) => sign(false, { userId: 'olivia.operator', ...extra });
    const locked = history(signerDecider, 'olivia.operator', [[o(), base], [o(), base], [o(), base]]);
    const after = withOlivia({ centralUnlock: { at: '2026-11-25T09:05:00Z', by: 'ada.admin', reason: 'identity confirmed by phone', version: 7 } });
    const applied = scenario(signerDecider, 'olivia.operator').given(locked).when({ type: 'applyCentralUnlock', userId: 'olivia.operator' }, after).then([{ type: 'SignerUnlocked', userId: 'olivia.operator', by: 'ada.admin', reason: 'identity confirmed by phone', masterVersion: 7 }]);
    expect(applied[0]).not.toHaveProperty('signature');
    scenario(signerDecider, 'olivia.operator').given([...locked, ...applied]).when(oliviaSigns, after).then([{ type: 'SignatureApplied' }]);
    // An unlock from before this lockout does not lift it; nor is there anything to lift when not locked.
    const before = withOlivia({ centralUnlock: { at: EARLIER, by: 'ada.admin', reason: 'old', version: 3 } });
    scenario(signerDecider, 'olivia.operator').given(locked).when({ type: 'applyCentralUnlock', userId: 'olivia.operator' }, before).thenRefused('central-unlock-missing');
    scenario(signerDecider, 'olivia.operator').given([]).when({ type: 'applyCentralUnlock', userId: 'olivia.operator' }, after).thenRefused('signer-not-locked');
  });
});
