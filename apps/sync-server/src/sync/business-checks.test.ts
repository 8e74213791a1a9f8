import { describe, expect, it } from 'vitest';
import type { SignedRecord } from '@lineside/sync-protocol';
import { BASELINE } from '../db/master-data.js';
import { flagsFor, type CheckContext } from './business-checks.js';
import { CentralHistory, type HistoryRow } from './central-history.js';

const row = (entity: string, id: string, version: number, at: string, data: object | null): HistoryRow => ({ entity, entity_id: id, version, changed_at: at, data: data === null ? null : JSON.stringify(data) });

const baseline: HistoryRow[] = [
  row('equipment', 'BAL-01', 1, BASELINE, { id: 'BAL-01' }),
  row('calibration', 'CAL-BAL-01-1', 1, BASELINE, { equipmentId: 'BAL-01', certificateId: 'CAL-BAL-01-1', calibratedOn: '2026-01-01', dueOn: '2026-12-31' }),
  row('lot', 'L-1', 1, BASELINE, { id: 'L-1', status: 'released' }),
  row('user', 'u1', 1, BASELINE, { id: 'u1', active: true, roles: ['operator'] }),
  row('recipe', 'R@1', 1, BASELINE, { id: 'R', version: 1, status: 'approved' }),
];

function record(overrides: Partial<SignedRecord> = {}): SignedRecord {
  return {
    v: 1, id: '0190b2a0-0000-7000-8000-000000000000', kioskId: 'K-1', keyId: 'K-1#1', alg: 'Ed25519', seq: 1, prevHash: `sha256:${'0'.repeat(64)}`,
    type: 'weighing.recorded', payloadSchema: 'weighing.recorded@1', appVersion: '0.1.0',
    actor: { kind: 'user', userId: 'u1', printedName: 'U One' },
    occurredAt: '2026-11-25T10:00:00.000+00:00',
    time: { hlc: '2026-11-25T10:00:00.000Z-0000-K-1', bootId: 'b', monoMs: '1' },
    masterDataVersion: 1, subject: { equipment: 'BAL-01', lot: 'L-1' },
    payload: { equipmentId: 'BAL-01', value: '1.000', unit: 'g', basis: 'net', stable: true, raw: '', readAt: '2026-11-25T10:00:00.000Z' },
    sig: 'x',
    ...overrides,
  };
}

function context(extra: HistoryRow[] = [], receivedAt = '2026-11-25T10:01:00.000Z'): CheckContext {
  return { history: new CentralHistory([...baseline, ...extra]), receivedAt, offlineGraceHours: 72 };
}

const codes = (r: SignedRecord, c: CheckContext) => flagsFor(r, c).map((f) => f.code);

