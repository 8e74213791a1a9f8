import { describe, expect, it } from 'vitest';
import type { KioskState } from '../shared/api.js';
import { acceptBlockedReason, type KioskView } from './store.js';

const state: KioskState = {
  appVersion: '0.1.0',
  identity: { kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', stationId: 'DISP-1', keyFingerprint: 'ab' },
  keyFingerprint: 'ab',
  weight: { balanceId: 'BAL-01', value: '12.345', unit: 'g', stable: true, basis: 'net', at: '2026-11-25T08:00:00.000Z' },
  device: { balanceId: 'BAL-01', address: 'mt-sics:/dev/ttyUSB0', connection: 'connected', problem: null, at: '2026-11-25T08:00:00.000Z' },
  sync: { phase: 'active', online: true, serverUrl: 'http://s', headSeq: 0, ackedSeq: 0, unsent: 0, lastSyncAt: null, lastError: null, nextAttemptAt: null, clockOffsetMs: null, rttMs: null },
  recentWeighings: [],
};
const view = (change: Partial<KioskState> = {}, extra: Partial<KioskView> = {}): KioskView => ({ connection: 'open', state: { ...state, ...change }, accepting: false, notice: null, ...extra });

describe('why Accept is disabled', () => {
  it('is enabled only for a stable reading from a connected balance on an enrolled kiosk', () => {
    expect(acceptBlockedReason(view())).toBeNull();
    expect(acceptBlockedReason(view({ weight: { ...state.weight!, stable: false } }))).toBe('The reading is moving: wait for STABLE');
    expect(acceptBlockedReason(view({ weight: null }))).toBe('Waiting for a reading from BAL-01');
    expect(acceptBlockedReason(view({ device: { ...state.device!, connection: 'disconnected', problem: 'BAL-01: serial port /dev/ttyUSB0 does not exist' } }))).toBe(
      'BAL-01: serial port /dev/ttyUSB0 does not exist',
    );
    // Connected but overloaded (issue 8 §3): the problem is the reason, even if a weight were still shown.
    expect(acceptBlockedReason(view({ device: { ...state.device!, problem: 'BAL-01: balance on /dev/ttyUSB0 is overloaded' } }))).toBe('BAL-01: balance on /dev/ttyUSB0 is overloaded');
    expect(acceptBlockedReason(view({ identity: null }))).toMatch(/not enrolled/);
    expect(acceptBlockedReason(view({ device: null }))).toBe('No balance is configured for this station');
    expect(acceptBlockedReason(view({}, { connection: 'closed' }))).toBe('Connecting to the kiosk core…');
    expect(acceptBlockedReason(view({}, { accepting: true }))).toBe('Recording…');
  });
});
