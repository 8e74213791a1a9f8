import { expect, it } from 'vitest';
import { demoPlant } from '@lineside/domain';
import { onEachEngine } from './support/suite.js';

type Refusal = { status: string; reason: string; message: string; issues?: { path: string; message: string }[] };

const md = demoPlant({ year: 2026, month: 11, day: 25 });
const paths = (body: Refusal) => (body.issues ?? []).map((i) => i.path).sort();

onEachEngine('master data: every write keeps its entity schema and its references', (server) => {
  const put = (user: string, entity: string, id: string, data: unknown, reason = 'change control CC-1') => server.as(user, 'PUT', `/api/v1/master-data/${entity}/${id}`, { data, reason });
  const versionNow = async () => ((await server.as('ada.admin', 'GET', '/api/v1/master-data/site')).json() as { version: number }).version;

  it('refuses {"bogus":true} for every entity kind, naming the unknown field and each missing one', async () => {
    const before = await versionNow();
    const required: Record<string, string[]> = {
      site: ['/data/id', '/data/name', '/data/plant'],
      shift: ['/data/id', '/data/start', '/data/end'],
      settings: ['/data/calibrationWarningDays', '/data/signatureLockoutAttempts'],
      material: ['/data/id', '/data/name', '/data/gtin', '/data/hazard', '/data/ppe'],
      lot: ['/data/id', '/data/materialId', '/data/status', '/data/expiry'],
      'test-weight': ['/data/id', '/data/weightClass', '/data/nominal', '/data/unit'],
      calibration: ['/data/equipmentId', '/data/certificateId', '/data/calibratedOn', '/data/dueOn', '/data/provider'],
      station: ['/data/id', '/data/name', '/data/room', '/data/kioskId', '/data/equipmentIds', '/data/offlineGraceHours'],
      order: ['/data/id', '/data/recipeId', '/data/recipeVersion', '/data/stationId', '/data/batchNumber'],
      'downtime-reason': ['/data/id', '/data/name', '/data/category', '/data/active'],
    };
    for (const [entity, missing] of Object.entries(required)) {
      const response = await put(entity === 'lot' ? 'quinn.qa' : 'ada.admin', entity, 'X-1', { bogus: true });
      expect(response.statusCode, entity).toBe(400);
      const body = response.json() as Refusal;
      expect(body.reason).toBe('invalid-body');
      expect(paths(body), entity).toEqual(['/data/bogus', ...missing].sort());
      expect(body.issues?.find((i) => i.path === '/data/bogus')?.message).toBe('is not a field of this entity');
      expect(body.message).toContain(`${entity} X-1 is refused: `);
    }
    // Recipe versions are written through the workflow, with the same schema and the same list of issues.
    const recipe = await server.as('ada.admin', 'POST', '/api/v1/recipes/X-1/versions', { data: { bogus: true, status: 'approved' }, reason: 'x' });
    expect(recipe.statusCode).toBe(400);
    expect(paths(recipe.json() as Refusal)).toEqual(['/data/bogus', '/data/status']);
    const empty = await server.as('ada.admin', 'POST', '/api/v1/recipes/X-1/versions', { data: {}, reason: 'x' });
    expect(paths(empty.json() as Refusal)).toEqual(['/data/batchSize', '/data/batchUnit', '/data/name', '/data/product', '/data/steps']);
    // Equipment is judged by its kind: an object without one is told which kinds exist.
    const equipment = (await put('ada.admin', 'equipment', 'X-1', { bogus: true })).json() as Refusal;
    expect(equipment.issues).toEqual([{ path: '/data/kind', message: 'must be one of balance, ph-meter, scanner' }]);
    expect(await versionNow()).toBe(before);
  });

  it('lists each bad field with its path and reason, inside nested parts and recipe steps', async () => {
    const [bal01] = md.equipment;
    const balance = { ...bal01, capacity: '-5', unit: 'lb', sensitivityTest: { testWeightId: 'TW-200E2', tolerancePercent: '0.10', frequency: 'hourly' } };
    const eq = (await put('ada.admin', 'equipment', 'BAL-01', balance)).json() as Refusal;
    expect(paths(eq)).toEqual(['/data/capacity', '/data/sensitivityTest/frequency', '/data/unit']);
    expect(eq.issues?.find((i) => i.path === '/data/capacity')?.message).toContain('decimal text above zero');
    expect(eq.issues?.find((i) => i.path === '/data/sensitivityTest/frequency')?.message).toContain('shift, day');

    const recipe = md.recipes[0]!;
    const steps = recipe.steps.map((s, i) => (i === 2 && s.kind === 'dispense' ? { ...s, quantity: '50.0e3', tolerance: { kind: 'percent', minus: '0.5' }, shoeSize: 42 } : s));
    const draft = (data: unknown) => server.as('ada.admin', 'POST', '/api/v1/recipes/PCM-500-GRAN/versions', { data, reason: 'CC-1' });
    const content = { name: recipe.name, product: recipe.product, batchSize: recipe.batchSize, batchUnit: recipe.batchUnit };
    const r = (await draft({ ...content, steps, approvedBy: 'nobody' })).json() as Refusal;
    expect(paths(r)).toEqual(['/data/approvedBy']);
    const r2 = (await draft({ ...content, steps })).json() as Refusal;
    expect(paths(r2)).toEqual(['/data/steps/2/quantity', '/data/steps/2/shoeSize', '/data/steps/2/tolerance/plus']);

    const lot = (await put('quinn.qa', 'lot', 'MCC-118', { ...md.lots[3], expiry: '2028-02-30x', potencyPercent: '101', periodAfterOpeningDays: 0 })).json() as Refusal;
    expect(paths(lot)).toEqual(['/data/expiry', '/data/periodAfterOpeningDays', '/data/potencyPercent']);
    const shift = (await put('ada.admin', 'shift', 'night', { id: 'night', start: '22:00', end: '24:30', breaks: [{ start: '02:00' }] })).json() as Refusal;
    expect(paths(shift)).toEqual(['/data/breaks/0/end', '/data/end']);
    const settings = (await put('ada.admin', 'settings', 'plant', { ...md.settings, signatureLockoutAttempts: 0, holdReleaseSignatures: { lot: 3 } })).json() as Refusal;
    expect(paths(settings)).toEqual(['/data/holdReleaseSignatures/lot', '/data/signatureLockoutAttempts']);
    const tw = (await put('ada.admin', 'test-weight', 'TW-1', { id: 'TW-1', weightClass: 'Z9', nominal: '0', unit: 'g' })).json() as Refusal;
    expect(paths(tw)).toEqual(['/data/nominal', '/data/weightClass']);
    const station = (await put('ada.admin', 'station', 'DISP-1', { ...md.stations[0], offlineGraceHours: 1.5, equipmentIds: ['BAL-01', 'BAL-01'] })).json() as Refusal;
    expect(paths(station)).toEqual(['/data/equipmentIds', '/data/offlineGraceHours']);
    const site = (await put('ada.admin', 'site', 'lineside-pharma', { ...md.site, name: '   ', timeZone: 'not a zone' })).json() as Refusal;
    expect(paths(site)).toEqual(['/data/name', '/data/timeZone']);
    const reason = (await put('ada.admin', 'downtime-reason', 'DT-X', { id: 'DT-X', name: 'Jam', category: 'sometimes', active: 'yes' })).json() as Refusal;
    expect(paths(reason)).toEqual(['/data/active', '/data/category']);
    const material = (await put('ada.admin', 'material', 'PCM', { ...md.materials[0], gtin: '9501101540019', potency: { basis: 'dry', referencePercent: '100.0' } })).json() as Refusal;
    expect(paths(material)).toEqual(['/data/gtin', '/data/potency/basis']);
    const order = (await put('ada.admin', 'order', 'ORD-0002', { id: 'ORD-0002', recipeId: 'PCM-500-GRAN', recipeVersion: '3', stationId: 'DISP-1', batchNumber: '' })).json() as Refusal;
    expect(paths(order)).toEqual(['/data/batchNumber', '/data/recipeVersion']);
    const cal = (await put('max.maintenance', 'calibration', 'CAL-X', { equipmentId: 'BAL-01', certificateId: 'CAL-X', calibratedOn: '2026-11-01', dueOn: 'next year', provider: 'Lab' })).json() as Refusal;
    expect(paths(cal)).toEqual(['/data/dueOn']);
  });

  it('checks references: a lot of an unknown material, a recipe of unknown materials and instruments, an order of an unapproved version', async () => {
    const lot = await put('quinn.qa', 'lot', 'XYZ-1', { id: 'XYZ-1', materialId: 'XYZ', status: 'quarantine', expiry: '2028-01-31' });
    expect(lot.statusCode).toBe(400);
    expect((lot.json() as Refusal).issues).toEqual([{ path: '/data/materialId', message: 'material XYZ is not in the master data' }]);

    const recipe = md.recipes[0]!;
    const steps = recipe.steps.map((s) => (s.id === '5' && s.kind === 'dispense' ? { ...s, materialId: 'UNOBTAINIUM', balanceIds: ['PH-01', 'BAL-99'], predecessors: ['2', '42'] } : s));
    const content = { name: recipe.name, product: recipe.product, batchSize: recipe.batchSize, batchUnit: recipe.batchUnit };
    const draft = (data: unknown) => server.as('ada.admin', 'POST', '/api/v1/recipes/PCM-500-GRAN/versions', { data, reason: 'CC-2' });
    const r = (await draft({ ...content, steps })).json() as Refusal;
    expect(r.issues).toEqual([
      { path: '/data/steps/4/predecessors/1', message: 'step 42 is not a step of this recipe' },
      { path: '/data/steps/4/materialId', message: 'material UNOBTAINIUM is not in the master data' },
      { path: '/data/steps/4/balanceIds/0', message: 'PH-01 is a ph-meter, not a balance' },
      { path: '/data/steps/4/balanceIds/1', message: 'balance BAL-99 is not in the master data' },
    ]);
    const cyclic = recipe.steps.map((s) => (s.id === '1' ? { ...s, predecessors: ['11'] } : s));
    const c = (await draft({ ...content, steps: cyclic })).json() as Refusal;
    expect(c.issues?.[0]).toMatchObject({ path: '/data/steps', message: expect.stringContaining('cycle') });
    // A charge step (issue 13) charges dispense steps of the recipe at a station that exists.
    const charging = [...recipe.steps, { kind: 'charge', id: '12', title: 'Charge', predecessors: ['3'], chargesSteps: ['1', '3', '77'], stationId: 'GRAN-9' }];
    expect(((await draft({ ...content, steps: charging })).json() as Refusal).issues).toEqual([
      { path: '/data/steps/11/chargesSteps/0', message: 'step 1 (instruction) is not a dispense step: only dispensed containers are charged' },
      { path: '/data/steps/11/chargesSteps/2', message: 'step 77 is not a step of this recipe' },
      { path: '/data/steps/11/stationId', message: 'station GRAN-9 is not in the master data' },
    ]);

    expect((await draft({ ...content, steps: recipe.steps })).statusCode).toBe(201);
    const order = await put('sam.supervisor', 'order', 'ORD-0009', { id: 'ORD-0009', recipeId: 'PCM-500-GRAN', recipeVersion: 4, stationId: 'DISP-1', batchNumber: 'B-9' });
    expect(order.statusCode).toBe(400);
    expect((order.json() as Refusal).issues).toEqual([{ path: '/data/recipeVersion', message: expect.stringContaining('is draft, not approved') }]);
    const nowhere = await put('sam.supervisor', 'order', 'ORD-0010', { id: 'ORD-0010', recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: 'MOON-1', batchNumber: 'B-10' });
    expect((nowhere.json() as Refusal).issues).toEqual([{ path: '/data/stationId', message: 'station MOON-1 is not in the master data' }]);
    const cal = await put('max.maintenance', 'calibration', 'CAL-Z', { equipmentId: 'BAL-77', certificateId: 'CAL-Z', calibratedOn: '2026-11-01', dueOn: '2026-10-01', provider: 'Lab' });
    expect(paths(cal.json() as Refusal)).toEqual(['/data/dueOn', '/data/equipmentId']);
    const mismatch = await put('ada.admin', 'material', 'MCC', md.materials[0]);
    expect((mismatch.json() as Refusal).issues).toEqual([{ path: '/data/id', message: 'is "PCM" but the URL names "MCC"' }]);
  });

  it("refuses a lot status change through the generic PUT (QA's e-signature is needed), and keeps its other fields editable", async () => {
    const pvp = md.lots.find((l) => l.id === 'PVP-077')!;
    for (const who of ['ada.admin', 'quinn.qa']) {
      const bare = await put(who, 'lot', 'PVP-077', { ...pvp, status: 'on-hold', statusReason: 'recall' });
      expect(bare.statusCode).toBe(403);
      expect((bare.json() as Refusal).issues).toEqual([{ path: '/data/status', message: "lot PVP-077 is released: its status changes (→ on-hold) only through POST /api/v1/master-data/lot/PVP-077/status with a reason and QA's e-signature" }]);
    }
    // The admin may still correct other fields of the lot.
    expect((await put('ada.admin', 'lot', 'PVP-077', { ...pvp, retestDate: '2027-01-31' })).statusCode).toBe(200);
    const newReleased = await put('quinn.qa', 'lot', 'PVP-078', { id: 'PVP-078', materialId: 'PVP', status: 'released', expiry: '2028-01-31' });
    expect(newReleased.statusCode).toBe(403);
    expect(newReleased.json().message).toContain('a new lot starts in quarantine');
    expect((await put('ada.admin', 'lot', 'PVP-078', { id: 'PVP-078', materialId: 'PVP', status: 'quarantine', expiry: '2028-01-31' })).statusCode).toBe(200);
  });

  it('refuses to remove a material that lots and recipes still use', async () => {
    const response = await server.as('ada.admin', 'DELETE', '/api/v1/master-data/material/PCM', { reason: 'obsolete' });
    expect(response.statusCode).toBe(409);
    expect(response.json().message).toMatch(/still referred to by lot PCM-2399, lot PCM-2401, lot PCM-2402, recipe PCM-500-GRAN version 3, recipe PCM-500-GRAN version 4/);
    expect((await server.as('ada.admin', 'GET', '/api/v1/master-data/material')).json().items.some((m: { id: string }) => m.id === 'PCM')).toBe(true);
  });

  it('refuses user entities through master data: users carry credentials', async () => {
    const response = await put('ada.admin', 'user', 'eve', { id: 'eve', printedName: 'Eve', roles: ['admin'], active: true });
    expect(response.statusCode).toBe(403);
    expect(response.json().message).toContain('/api/v1/users');
  });
});