describe('flagsFor', () => {
  it('finds nothing in a record consistent with the central state', () => {
    expect(flagsFor(record(), context())).toEqual([]);
  });

  it('judges a lot hold by the time it took effect, to the millisecond, and forgets it once released', () => {
    const hold = [row('lot', 'L-1', 2, '2026-11-25T10:00:00.000Z', { id: 'L-1', status: 'on-hold' }), row('lot', 'L-1', 3, '2026-11-25T11:00:00.000Z', { id: 'L-1', status: 'released' })];
    expect(codes(record({ occurredAt: '2026-11-25T09:59:59.999+00:00' }), context(hold))).toEqual([]);
    expect(codes(record({ occurredAt: '2026-11-25T10:00:00.000+00:00' }), context(hold))).toEqual(['CONSUMED_HELD_LOT']);
    // The kiosk's offset is honoured: 11:30+01:00 is 10:30 UTC, inside the hold.
    expect(codes(record({ occurredAt: '2026-11-25T11:30:00.000+01:00' }), context(hold, '2026-11-25T12:00:00.000Z'))).toEqual(['CONSUMED_HELD_LOT']);
    expect(codes(record({ occurredAt: '2026-11-25T11:00:00.000+00:00' }), context(hold, '2026-11-25T11:01:00.000Z'))).toEqual([]);
  });

  it('reads masterRefs.recipe in both forms and ignores unapproved newer versions', () => {
    const v2 = [row('recipe', 'R@2', 2, '2026-11-25T09:00:00.000Z', { id: 'R', version: 2, status: 'approved' })];
    const draft = [row('recipe', 'R@2', 2, '2026-11-25T09:00:00.000Z', { id: 'R', version: 2, status: 'draft' })];
    expect(codes(record({ masterRefs: { recipe: 'R@1' } }), context(v2))).toEqual(['STALE_RECIPE']);
    expect(codes(record({ masterRefs: { recipe: { id: 'R', version: 1 } } }), context(v2))).toEqual(['STALE_RECIPE']);
    expect(codes(record({ masterRefs: { recipe: 'R@2' } }), context(v2))).toEqual([]);
    expect(codes(record({ masterRefs: { recipe: 'R@1' } }), context(draft))).toEqual([]);
  });

  it('flags a signer deactivated before the record, not one deactivated after', () => {
    const off = [row('user', 'u1', 2, '2026-11-25T09:00:00.000Z', { id: 'u1', active: false, roles: ['operator'] })];
    expect(flagsFor(record(), context(off))).toEqual([{ code: 'SIGNER_NOT_AUTHORIZED', message: 'User u1 signed this while deactivated centrally, since 2026-11-25T09:00:00.000Z' }]);
    expect(codes(record({ occurredAt: '2026-11-25T08:59:00.000+00:00' }), context(off))).toEqual([]);
    expect(codes(record({ actor: { kind: 'kiosk' } }), context(off))).toEqual([]);
  });

  it('flags CLOCK_SKEW beyond 5 minutes and not at exactly 5 minutes', () => {
    const at = (iso: string) => record({ occurredAt: iso });
    expect(codes(at('2026-11-25T10:06:00.000+00:00'), context([], '2026-11-25T10:01:00.000Z'))).toEqual([]);
    expect(codes(at('2026-11-25T10:06:00.001+00:00'), context([], '2026-11-25T10:01:00.000Z'))).toEqual(['CLOCK_SKEW']);
    const synced = (offsetMs: number) => record({ time: { hlc: 'h', bootId: 'b', monoMs: '1', lastSync: { serverTime: '2026-11-25T09:59:00.000Z', offsetMs, rttMs: 10 } } });
    expect(codes(synced(300_000), context())).toEqual([]);
    expect(codes(synced(-300_001), context())).toEqual(['CLOCK_SKEW']);
    expect(flagsFor(synced(-300_001), context())[0]!.message).toBe('Kiosk clock was 5 min ahead of server time at its last sync (2026-11-25T09:59:00.000Z)');
  });

  it("flags LATE_ARRIVAL past the station's grace, in whole hours, and not at exactly the grace", () => {
    expect(codes(record(), context([], '2026-11-28T10:00:00.000Z'))).toEqual([]);
    expect(flagsFor(record(), context([], '2026-11-28T10:00:00.001Z'))).toEqual([{ code: 'LATE_ARRIVAL', message: "Arrived 72 h after it was recorded, beyond the station's offline grace of 72 h" }]);
  });

  it('flags equipment missing from the register, or with no certificate, or used after its due date', () => {
    expect(codes(record({ payload: { equipmentId: 'BAL-99' }, subject: {} }), context())).toEqual(['UNKNOWN_EQUIPMENT']);
    expect(codes(record(), context([row('calibration', 'CAL-BAL-01-1', 2, '2026-11-25T09:00:00.000Z', null)]))).toEqual(['CAL_INVALID_AT_USE']);
    expect(flagsFor(record({ occurredAt: '2027-01-01T08:00:00.000+00:00' }), context([], '2027-01-01T08:01:00.000Z'))).toEqual([
      { code: 'CAL_INVALID_AT_USE', message: 'Equipment BAL-01 was used on 2027-01-01 but its calibration was due 2026-12-31' },
    ]);
  });
});
