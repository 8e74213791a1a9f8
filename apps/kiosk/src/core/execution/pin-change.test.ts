import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkVerifier, makeVerifier } from '@lineside/sync-protocol/node';
import { checkRecordContract } from '@lineside/sync-protocol';
import { master, PINS } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { manualClock, openTestStore } from '../../../../../tests/kiosk/support/kiosk-fixture.js';
import { createExecutionContext } from './context.js';
import { createSigners, LOGIN_FAILED, PIN_CHANGE_REQUIRED } from './signers.js';
import type { CredentialVerifiers } from '../store/master-data.js';
import { parseStored } from '../store/records.js';

// Olivia's PIN was reset by an administrator: the pulled user entity of version 7 says so.
const TEMPORARY = '482913';
let pulled: Map<string, CredentialVerifiers>;
beforeAll(async () => {
  pulled = new Map();
  for (const [user, pin] of Object.entries(PINS)) pulled.set(user, { passwordVerifier: null, pinVerifier: await makeVerifier(pin, 1024), version: 1 });
  pulled.set('olivia.operator', { passwordVerifier: null, pinVerifier: await makeVerifier(TEMPORARY, 1024), pinMustChange: true, version: 7 });
});

const opened: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.cleanup();
});

function open() {
  const store = openTestStore({ clock: manualClock() });
  opened.push(store);
  let n = 0;
  const core = () =>
    createExecutionContext({
      db: store.db,
      log: store.log,
      clock: store.clock,
      newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
      masterData: () => master,
      masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
      stationId: () => store.identity.get()?.stationId ?? 'DISP-1',
      verifiers: (userId) => pulled.get(userId) ?? null,
    });
  return { store, signers: createSigners(core()), reopen: () => createSigners(core()) };
}

const change = (currentPin: string, newPin: string, newPinAgain = newPin) => ({ badgeOrUserId: '100001', currentPin, newPin, newPinAgain });

describe('a PIN set by an administrator is replaced at the kiosk before any work (issue 11)', () => {
  it('the temporary PIN opens no session: the kiosk asks for a new PIN, and only whoever knows the temporary one learns it', async () => {
    const { signers, store } = open();
    expect(await signers.commands.login({ badgeOrUserId: '100001', pin: '000000' })).toEqual(LOGIN_FAILED);
    expect(await signers.commands.login({ badgeOrUserId: '100001', pin: TEMPORARY })).toMatchObject({
      ok: false,
      code: PIN_CHANGE_REQUIRED,
      message: expect.stringContaining('set your own PIN (6 to 12 digits)'),
      pinChange: { userId: 'olivia.operator', printedName: 'Olivia Operator', rule: '6 to 12 digits' },
    });
    expect(signers.commands.session()).toBeNull();
    expect(store.records.after(0, 100).map((r) => r.type)).toEqual(['signer.signature-failed']);
    // Another user without a reset signs in as before.
    expect(await signers.commands.login({ badgeOrUserId: 'oscar.operator', pin: '2222' })).toMatchObject({ ok: true });
  });

  it('refuses a new PIN that is mistyped, too short, the temporary one, or given with a wrong temporary PIN (a failed attempt)', async () => {
    const { signers, store } = open();
    expect(await signers.commands.changePin(change(TEMPORARY, '135790', '135791'))).toMatchObject({ ok: false, code: 'pin-mismatch', message: 'The two new PINs differ — type the same new PIN twice' });
    expect(await signers.commands.changePin(change(TEMPORARY, '1357'))).toMatchObject({ ok: false, code: 'pin-too-short', message: 'The new PIN must be 6 to 12 digits' });
    expect(await signers.commands.changePin(change(TEMPORARY, '13579a'))).toMatchObject({ ok: false, code: 'pin-too-short' });
    expect(await signers.commands.changePin(change(TEMPORARY, TEMPORARY))).toMatchObject({ ok: false, code: 'pin-same-as-temporary' });
    expect(store.records.after(0, 100)).toEqual([]);
    expect(await signers.commands.changePin(change('111111', '135790'))).toMatchObject({ ok: false, code: 'pin-wrong', message: expect.stringContaining('counts as a failed attempt') });
    expect(signers.commands.signerState('olivia.operator')).toMatchObject({ status: 'active', consecutiveFailures: 1 });
    expect(store.records.after(0, 100).map((r) => r.type)).toEqual(['signer.signature-failed']);
    expect(signers.commands.session()).toBeNull();
  });

  it('the new PIN is recorded as a verifier citing the reset, opens the session, and signs from then on — after a restart too', async () => {
    const { signers, store, reopen } = open();
    const changed = await signers.commands.changePin(change(TEMPORARY, '135790'));
    expect(changed).toMatchObject({ ok: true, session: { userId: 'olivia.operator' } });
    const records = store.records.after(0, 100);
    expect(records.map((r) => r.type)).toEqual(['session.pin-changed', 'session.logged-in']);
    const record = parseStored(records[0]!);
    expect(checkRecordContract(record)).toBeUndefined();
    expect(record.payload).toMatchObject({ type: 'PinChanged', userId: 'olivia.operator', masterVersion: 7 });
    expect(JSON.stringify(record)).not.toContain('135790');
    expect(await checkVerifier('135790', String(record.payload['pinVerifier']))).toBe(true);
    signers.commands.logout();
    for (const s of [signers, reopen()]) {
      expect(await s.commands.login({ badgeOrUserId: '100001', pin: TEMPORARY })).toEqual(LOGIN_FAILED);
      expect(await s.commands.login({ badgeOrUserId: '100001', pin: '135790' })).toMatchObject({ ok: true });
      s.commands.logout();
    }
    expect(await signers.commands.changePin(change('135790', '246801'))).toMatchObject({ ok: false, code: 'pin-change-not-required' });
  });

  it('a later reset pulled from the server (a higher master version) replaces the PIN set here', async () => {
    const { signers } = open();
    expect(await signers.commands.changePin(change(TEMPORARY, '135790'))).toMatchObject({ ok: true });
    signers.commands.logout();
    const before = pulled.get('olivia.operator')!;
    try {
      pulled.set('olivia.operator', { passwordVerifier: null, pinVerifier: await makeVerifier('777111', 1024), pinMustChange: true, version: 9 });
      expect(await signers.commands.login({ badgeOrUserId: '100001', pin: '135790' })).toEqual(LOGIN_FAILED);
      expect(await signers.commands.login({ badgeOrUserId: '100001', pin: '777111' })).toMatchObject({ ok: false, code: PIN_CHANGE_REQUIRED });
    } finally {
      pulled.set('olivia.operator', before);
    }
  });
});
