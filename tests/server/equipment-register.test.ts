import { expect, it } from 'vitest';
import type { JsonValue, SignedRecord } from '@lineside/sync-protocol';
import { onEachEngine } from './support/suite.js';
import type { TestKiosk } from './support/kiosk.js';

const MAX = { kind: 'user', userId: 'max.maintenance', printedName: 'Max Maintenance' } as const;
type Register = { today: string; shift: { shiftId: string; date: string }; usability: { stationId: string; usable: boolean; code?: string; message: string }[]; calibration: { status: string }; onHold: boolean; history: { kind: string; test?: string }[]; minimumWeight?: { withSafetyFactor: string } };

function equipmentRecord(kiosk: TestKiosk, type: string, payload: Record<string, JsonValue>, at: string): SignedRecord {
  return kiosk.sign(kiosk.weighing('0', { type, payloadSchema: `${type}@1`, actor: MAX, subject: { equipment: 'BAL-01' }, payload: { at, ...payload } }));
}

onEachEngine('the equipment and calibration register decides with the kiosk rules over the synced records (issue 11)', (server) => {
  const register = async (id: string) => {
    const response = await server.as('max.maintenance', 'GET', `/api/v1/equipment/${id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Register;
  };

  it('blocks an expired instrument and warns inside the band; an operator may not read the register', async () => {
    const list = (await server.as('ada.admin', 'GET', '/api/v1/equipment')).json() as { equipment: { id: string; calibration: { status: string }; usability: { usable: boolean; code?: string }[] }[] };
    const bal03 = list.equipment.find((e) => e.id === 'BAL-03')!;
    expect(bal03.calibration.status).toBe('expired');
    expect(bal03.usability).toEqual([expect.objectContaining({ usable: false, code: 'equipment-calibration-expired' })]);
    expect(list.equipment.find((e) => e.id === 'BAL-02')!.calibration.status).toBe('due-soon');
    expect((await register('BAL-03')).minimumWeight).toEqual({ usp41: '8.000', withSafetyFactor: '16.000', unit: 'kg' });
    expect((await server.as('olivia.operator', 'GET', '/api/v1/equipment')).statusCode).toBe(403);
    expect((await server.as('ada.admin', 'GET', '/api/v1/equipment/BAL-99')).statusCode).toBe(404);
  });

  it('turns usable after a passed sensitivity test synced from a kiosk, and blocked again, with the hold reason, after a failed one', async () => {
    const before = await register('BAL-01');
    expect(before.usability.find((u) => u.stationId === 'DISP-1')).toMatchObject({ usable: false, code: 'equipment-routine-test-missing' });
    const kiosk = await server.freshKiosk();
    const at = server.clock.toISOString();
    const test = { equipmentId: 'BAL-01', test: 'balance-sensitivity', performedBy: 'max.maintenance', shift: before.shift };
    const passed = equipmentRecord(kiosk, 'equipment.routine-test-passed', { type: 'RoutineTestPassed', ...test, details: { testWeightId: 'TW-200E2', expected: '200.0000', reading: '200.0001', limit: '0.0200' } }, at);
    expect((await server.push(kiosk, kiosk.pushBody([passed]))).statusCode).toBe(200);
    const usable = await register('BAL-01');
    expect(usable.usability.find((u) => u.stationId === 'DISP-1')).toMatchObject({ usable: true, message: 'BAL-01 may be used at DISP-1 today' });
    expect(usable.history).toEqual([expect.objectContaining({ kind: 'test-passed', test: 'balance-sensitivity' })]);

    const failed = equipmentRecord(kiosk, 'equipment.routine-test-failed', { type: 'RoutineTestFailed', ...test, details: { reading: '199.9000' } }, at);
    const hold = equipmentRecord(kiosk, 'equipment.hold-placed', { type: 'HoldPlaced', holdId: 'H-BAL-01', target: { kind: 'equipment', id: 'BAL-01' }, reason: 'sensitivity test failed', source: 'automatic', placedBy: 'max.maintenance' }, at);
    expect((await server.push(kiosk, kiosk.pushBody([failed, hold]))).statusCode).toBe(200);
    const blocked = await register('BAL-01');
    expect(blocked.onHold).toBe(true);
    expect(blocked.usability.find((u) => u.stationId === 'DISP-1')).toMatchObject({ usable: false, code: 'equipment-on-hold', message: 'Balance BAL-01 is on hold: sensitivity test failed — weighing blocked until QA releases it' });
    expect(blocked.history.map((h) => h.kind)).toEqual(['hold-placed', 'test-failed', 'test-passed']);
  });
});
