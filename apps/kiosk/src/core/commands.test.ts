import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { importPublicKey, makeVerifier, verifyChain } from '@lineside/sync-protocol/node';
import { openTestStore } from '../../../../tests/kiosk/support/kiosk-fixture.js';
import type { BalanceDriverLike, BalanceEvent, BalanceWeight } from './balance-contract.js';
import { createCommands } from './commands.js';
import { openBalance } from './devices.js';
import { createExecution } from './execution/execution.js';
import { parseStored } from './store/records.js';
import { createSyncClient } from './sync/client.js';
import { createServerApi } from './sync/server-api.js';

/**
 * A stand-in for the device driver contract, so these tests exercise the command map and the real
 * log; the real driver on a pty is exercised in tests/kiosk/balance.test.ts.
 */
function scriptedBalance() {
  const listeners = new Set<(event: BalanceEvent) => void>();
  let latest: BalanceWeight | undefined;
  const captures: Array<{ ok: true; reading: BalanceWeight } | { ok: false; code: string; message: string }> = [];
  const driver: BalanceDriverLike = {
    deviceId: 'BAL-01',
    on: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    start: () => Promise.resolve(),
    captureStable: () => Promise.resolve(captures.shift() ?? { ok: false, code: 'timeout', message: 'no stable reading within 5000 ms' }),
    tare: () => Promise.resolve({ ok: true }),
    zero: () => Promise.resolve({ ok: false, code: 'zero-out-of-range', message: 'zero refused: load outside the zero range' }),
    latest: () => latest,
    close: () => Promise.resolve(),
  };
  return {
    driver,
    emit(event: BalanceEvent) {
      if (event.kind === 'weight') latest = event;
      for (const listener of listeners) listener(event);
    },
    captures,
  };
}

const weight = (text: string, stable: boolean, at: string): BalanceWeight => ({
  kind: 'weight',
  deviceId: 'BAL-01',
  at,
  raw: `S ${stable ? 'S' : 'D'}      ${text} g`,
  value: { text, units: text.replace('.', ''), exponent: -3 },
  unit: 'g',
  stable,
  basis: 'net',
});

const stores: Array<ReturnType<typeof openTestStore>> = [];
afterEach(() => stores.splice(0).forEach((s) => s.cleanup()));

// The demo plant on the fixture clock's day (2026-11-25); cheap scrypt cost for tests.
const master = demoPlant({ year: 2026, month: 11, day: 25 });
const PINS: Record<string, string> = { 'olivia.operator': '1111', 'max.maintenance': '4444' };
const verifiers = new Map<string, string>();
beforeAll(async () => {
  for (const [user, pin] of Object.entries(PINS)) verifiers.set(user, await makeVerifier(pin, 1024));
});

/** The kiosk's commands over a real store and log; with `person`, maintenance has tested BAL-01 today and Olivia is logged in. */
async function setup(options: { enrolled?: boolean; person?: boolean } = {}) {
  const store = openTestStore({ enrolled: options.enrolled ?? true });
  stores.push(store);
  const scripted = scriptedBalance();
  const nowIso = () => new Date(store.clock.wallMs()).toISOString();
  const balance = openBalance({ driver: 'mt-sics', path: '/dev/pts/99', balanceId: 'BAL-01' }, () => scripted.driver, nowIso);
  const sync = createSyncClient({ api: createServerApi({ baseUrl: 'http://127.0.0.1:1', wallMs: store.clock.wallMs }), records: store.records, identity: store.identity, syncState: store.syncState, key: store.key, clock: store.clock, random: () => 0.5, appVersion: '0.1.0' });
  let n = 0;
  const execution = createExecution({
    db: store.db,
    log: store.log,
    clock: store.clock,
    newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
    masterData: () => master,
    masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
    stationId: () => store.identity.get()?.stationId ?? null,
    verifiers: (userId) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
  });
  const commands = createCommands({ appVersion: '0.1.0', log: store.log, records: store.records, identity: store.identity, syncState: store.syncState, key: store.key, balance, sync, wallMs: store.clock.wallMs, execution });
  if (options.person ?? true) {
    const ok = (r: { ok: boolean; message?: string }) => {
      if (!r.ok) throw new Error(r.message);
    };
    ok(await execution.login({ badgeOrUserId: 'max.maintenance', pin: '4444' }));
    ok(execution.recordRoutineTest({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true, unit: 'g', entry: { kind: 'instrument', rawFrame: 'S S    200.00010 g' } }));
    ok(await execution.login({ badgeOrUserId: 'olivia.operator', pin: '1111' }));
  }
  return { store, scripted, balance, commands, execution, nowIso };
}

