import { describe, expect, it } from 'vitest';
import { demoPlant } from './demo-plant.js';
import { calibrationStatus } from './equipment/calibration.js';
import { findMaterial, findStation } from './master-data/master-data.js';

const md = demoPlant({ year: 2026, month: 11, day: 25 });

/** GS1 mod-10 check digit over the first 13 digits of a GTIN-14. */
function gs1CheckDigit(body: string): number {
  const sum = [...body].reverse().reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10;
}

describe('demo plant fixture (DEMO-PLANT.md)', () => {
  it('GTINs are GTIN-14 with valid check digits and unique', () => {
    for (const m of md.materials) {
      expect(m.gtin).toMatch(/^\d{14}$/);
      expect(Number(m.gtin.slice(13))).toBe(gs1CheckDigit(m.gtin.slice(0, 13)));
    }
    expect(new Set(md.materials.map((m) => m.gtin)).size).toBe(6);
  });

  it('calibration due dates are relative to today', () => {
    const due = (id: string, today: string) => calibrationStatus(md, id, today);
    expect(due('BAL-01', '2026-11-25')).toMatchObject({ status: 'in-date', daysLeft: 90 });
    expect(due('BAL-02', '2026-11-25')).toMatchObject({ status: 'due-soon', daysLeft: 5 });
    expect(due('BAL-03', '2026-11-25')).toMatchObject({ status: 'expired', daysLeft: -1 });
    expect(due('BAL-04', '2026-11-25')).toMatchObject({ status: 'in-date', daysLeft: 200 });
    const later = demoPlant({ year: 2027, month: 2, day: 28 });
    expect(calibrationStatus(later, 'BAL-02', '2027-02-28')).toMatchObject({ dueOn: '2027-03-05' });
    expect(calibrationStatus(later, 'BAL-03', '2027-02-28')).toMatchObject({ dueOn: '2027-02-27', status: 'expired' });
  });

  it('the lot traps are there: PCM-2399 expired, PCM-2401 potency 99.2 %, MCC-119 quarantine, CCS-031 on hold, MGS-210 30 days after opening', () => {
    const lot = (id: string) => md.lots.find((l) => l.id === id);
    expect(lot('PCM-2399')).toMatchObject({ expiry: '2026-10-31' });
    expect(lot('PCM-2401')).toMatchObject({ status: 'released', expiry: '2027-03-31', potencyPercent: '99.2' });
    expect(lot('PCM-2402')).toMatchObject({ status: 'released', expiry: '2027-09-30' });
    expect(lot('MCC-119')?.status).toBe('quarantine');
    expect(lot('CCS-031')).toMatchObject({ status: 'on-hold', statusReason: 'QA investigation' });
    expect(lot('MGS-210')?.periodAfterOpeningDays).toBe(30);
    expect(findMaterial(md, 'PCM')?.potency).toEqual({ basis: 'as-is', referencePercent: '100.0' });
  });

  it('recipe v3 is approved with 11 steps whose references all resolve', () => {
    const [recipe] = md.recipes;
    expect(recipe).toMatchObject({ id: 'PCM-500-GRAN', version: 3, status: 'approved', batchSize: '100000' });
    expect(recipe?.steps.map((s) => s.kind)).toEqual(['instruction', 'equipment-check', 'dispense', 'dispense', 'dispense', 'dispense', 'dispense', 'dispense', 'ph-measurement', 'sign-off', 'sign-off']);
    const ids = new Set(recipe?.steps.map((s) => s.id));
    const disp1 = findStation(md, 'DISP-1');
    for (const step of recipe?.steps ?? []) {
      for (const p of step.predecessors) expect(ids.has(p)).toBe(true);
      if (step.kind === 'dispense') {
        expect(findMaterial(md, step.materialId)).toBeDefined();
        for (const b of step.balanceIds ?? []) expect(disp1?.equipmentIds).toContain(b);
      }
    }
    expect(recipe?.steps.filter((s) => s.kind === 'dispense').map((s) => s.kind === 'dispense' && `${s.materialId} ${s.quantity} ${s.unit} ±${s.tolerance.plus}%`)).toEqual([
      'PCM 50.000 kg ±0.5%',
      'MCC 7.300 kg ±1%',
      'PVP 1.500 kg ±1%',
      'CCS 1.200 kg ±1%',
      'MGS 0.300 kg ±2%',
      'IOY 12.50 g ±0.5%',
    ]);
  });

  it('people, stations and shifts; users carry no secrets', () => {
    expect(md.users.map((u) => `${u.id}:${u.roles.join(',')}`)).toEqual(['olivia.operator:operator', 'oscar.operator:operator', 'gina.granulation:operator', 'quinn.qa:qa', 'sam.supervisor:supervisor', 'max.maintenance:maintenance', 'ada.admin:admin']);
    expect(JSON.stringify(md.users)).not.toMatch(/pin|password|hash|secret/i);
    expect(md.stations.map((s) => [s.id, s.kioskId, s.offlineGraceHours])).toEqual([
      ['DISP-1', 'K-DISP-1', 72],
      ['GRAN-1', 'K-GRAN-1', 72],
    ]);
    expect(md.shifts).toEqual([
      { id: 'early', start: '06:00', end: '14:00' },
      { id: 'late', start: '14:00', end: '22:00' },
    ]);
  });

  it('is JSON all the way down (it is replicated to kiosks as is)', () => {
    expect(JSON.parse(JSON.stringify(md))).toEqual(md);
  });
});
