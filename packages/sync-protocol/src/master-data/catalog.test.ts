import { describe, expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { checkMasterEntity, parseMasterEntity } from './catalog.js';

const md = demoPlant({ year: 2026, month: 11, day: 25 });

describe('master-data schemas', () => {
  it('accept every entity of the demo plant', () => {
    const all = [
      ['site', [md.site]],
      ['settings', [md.settings]],
      ['shift', md.shifts],
      ['material', md.materials],
      ['lot', md.lots],
      ['equipment', md.equipment],
      ['test-weight', md.testWeights],
      ['calibration', md.calibrations],
      ['station', md.stations],
      ['user', md.users],
      ['recipe', md.recipes],
      ['order', md.orders],
      ['downtime-reason', md.downtimeReasons],
    ] as const;
    for (const [entity, items] of all) for (const item of items) expect(checkMasterEntity(entity, item), `${entity} ${JSON.stringify(item).slice(0, 60)}`).toEqual([]);
  });

  it('list every bad field with its JSON path, not only the first', () => {
    const issues = checkMasterEntity('lot', { id: 'L1', materialId: 'PCM', status: 'approved', expiry: '2027-13-01', bogus: true });
    expect(issues.map((i) => i.path).sort()).toEqual(['/bogus', '/expiry', '/status']);
    expect(issues.find((i) => i.path === '/bogus')?.message).toBe('is not a field of this entity');
    expect(issues.find((i) => i.path === '/status')?.message).toMatch(/quarantine, released, rejected, on-hold/);
    expect(checkMasterEntity('recipe', { bogus: true }).map((i) => i.path)).toEqual(expect.arrayContaining(['/bogus', '/id', '/version', '/steps']));
  });

  it('judge a union by the kind it names: a balance without capacity is told about capacity only', () => {
    const { capacity: _c, ...balance } = md.equipment[0] as Extract<(typeof md.equipment)[number], { kind: 'balance' }>;
    expect(checkMasterEntity('equipment', balance)).toEqual([{ path: '/capacity', message: 'is required' }]);
    expect(checkMasterEntity('equipment', { ...balance, capacity: '0' })).toEqual([{ path: '/capacity', message: expect.stringContaining('above zero') }]);
    expect(checkMasterEntity('equipment', { kind: 'toaster', id: 'T', name: 'T' })).toEqual([{ path: '/kind', message: 'must be one of balance, ph-meter, scanner' }]);
    const recipe = md.recipes[0]!;
    const steps = recipe.steps.map((s) => (s.kind === 'dispense' && s.id === '3' ? { ...s, quantity: '50,0' } : s));
    expect(checkMasterEntity('recipe', { ...recipe, steps })).toEqual([{ path: '/steps/2/quantity', message: expect.stringContaining('decimal text above zero') }]);
  });

  it('parse a pulled user with the PIN verifier, refuse one with a password verifier', () => {
    const user = { ...md.users[0]!, pinVerifier: 'scrypt$16384$8$1$abc$def' };
    expect(parseMasterEntity('user', user, { pulled: true }).ok).toBe(true);
    expect(parseMasterEntity('user', user).ok).toBe(false);
    const leaked = parseMasterEntity('user', { ...user, passwordVerifier: 'scrypt$x' }, { pulled: true });
    expect(leaked).toEqual({ ok: false, issues: [{ path: '/passwordVerifier', message: 'is not a field of this entity' }] });
  });
});
