import { describe, expect, it } from 'vitest';
import { loggedInCores, typesAfter } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { createHolds } from './holds.js';

const { loggedIn } = loggedInCores();
async function asUser(badgeOrUserId: string, pin: string) {
  const o = await loggedIn(badgeOrUserId, pin);
  return { ...o, holds: createHolds(o.core, o.signers) };
}

describe('holds', () => {
  it('lists the lots on hold in the master data (CCS-031, QA investigation), which are released centrally, apart from the kiosk\'s own holds', async () => {
    const { holds } = await asUser('olivia.operator', '1111');
    expect(holds.listMasterHolds()).toEqual([{ kind: 'lot', target: 'Lot CCS-031', reason: 'QA investigation' }]);
    expect(holds.listHolds()).toEqual([]);
  });

  it('QA holds a lot with a reason; the hold is in force (also after a restart) until QA and a second person release it with their PINs', async () => {
    const { holds, store, core, reopen, signers } = await asUser('quinn.qa', '3333');
    expect(holds.placeHold({ kind: 'lot', id: 'NOPE-9', reason: 'x' })).toMatchObject({ ok: false, code: 'hold-target-unknown', message: 'Lot NOPE-9 is not in the master data' });
    const placed = holds.placeHold({ kind: 'lot', id: ' PCM-2401 ', reason: 'supplier recall' });
    if (!placed.ok) throw new Error(placed.message);
    expect(holds.listHolds()).toEqual([{ holdId: placed.holdId, kind: 'lot', target: 'Lot PCM-2401', reason: 'supplier recall', signaturesRequired: 2 }]);
    const ctx = core.context();
    expect(ctx.ok && ctx.ctx.activeHolds).toEqual([{ holdId: placed.holdId, target: { kind: 'lot', id: 'PCM-2401' }, reason: 'supplier recall' }]);
    expect(createHolds(reopen(), signers).listHolds()).toHaveLength(1);

    const head = store.records.head().seq;
    expect(await holds.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '0000', reason: 'recall withdrawn' })).toMatchObject({ ok: false, code: 'pin-wrong' });
    // A lot's release takes two people at the demo plant.
    expect(await holds.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'recall withdrawn' })).toMatchObject({ ok: false, code: 'signature-missing' });
    expect(await holds.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'recall withdrawn', second: { userId: 'sam.supervisor', pin: '5555' } })).toMatchObject({ ok: true });
    expect(typesAfter(store, head)).toEqual(['signer.signature-failed', 'hold.hold-released']);
    expect(holds.listHolds()).toEqual([]);
    expect(await holds.releaseHold({ holdId: placed.holdId, userId: 'quinn.qa', pin: '3333', reason: 'again' })).toMatchObject({ ok: false, code: 'hold-not-active' });
  });

  it('an operator may not place a hold', async () => {
    const { holds } = await asUser('olivia.operator', '1111');
    expect(holds.placeHold({ kind: 'equipment', id: 'BAL-01', reason: 'dropped' })).toMatchObject({ ok: false, code: 'hold-not-permitted' });
    expect(holds.listHolds()).toEqual([]);
  });
});