describe('kiosk commands', () => {
  it('accepts the stable reading on screen as a signed weighing.recorded record, under the logged-in user, with the calibration at use', async () => {
    const { store, scripted, commands, nowIso } = await setup();
    const before = store.log.head().seq;
    scripted.emit(weight('12.345', true, nowIso()));
    const result = await commands.acceptWeight({});
    if (!result.ok) throw new Error(result.message);
    const seq = before + 1;
    expect(result).toMatchObject({ seq, weighing: { seq, value: '12.345', unit: 'g', balanceId: 'BAL-01', synced: false } });
    const record = parseStored(store.records.bySeq(seq)!);
    expect(record).toMatchObject({
      type: 'weighing.recorded',
      payloadSchema: 'weighing.recorded@1',
      actor: { kind: 'user', userId: 'olivia.operator', printedName: expect.any(String) },
      subject: { equipment: 'BAL-01' },
      payload: { equipmentId: 'BAL-01', value: '12.345', unit: 'g', basis: 'net', stable: true, raw: 'S S      12.345 g', readAt: nowIso(), calibration: { status: expect.any(String) } },
    });
    const chain = Array.from({ length: seq }, (_, i) => parseStored(store.records.bySeq(i + 1)!));
    expect(verifyChain(chain, importPublicKey(store.key.publicKey))).toMatchObject({ ok: true });
    const state = await commands.getState({});
    expect(state.recentWeighings.map((w) => w.value)).toEqual(['12.345']);
    expect(state.sync.unsent).toBe(seq);
    expect(state.weight).toMatchObject({ value: '12.345', stable: true });
    expect(state.device).toMatchObject({ balanceId: 'BAL-01', connection: 'connected', problem: null });
  });

  it('captures a fresh stable reading when the one on screen is moving, and refuses when none comes', async () => {
    const { store, scripted, commands, nowIso } = await setup();
    const before = store.log.head().seq;
    scripted.emit(weight('3.100', false, nowIso()));
    scripted.captures.push({ ok: true, reading: weight('3.120', true, nowIso()) });
    expect(await commands.acceptWeight({})).toMatchObject({ ok: true, weighing: { value: '3.120' } });
    expect(await commands.acceptWeight({})).toEqual({ ok: false, code: 'timeout', message: 'BAL-01: no stable reading within 5000 ms' });
    expect(store.log.head().seq).toBe(before + 1);
  });

  it('does not reuse a stable reading older than two seconds', async () => {
    const { store, scripted, commands, nowIso } = await setup();
    scripted.emit(weight('7.000', true, nowIso()));
    store.clock.advance(5_000);
    scripted.captures.push({ ok: true, reading: weight('7.010', true, nowIso()) });
    expect(await commands.acceptWeight({})).toMatchObject({ ok: true, weighing: { value: '7.010' } });
  });

  it('refuses to record before enrollment and passes device refusals on with the balance named', async () => {
    const { scripted, commands, nowIso } = await setup({ enrolled: false, person: false });
    scripted.emit(weight('1.000', true, nowIso()));
    expect(await commands.acceptWeight({})).toMatchObject({ ok: false, code: 'not-enrolled' });
    expect(await commands.tare({})).toEqual({ ok: true });
    expect(await commands.zero({})).toEqual({ ok: false, code: 'zero-out-of-range', message: 'BAL-01: zero refused: load outside the zero range' });
  });

  it('refuses a free weighing with nobody logged in, and on a balance whose daily check is not done (issue 8 §1)', async () => {
    const nobody = await setup({ person: false });
    nobody.scripted.emit(weight('12.345', true, nobody.nowIso()));
    expect(await nobody.commands.acceptWeight({})).toMatchObject({ ok: false, code: 'not-logged-in', message: expect.stringMatching(/Log in/) });
    // Olivia logged in, but nobody tested BAL-01 this shift: the same rule as in a dispense step.
    await nobody.execution.login({ badgeOrUserId: 'olivia.operator', pin: '1111' });
    const refused = await nobody.commands.acceptWeight({});
    expect(refused.ok).toBe(false);
    expect(refused).not.toMatchObject({ code: 'not-logged-in' });
    expect(refused).toMatchObject({ message: expect.stringMatching(/BAL-01/) });
    expect(nobody.store.records.lastOfType('weighing.recorded', 10)).toEqual([]);
  });

  it('shows a missing serial port as the balance status in plain words', async () => {
    const { scripted, balance, nowIso } = await setup();
    scripted.emit({ kind: 'status', deviceId: 'BAL-01', at: nowIso(), state: 'connecting', message: 'opening /dev/ttyUSB0', raw: '' });
    scripted.emit({ kind: 'error', deviceId: 'BAL-01', at: nowIso(), code: 'port-not-found', message: 'Serial port /dev/ttyUSB0 does not exist', raw: '' });
    scripted.emit({ kind: 'status', deviceId: 'BAL-01', at: nowIso(), state: 'reconnecting', message: 'reconnecting to /dev/ttyUSB0 in 250 ms (attempt 1)', raw: '' });
    expect(balance.status()).toMatchObject({ connection: 'disconnected', problem: 'BAL-01: Serial port /dev/ttyUSB0 does not exist' });
    expect(balance.weight()).toBeNull();
  });
});
