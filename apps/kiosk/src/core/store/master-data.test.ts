import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import type { PullResponse } from '@lineside/sync-protocol';
import { openDatabase } from './db.js';
import { masterDataTable } from './master-data.js';
import { identityTable } from './identity.js';
import { createKioskMasterData } from '../sync/master-data.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function open() {
  const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-md-'));
  dirs.push(dir);
  const db = openDatabase(path.join(dir, 'kiosk.sqlite'));
  return { db, table: masterDataTable(db), identity: identityTable(db) };
}

// The apply path stores what it is given; signatures are checked before (pull-check.test.ts).
const page = (from: number, to: number, changes: PullResponse['changes'], complete = true): PullResponse => ({ from, to, complete, changes, serverTime: '2026-11-25T10:00:00.000Z', serverKeyId: 'server#1', sig: 'c2ln' });

const demo = demoPlant({ year: 2026, month: 11, day: 25 });
const balance = (id: string) => ({ ...demo.equipment[0]!, id }) as unknown as Record<string, string>;

const base: PullResponse['changes'] = [
  { entity: 'site', id: 'SITE-1', version: 1, op: 'put', data: { id: 'SITE-1', name: 'Demo', plant: 'P1' } },
  { entity: 'settings', id: 'plant', version: 1, op: 'put', data: { calibrationWarningDays: 7, signatureLockoutAttempts: 3 } },
  { entity: 'station', id: 'DISP-1', version: 1, op: 'put', data: { id: 'DISP-1', name: 'Booth', room: 'R', kioskId: 'K-DISP-1', equipmentIds: ['BAL-01'], offlineGraceHours: 72 } },
  { entity: 'equipment', id: 'BAL-01', version: 1, op: 'put', data: balance('BAL-01') },
  { entity: 'user', id: 'olga', version: 1, op: 'put', data: { id: 'olga', printedName: 'Olga', roles: ['operator'], active: true, pinVerifier: 'scrypt$pin' } },
];

