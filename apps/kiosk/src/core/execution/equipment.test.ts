import { describe, expect, it } from 'vitest';
import { loggedInCores, typesAfter } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { createEquipment } from './equipment.js';

const { loggedIn } = loggedInCores();
async function asMaintenance() {
  const o = await loggedIn('max.maintenance', '4444');
  return { ...o, equipment: createEquipment(o.core, o.signers) };
}

const bal01 = (reading: string, unit = 'g') => ({ equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading, stable: true, unit, entry: { kind: 'instrument' as const, rawFrame: `(read from the balance) ${reading}` } });

describe('equipment checks', () => {
  it('the daily sensitivity test read from BAL-01 makes it ready on the check list and usable for a free weighing', async () => {
    const { equipment, store } = await asMaintenance();
    const due = equipment.routineChecks();
    expect(due.ok && due.items.find((i) => i.equipmentId === 'BAL-01')).toMatchObject({ status: 'due' });
    expect(equipment.checkFreeWeighing('BAL-01', { value: '10.00000', unit: 'g', stable: true })).toMatchObject({ ok: false });
    const head = store.records.head().seq;
    expect(equipment.recordRoutineTest(bal01('200.00010'))).toMatchObject({ ok: true });
    expect(typesAfter(store, head)).toEqual(['equipment.routine-test-passed']);
    const ready = equipment.routineChecks();
    expect(ready.ok && ready.items.find((i) => i.equipmentId === 'BAL-01')).toMatchObject({ status: 'ready' });
    expect(equipment.checkFreeWeighing('BAL-01', { value: '10.00000', unit: 'g', stable: true })).toMatchObject({ ok: true, actor: { userId: 'max.maintenance' } });
  });

  it('refuses a reading in another unit than the balance weighs in, naming both', async () => {
    const { equipment, store } = await asMaintenance();
    const head = store.records.head().seq;
    expect(equipment.recordRoutineTest(bal01('0.20000010', 'kg'))).toMatchObject({ ok: false, code: 'weighing-unit-mismatch', message: expect.stringContaining('BAL-01 weighs in g') });
    expect(typesAfter(store, head)).toEqual([]);
  });

  it('a typed sensitivity reading needs a second person to verify it, not the one who typed it', async () => {
    const { equipment } = await asMaintenance();
    const typed = { equipmentId: 'BAL-01', testWeightId: 'TW-200E2', reading: '200.00010', stable: true };
    expect(await equipment.recordManualRoutineTest(typed)).toMatchObject({ ok: false, code: 'manual-entry-unverified' });
    expect(await equipment.recordManualRoutineTest({ ...typed, verifier: { userId: 'max.maintenance', pin: '4444' } })).toMatchObject({ ok: false, code: 'manual-entry-unverified' });
    expect(await equipment.recordManualRoutineTest({ ...typed, verifier: { userId: 'quinn.qa', pin: '3333' } })).toMatchObject({ ok: true });
  });
});
