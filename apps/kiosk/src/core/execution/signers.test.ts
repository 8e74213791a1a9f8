import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cheapVerifiers, openExecutionCore, typesAfter } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { createSigners, LOGIN_FAILED } from './signers.js';

let verifiers: Map<string, string>;
beforeAll(async () => {
  verifiers = await cheapVerifiers();
});
const opened: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.cleanup();
});
function open() {
  const o = openExecutionCore(verifiers);
  opened.push(o);
  return { ...o, signers: createSigners(o.core) };
}

describe('signers and sessions', () => {
  it('logs in by badge, and gives one sentence for an unknown badge and a wrong PIN alike', async () => {
    const { signers, store } = open();
    expect(await signers.commands.login({ badgeOrUserId: '999999', pin: '1111' })).toEqual(LOGIN_FAILED);
    expect(await signers.commands.login({ badgeOrUserId: '100001', pin: '0000' })).toEqual(LOGIN_FAILED);
    expect(await signers.commands.login({ badgeOrUserId: '100001', pin: '1111' })).toMatchObject({ ok: true, session: { userId: 'olivia.operator', printedName: 'Olivia Operator' } });
    expect(signers.commands.session()).toMatchObject({ userId: 'olivia.operator' });
    // The wrong PIN is a signer failure on the log; the good one ends the run of failures.
    expect(typesAfter(store, 0)).toEqual(['signer.signature-failed', 'session.logged-in']);
    expect(signers.commands.signerState('olivia.operator')).toMatchObject({ status: 'active', consecutiveFailures: 0 });
    expect(signers.commands.logout()).toEqual({ ok: true });
    expect(signers.commands.session()).toBeNull();
  });

  it('three wrong PINs lock a user out; QA unlocks them with PIN and reason, which a restart keeps', async () => {
    const { signers, core, reopen } = open();
    const ctx = core.context();
    if (!ctx.ok) throw new Error(ctx.message);
    const prove = (pin: string) => signers.prove('oscar.operator', pin, 'performed', 'test', undefined, ctx.ctx);
    expect(await prove('0000')).toMatchObject({ ok: false, code: 'pin-wrong', message: 'Wrong PIN for Oscar Operator (1 of 3 attempts before lockout)' });
    expect(await prove('0001')).toMatchObject({ ok: false, code: 'pin-wrong' });
    expect(await prove('0002')).toMatchObject({ ok: false, code: 'signer-locked-out' });
    // Even the right PIN is refused now.
    expect(await prove('2222')).toMatchObject({ ok: false, code: 'signer-locked-out' });
    expect(signers.commands.listLockouts()).toEqual([expect.objectContaining({ userId: 'oscar.operator', printedName: 'Oscar Operator' })]);
    expect(await signers.commands.unlockUser({ userId: 'oscar.operator', byUserId: 'quinn.qa', pin: '3333', reason: ' ' })).toMatchObject({ ok: false, code: 'unlock-reason-missing' });
    expect(await signers.commands.unlockUser({ userId: 'oscar.operator', byUserId: 'quinn.qa', pin: '3333', reason: 'identity checked in person' })).toMatchObject({ ok: true });
    expect(signers.commands.listLockouts()).toEqual([]);
    expect(createSigners(reopen()).commands.signerState('oscar.operator')).toMatchObject({ status: 'active' });
    expect(await prove('2222')).toMatchObject({ ok: true, signature: { signerId: 'oscar.operator', meaning: 'performed' } });
  });

  it('an override needs a reason and a logged-in session', async () => {
    const { signers } = open();
    expect(await signers.override({ userId: 'quinn.qa', pin: '3333', reason: 'drum damaged' })).toMatchObject({ ok: false, code: 'not-logged-in' });
    await signers.commands.login({ badgeOrUserId: 'olivia.operator', pin: '1111' });
    expect(await signers.override({ userId: 'quinn.qa', pin: '3333', reason: '  ' })).toMatchObject({ ok: false, code: 'signature-reason-missing' });
    expect(await signers.override({ userId: 'quinn.qa', pin: '3333', reason: 'drum damaged' })).toMatchObject({ ok: true, override: { reason: 'drum damaged', signature: { signerId: 'quinn.qa', meaning: 'approved' } } });
  });
});