describe('kiosk master-data cache', () => {
  it('is empty with no snapshot before the first pull, and no offline grace to be within', () => {
    const { db, table, identity } = open();
    expect(table.snapshot()).toBeNull();
    expect(table.cursor()).toEqual({ version: 0, lastRefreshAt: null });
    const md = createKioskMasterData(table, identity);
    expect(md.graceExpiresAt()).toBeNull();
    expect(md.graceExpired(Date.UTC(2026, 10, 25))).toBe(true);
    db.close();
  });

  it('applies pages with the cursor in one step and builds the domain snapshot without user secrets', () => {
    const { db, table } = open();
    table.apply([page(0, 1, base, false), page(1, 2, [{ entity: 'equipment', id: 'BAL-02', version: 2, op: 'put', data: balance('BAL-02') }])], '2026-11-25T10:00:01.000Z');
    expect(table.cursor()).toEqual({ version: 2, lastRefreshAt: '2026-11-25T10:00:01.000Z' });
    const snapshot = table.snapshot();
    expect(snapshot).toMatchObject({ version: 2, site: { id: 'SITE-1' }, settings: { signatureLockoutAttempts: 3 }, stations: [{ id: 'DISP-1', offlineGraceHours: 72 }] });
    expect(snapshot?.equipment.map((e) => e.id)).toEqual(['BAL-01', 'BAL-02']);
    expect(snapshot?.users).toEqual([{ id: 'olga', printedName: 'Olga', roles: ['operator'], active: true }]);
    expect(table.verifiers('olga')).toEqual({ passwordVerifier: null, pinVerifier: 'scrypt$pin', pinMustChange: false, version: 1 });
    expect(table.verifiers('nobody')).toBeNull();
    expect(table.pageCount()).toBe(2);
    db.close();
  });

  it('removes an entity on a remove change and keeps the newest version of a put', () => {
    const { db, table } = open();
    table.apply([page(0, 1, base)], '2026-11-25T10:00:01.000Z');
    const first = table.snapshot();
    // Built once per applied version: the status line and every decider read the same object.
    expect(table.snapshot()).toBe(first);
    table.apply([page(1, 3, [
      { entity: 'equipment', id: 'BAL-01', version: 2, op: 'remove', data: null },
      { entity: 'station', id: 'DISP-1', version: 3, op: 'put', data: { id: 'DISP-1', name: 'Booth', room: 'R', kioskId: 'K-DISP-1', equipmentIds: [], offlineGraceHours: 8 } },
    ])], '2026-11-25T11:00:00.000Z');
    const snapshot = table.snapshot();
    expect(snapshot).not.toBe(first);
    expect(first?.equipment.map((e) => e.id)).toEqual(['BAL-01']);
    expect(snapshot?.equipment).toEqual([]);
    expect(snapshot?.stations[0]?.offlineGraceHours).toBe(8);
    db.close();
  });

  it('applies nothing, not even the cursor, when a change in the run fails', () => {
    const { db, table } = open();
    table.apply([page(0, 1, base)], '2026-11-25T10:00:01.000Z');
    const broken = page(1, 2, [{ entity: 'equipment', id: 'BAL-09', version: 2, op: 'put', data: balance('BAL-09') }]);
    // A row that violates the table (version < 1) makes the transaction throw part way through.
    const bad = page(2, 3, [{ entity: 'equipment', id: 'BAL-10', version: 0, op: 'put', data: balance('BAL-10') }]);
    expect(() => table.apply([broken, bad], '2026-11-25T12:00:00.000Z')).toThrow(/CHECK constraint failed/);
    expect(table.cursor()).toEqual({ version: 1, lastRefreshAt: '2026-11-25T10:00:01.000Z' });
    expect(table.snapshot()?.equipment.map((e) => e.id)).toEqual(['BAL-01']);
    db.close();
  });

  it('computes the offline grace from the station of this kiosk and the last refresh', () => {
    const { db, table, identity } = open();
    identity.save({ kioskId: 'K-DISP-1', keyId: 'K-DISP-1#1', stationId: 'DISP-1', status: 'active', publicKey: 'x', serverUrl: 'http://s', enrolledAt: '2026-11-25T08:00:00.000Z' });
    table.apply([page(0, 1, base)], '2026-11-25T10:00:00.000Z');
    const md = createKioskMasterData(table, identity);
    expect(md.version()).toBe(1);
    expect(md.graceExpiresAt()).toBe('2026-11-28T10:00:00.000Z');
    expect(md.graceExpired(Date.parse('2026-11-28T10:00:00.000Z'))).toBe(false);
    expect(md.graceExpired(Date.parse('2026-11-28T10:00:00.001Z'))).toBe(true);
    db.close();
  });

  it('refuses a pulled entity that breaks its schema: left out of the snapshot and listed, the rest of the pull applies', () => {
    const { db, table } = open();
    table.apply([page(0, 1, base)], '2026-11-25T10:00:01.000Z');
    expect(table.refused()).toEqual([]);
    const lot = { id: 'L-1', materialId: 'PCM', status: 'released', expiry: '2027-01-31' };
    table.apply([page(1, 2, [
      // A garbage calibration and a lot status the kiosk does not know: neither is cast into the snapshot.
      { entity: 'calibration', id: 'CAL-X', version: 2, op: 'put', data: { equipmentId: 'BAL-01', certificateId: 'CAL-X', calibratedOn: '2026-01-01', dueOn: 'whenever', provider: 'x' } },
      { entity: 'lot', id: 'L-2', version: 2, op: 'put', data: { ...lot, id: 'L-2', status: 'approved-ish' } },
      { entity: 'lot', id: 'L-1', version: 2, op: 'put', data: lot },
      { entity: 'equipment', id: 'BAL-01', version: 2, op: 'put', data: { id: 'BAL-01', kind: 'balance' } },
    ])], '2026-11-25T11:00:00.000Z');
    expect(table.cursor().version).toBe(2);
    const snapshot = table.snapshot();
    expect(snapshot?.lots).toEqual([lot]);
    expect(snapshot?.calibrations).toEqual([]);
    // The malformed BAL-01 replaced the good one: the balance is unknown (blocked), never half-read.
    expect(snapshot?.equipment).toEqual([]);
    expect(table.refused().map((r) => `${r.entity}/${r.id}@${r.version}`)).toEqual(['calibration/CAL-X@2', 'equipment/BAL-01@2', 'lot/L-2@2']);
    expect(table.refused().find((r) => r.id === 'L-2')?.problems).toEqual([expect.stringMatching(/^\/status must be equal to one of/)]);
    expect(table.refused().find((r) => r.id === 'BAL-01')?.problems).toEqual(expect.arrayContaining(['/capacity is required', '/model is required']));
    // A broken site leaves no snapshot at all: the kiosk starts nothing rather than guess the plant.
    table.apply([page(2, 3, [{ entity: 'site', id: 'SITE-1', version: 3, op: 'put', data: { id: 'SITE-1', name: 'Demo' } }])], '2026-11-25T12:00:00.000Z');
    expect(table.snapshot()).toBeNull();
    db.close();
  });
});
