import { describe, expect, it } from 'vitest';
import { demoPlant } from '../demo-plant.js';
import type { Lot } from '../master-data/material.js';
import { floor, TODAY } from '../testing/floor.js';
import { firstExpiryCandidate, lotUsability } from './usability.js';

const master = demoPlant(TODAY);
const withLot = (lot: Lot) => floor({ master: { ...master, lots: [...master.lots.filter((l) => l.id !== lot.id), lot] } });
const base: Lot = { id: 'PVP-078', materialId: 'PVP', status: 'released', expiry: '2027-06-30' };

describe('lot usability', () => {
  it.each([
    ['released, in date', base, undefined, undefined],
    ['rejected', { ...base, status: 'rejected' }, 'lot-rejected', 'Lot PVP-078 of Povidone K30 is rejected — it cannot be dispensed'],
    ['quarantine', { ...base, status: 'quarantine' }, 'lot-quarantine', undefined],
    ['expiring today (last day of use)', { ...base, expiry: '2026-11-25' }, undefined, undefined],
    ['expired yesterday', { ...base, expiry: '2026-11-24' }, 'lot-expired', 'Lot PVP-078 of Povidone K30 expired on 2026-11-24 — it cannot be dispensed'],
    ['past its retest date', { ...base, retestDate: '2026-11-01' }, 'lot-past-retest', 'Lot PVP-078 of Povidone K30 passed its retest date 2026-11-01 — it cannot be dispensed until retested'],
    ['opened 30 days ago, 30-day period (last day)', { ...base, openedOn: '2026-10-26', periodAfterOpeningDays: 30 }, undefined, undefined],
    ['opened 31 days ago, 30-day period', { ...base, openedOn: '2026-10-25', periodAfterOpeningDays: 30 }, 'lot-past-opening-period', 'Lot PVP-078 of Povidone K30 was opened on 2026-10-25; its 30-day period after opening ended on 2026-11-24 — it cannot be dispensed'],
  ] as const)('%s', (_name, lot, code, message) => {
    const r = lotUsability(lot.id, 'PVP', withLot(lot as Lot));
    if (code === undefined) expect(r.ok).toBe(true);
    else expect(r).toMatchObject({ ok: false, code, ...(message ? { message } : {}) });
  });

  it('a hold placed on the kiosk blocks a released lot, naming the reason', () => {
    const ctx = floor({ activeHolds: [{ holdId: 'H-9', target: { kind: 'lot', id: 'PVP-077' }, reason: 'label damaged' }] });
    expect(lotUsability('PVP-077', 'PVP', ctx)).toMatchObject({ ok: false, code: 'lot-on-hold', message: 'Lot PVP-077 of Povidone K30 is on hold (label damaged) — it cannot be dispensed' });
  });

  it('checks the scanned label against the master data (GTIN, expiry)', () => {
    expect(lotUsability('PVP-077', 'PVP', floor(), { gtin: '09501101540033', expiry: '2027-06-30' }).ok).toBe(true);
    expect(lotUsability('PVP-077', 'PVP', floor(), { expiry: '2027-07-30' })).toMatchObject({ code: 'lot-label-mismatch', message: 'The label of lot PVP-077 says expiry 2027-07-30, the master data says 2027-06-30 — ask QA' });
    expect(lotUsability('XYZ-1', 'PVP', floor())).toMatchObject({ code: 'lot-unknown' });
  });

  it('FEFO ignores lots that are themselves unusable (expired PCM-2399) and picks the earliest usable one', () => {
    const ctx = floor();
    const lot = (id: string) => master.lots.find((l) => l.id === id) as Lot;
    expect(firstExpiryCandidate(lot('PCM-2402'), ctx)?.id).toBe('PCM-2401');
    expect(firstExpiryCandidate(lot('PCM-2401'), ctx)).toBeUndefined();
    // PCM-2401 on hold: PCM-2402 is then first-expiry
    const held = floor({ activeHolds: [{ holdId: 'H', target: { kind: 'lot', id: 'PCM-2401' }, reason: 'investigation' }] });
    expect(firstExpiryCandidate(lot('PCM-2402'), held)).toBeUndefined();
  });
});
