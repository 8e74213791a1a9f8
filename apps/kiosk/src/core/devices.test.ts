// The station balance withdraws the last weight on every status but plain 'connected' and on every
// error (issue 8 §3): a stable reading from before an overload is never offered afterwards.
import { describe, expect, it } from 'vitest';
import { DEVICE_STATES, type BalanceDriver, type DeviceEvent, type WeightEvent } from '@lineside/device-drivers';
import type { DeviceStatusView } from '../shared/api.js';
import { openBalance } from './devices.js';

const AT = '2026-11-25T08:00:00.000Z';
const AT_MS = Date.parse(AT);

function stationBalance() {
  const listeners = new Set<(event: DeviceEvent) => void>();
  const driver: BalanceDriver = {
    deviceId: 'BAL-01',
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start: () => Promise.resolve(),
    captureStable: () => Promise.resolve({ ok: false, code: 'not-used', message: 'not used here' }),
    tare: () => Promise.resolve({ ok: true }),
    zero: () => Promise.resolve({ ok: true }),
    latest: () => undefined,
    close: () => Promise.resolve(),
  };
  const balance = openBalance({ driver: 'mt-sics', path: '/dev/fake', balanceId: 'BAL-01' }, () => driver, () => AT);
  const statuses: DeviceStatusView[] = [];
  balance.onStatus((view) => statuses.push(view));
  const send = (event: DeviceEvent) => listeners.forEach((listener) => listener(event));
  const weigh = (value: string, at = AT) => {
    const event: WeightEvent = { kind: 'weight', deviceId: 'BAL-01', at, raw: `S S ${value} g`, value: { text: value, units: value.replace('.', ''), exponent: -4 }, unit: 'g', stable: true, basis: 'net' };
    send(event);
  };
  return { balance, statuses, send, weigh };
}

const NOT_PLAIN_CONNECTED = DEVICE_STATES.filter((state) => state !== 'connected');

describe('a station balance after a status or an error', () => {
  it.each(NOT_PLAIN_CONNECTED)("withdraws the last weight on status '%s' and shows why, until a new reading", (state) => {
    const { balance, statuses, send, weigh } = stationBalance();
    weigh('12.3456');
    expect(balance.latestStable(AT_MS, 2_000)?.value.text).toBe('12.3456');
    send({ kind: 'status', deviceId: 'BAL-01', at: AT, raw: 'S +', state, message: `balance on /dev/fake is ${state}` });
    expect(balance.weight()).toBeNull();
    expect(balance.latestStable(AT_MS, 2_000)).toBeUndefined();
    // The screen is told: a device-status with the problem in plain words.
    expect(statuses.at(-1)?.problem).toBe(`BAL-01: balance on /dev/fake is ${state}`);
    weigh('12.3457');
    expect(balance.weight()).toMatchObject({ value: '12.3457' });
    expect(balance.latestStable(AT_MS, 2_000)?.value.text).toBe('12.3457');
    expect(balance.status()).toMatchObject({ connection: 'connected', problem: null });
  });

  it.each(['adjustment-needed', 'balance-error', 'syntax-error', 'no-reply', 'command-not-supported', 'port-closed'])("withdraws the last weight on error '%s' while connected", (code) => {
    const { balance, statuses, send, weigh } = stationBalance();
    weigh('12.3456');
    send({ kind: 'error', deviceId: 'BAL-01', at: AT, raw: 'S S   Error 15b', code, message: `balance on /dev/fake reports ${code}` });
    expect(balance.weight()).toBeNull();
    expect(balance.latestStable(AT_MS, 2_000)).toBeUndefined();
    expect(statuses.at(-1)?.problem).toBe(`BAL-01: balance on /dev/fake reports ${code}`);
  });

  it('keeps the weight on a plain connected status', () => {
    const { balance, send, weigh } = stationBalance();
    weigh('12.3456');
    send({ kind: 'status', deviceId: 'BAL-01', at: AT, raw: '', state: 'connected', message: 'weight in range' });
    expect(balance.latestStable(AT_MS, 2_000)?.value.text).toBe('12.3456');
  });
});
