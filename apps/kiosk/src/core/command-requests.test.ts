import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../shared/api.js';
import { checkCommand, COMMAND_REQUESTS, readWireCall, SCHEMAS_AGREE_WITH_TYPES } from './command-requests.js';

describe('the kiosk command requests', () => {
  it('have one schema per command of the typed map, agreeing with its request type (compile time)', () => {
    expect(SCHEMAS_AGREE_WITH_TYPES).toBe(true);
    expect(Object.keys(COMMAND_REQUESTS).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('pass the requests the screens send, optional members included', () => {
    const ids = { orderId: 'ORD-0001', stepId: '3' };
    const good: Array<[string, unknown]> = [
      ['getState', {}],
      ['acceptWeight', { timeoutMs: 300 }],
      ['scanLot', { ...ids, scan: '(10)PCM-2401', manual: true, fefoOverride: { userId: 'sam.supervisor', pin: '2222', reason: 'older lot is damp' } }],
      ['scanKeys', { ...ids, keys: [{ key: 'P', at: 10.5 }, { key: 'j', at: 12, ctrlKey: true }] }],
      ['recordSensitivityTest', { equipmentId: 'BAL-03', testWeightId: 'TW-1', reading: '200.0001', stable: true, verifier: { userId: 'quinn.qa', pin: '3333' } }],
      ['openDeviation', { severity: 'low', title: 'Spill', description: 'on the bench', orderId: 'ORD-0001', stepId: '3' }],
      ['signDeviation', { deviationId: 'D-1', userId: 'quinn.qa', pin: '3333', meaning: 'approved' }],
      ['recordPhMeasurement', { ...ids, meterId: 'PH-01', reading: { ph: '7.01', mv: '-0.4', temperatureC: '25.0' }, stable: true }],
      ['rejectWeighing', { ...ids, weighingId: 'w1', reason: 'Tare mistake', disposition: 'reweigh' }],
      ['rejectWeighing', { ...ids, weighingId: 'w1', reason: 'Overfilled', disposition: 'scrap' }],
    ];
    for (const [command, request] of good) expect(checkCommand(command, request), command).toMatchObject({ ok: true, command, request });
  });

  it('refuse a wrong request with the command, the JSON path and the reason', () => {
    const refused = (message: string) => ({ ok: false, code: 'invalid-request', message });
    expect(checkCommand('acceptWeight', { timeoutMs: '300' })).toEqual(refused('acceptWeight: /timeoutMs must be a number'));
    expect(checkCommand('scanKeys', { orderId: 'O', stepId: '1', keys: [{ key: 'P', at: 1 }, { key: 'C', at: 'soon' }] })).toEqual(refused('scanKeys: /keys/1/at must be a number'));
    expect(checkCommand('releaseHold', { holdId: 'H-1', userId: 'quinn.qa', pin: '3333', reason: 'ok', second: { userId: 'sam.supervisor' } })).toEqual(refused('releaseHold: /second/pin is required'));
    expect(checkCommand('placeHold', { kind: 'batch', id: 'B-1', reason: 'x' })).toEqual(refused('placeHold: /kind must be one of lot, equipment, order'));
    expect(checkCommand('rejectWeighing', { orderId: 'O', stepId: '3', weighingId: 'w1', reason: 'x', disposition: 're-weigh' })).toEqual(refused('rejectWeighing: /disposition must be one of reweigh, scrap, rework'));
    expect(checkCommand('logout', [])).toEqual(refused('logout: the request must be an object'));
    expect(checkCommand(42, {})).toEqual({ ok: false, code: 'unknown-command', message: 'no kiosk command named 42' });
    expect(checkCommand('toString', {})).toEqual({ ok: false, code: 'unknown-command', message: 'no kiosk command named toString' });
  });

  it('read a call off the wire, a missing request being an empty one', () => {
    expect(readWireCall({ t: 'call', id: 4, command: 'tare' })).toEqual({ id: 4, command: 'tare', request: {}, key: undefined });
    expect(readWireCall({ t: 'call', id: '4', command: 'tare' })).toBeNull();
    expect(readWireCall({ t: 'event', id: 4 })).toBeNull();
    expect(readWireCall('call')).toBeNull();
  });
});
