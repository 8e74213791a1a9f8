import { afterEach, describe, expect, it } from 'vitest';
import { importPublicKey, verifyChain } from '@lineside/sync-protocol/node';
import { openTestStore } from '../../../../tests/kiosk/support/kiosk-fixture.js';
import type { BalanceDriverLike, BalanceEvent, BalanceWeight } from './balance-contract.js';
import { createCommands } from './commands.js';
import { openBalance } from './devices.js';
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

function setup(enrolled = true) {
  const store = openTestStore({ enrolled });
  stores.push(store);
  const scripted = scriptedBalance();
  const nowIso = () => new Date(store.clock.wallMs()).toISOString();
  const balance = openBalance({ driver: 'mt-sics', path: '/dev/pts/99', balanceId: 'BAL-01' }, () => scripted.driver, nowIso);
  const sync = createSyncClient({ api: createServerApi({ baseUrl: 'http://127.0.0.1:1', wallMs: store.clock.wallMs }), records: store.records, identity: store.identity, syncState: store.syncState, key: store.key, clock: store.clock, random: () => 0.5, appVersion: '0.1.0' });
  const commands = createCommands({ appVersion: '0.1.0', log: store.log, records: store.records, identity: store.identity, syncState: store.syncState, key: store.key, balance, sync, wallMs: store.clock.wallMs });
  return { store, scripted, balance, commands, nowIso };
}

describe('kiosk commands', () => {
  it('accepts the stable reading on screen as a signed weighing.recorded record', async () => {
    const { store, scripted, commands, nowIso } = setup();
    scripted.emit(weight('12.345', true, nowIso()));
    const result = await commands.acceptWeight({});
    if (!result.ok) throw new Error(result.message);
    expect(result).toMatchObject({ seq: 1, weighing: { seq: 1, value: '12.345', unit: 'g', balanceId: 'BAL-01', synced: false } });
    const record = parseStored(store.records.bySeq(1)!);
    expect(record).toMatchObject({
      type: 'weighing.recorded',
      payloadSchema: 'weighing.recorded@1',
      actor: { kind: 'kiosk' },
      subject: { equipment: 'BAL-01' },
      payload: { equipmentId: 'BAL-01', value: '12.345', unit: 'g', basis: 'net', stable: true, raw: 'S S      12.345 g', readAt: nowIso() },
    });
    expect(verifyChain([record], importPublicKey(store.key.publicKey))).toEqual({ ok: true, hashes: [result.hash] });
    const state = await commands.getState({});
    expect(state.recentWeighings.map((w) => w.value)).toEqual(['12.345']);
    expect(state.sync.unsent).toBe(1);
    expect(state.weight).toMatchObject({ value: '12.345', stable: true });
    expect(state.device).toMatchObject({ balanceId: 'BAL-01', connection: 'connected', problem: null });
  });

  it('captures a fresh stable reading when the one on screen is moving, and refuses when none comes', async () => {
    const { store, scripted, commands, nowIso } = setup();
    scripted.emit(weight('3.100', false, nowIso()));
    scripted.captures.push({ ok: true, reading: weight('3.120', true, nowIso()) });
    expect(await commands.acceptWeight({})).toMatchObject({ ok: true, weighing: { value: '3.120' } });
    expect(await commands.acceptWeight({})).toEqual({ ok: false, code: 'timeout', message: 'BAL-01: no stable reading within 5000 ms' });
    expect(store.log.head().seq).toBe(1);
  });

  it('does not reuse a stable reading older than two seconds', async () => {
    const { store, scripted, commands, nowIso } = setup();
    scripted.emit(weight('7.000', true, nowIso()));
    store.clock.advance(5_000);
    scripted.captures.push({ ok: true, reading: weight('7.010', true, nowIso()) });
    expect(await commands.acceptWeight({})).toMatchObject({ ok: true, weighing: { value: '7.010' } });
  });

  it('refuses to record before enrollment and passes device refusals on with the balance named', async () => {
    const { scripted, commands, nowIso } = setup(false);
    scripted.emit(weight('1.000', true, nowIso()));
    expect(await commands.acceptWeight({})).toMatchObject({ ok: false, code: 'not-enrolled' });
    expect(await commands.tare({})).toEqual({ ok: true });
    expect(await commands.zero({})).toEqual({ ok: false, code: 'zero-out-of-range', message: 'BAL-01: zero refused: load outside the zero range' });
  });

  it('shows a missing serial port as the balance status in plain words', () => {
    const { scripted, balance, nowIso } = setup();
    scripted.emit({ kind: 'status', deviceId: 'BAL-01', at: nowIso(), state: 'connecting', message: 'opening /dev/ttyUSB0', raw: '' });
    scripted.emit({ kind: 'error', deviceId: 'BAL-01', at: nowIso(), code: 'port-not-found', message: 'Serial port /dev/ttyUSB0 does not exist', raw: '' });
    scripted.emit({ kind: 'status', deviceId: 'BAL-01', at: nowIso(), state: 'reconnecting', message: 'reconnecting to /dev/ttyUSB0 in 250 ms (attempt 1)', raw: '' });
    expect(balance.status()).toMatchObject({ connection: 'disconnected', problem: 'BAL-01: Serial port /dev/ttyUSB0 does not exist' });
    expect(balance.weight()).toBeNull();
  });
});
