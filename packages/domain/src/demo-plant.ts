import type { MasterData } from './master-data/master-data.js';
import type { Recipe, RecipeStep } from './master-data/recipe.js';
import type { CalendarDay } from './time/calendar.js';
import { addDays, formatIsoDate } from './time/calendar.js';

const onePercent = { kind: 'percent', minus: '1', plus: '1' } as const;
const dispense = (id: string, title: string, materialId: string, quantity: string, unit: 'kg' | 'g', tolerancePercent: string, balanceIds: readonly string[], predecessors: readonly string[], extra: Partial<Extract<RecipeStep, { kind: 'dispense' }>> = {}): RecipeStep => ({
  kind: 'dispense',
  id,
  title,
  predecessors,
  materialId,
  quantity,
  unit,
  tolerance: tolerancePercent === '1' ? onePercent : { kind: 'percent', minus: tolerancePercent, plus: tolerancePercent },
  method: 'direct',
  maxContainers: 1,
  maxLots: 1,
  balanceIds,
  ...extra,
});

/** Recipe v3 of DEMO-PLANT.md: Paracetamol 500 mg tablets, granulation dispense, 11 steps. */
function paracetamolRecipe(): Recipe {
  return {
    id: 'PCM-500-GRAN',
    version: 3,
    status: 'approved',
    name: 'Paracetamol 500 mg tablets, granulation dispense',
    product: 'Paracetamol 500 mg tablets',
    batchSize: '100000',
    batchUnit: 'tablets',
    approvedBy: 'quinn.qa',
    steps: [
      { kind: 'instruction', id: '1', title: 'Line clearance of booth DISP-1', predecessors: [], text: 'Remove all materials, labels and documents of the previous batch; check the booth is clean.', signOff: { meaning: 'performed', signatures: 1, signer: { kind: 'performer' } } },
      { kind: 'equipment-check', id: '2', title: 'Balance checks: BAL-01 and BAL-02 sensitivity test this shift', predecessors: ['1'], equipmentIds: ['BAL-01', 'BAL-02'] },
      dispense('3', 'Dispense Paracetamol', 'PCM', '50.000', 'kg', '0.5', ['BAL-03', 'BAL-04'], ['2'], { maxContainers: 2, potencyAdjusted: true }),
      // DEMO-PLANT.md says BAL-04, but 6.897 kg is below BAL-04's USP <41> minimum (16 kg): BAL-02 in two containers fits
      dispense('4', 'Dispense Microcrystalline cellulose', 'MCC', '7.300', 'kg', '1', ['BAL-04', 'BAL-02'], ['3'], { compensatesStep: '3', maxContainers: 2 }),
      dispense('5', 'Dispense Povidone K30', 'PVP', '1.500', 'kg', '1', ['BAL-02'], ['2']),
      dispense('6', 'Dispense Croscarmellose sodium', 'CCS', '1.200', 'kg', '1', ['BAL-02'], ['2']),
      dispense('7', 'Dispense Magnesium stearate', 'MGS', '0.300', 'kg', '2', ['BAL-02'], ['2']),
      dispense('8', 'Dispense Iron oxide yellow', 'IOY', '12.50', 'g', '0.5', ['BAL-01'], ['2']),
      { kind: 'ph-measurement', id: '9', title: 'Prepare granulation fluid: measure pH', predecessors: ['2'], low: '5.0', high: '7.0', stableRequired: true, meterIds: ['PH-01'] },
      {
        kind: 'sign-off',
        id: '10',
        title: 'Verify dispensed containers (second person)',
        predecessors: ['3', '4', '5', '6', '7', '8', '9'],
        signOff: { meaning: 'verified', signatures: 1, signer: { kind: 'not-performer' } },
        verifiesSteps: ['3', '4', '5', '6', '7', '8'],
      },
      { kind: 'sign-off', id: '11', title: 'Order complete: supervisor review', predecessors: ['10'], signOff: { meaning: 'reviewed', signatures: 1, signer: { kind: 'role', roles: ['supervisor'] } } },
    ],
  };
}

/**
 * Issue 13's charging at the line: Paracetamol dispensed in the booth (DISP-1, labelled containers), then
 * charged into the granulator at GRAN-1 by scanning each container's label. A recipe of its own, so the
 * 11 steps of PCM-500-GRAN v3 stay as DEMO-PLANT.md lists them.
 */
export function chargingRecipe(): Recipe {
  const base = paracetamolRecipe();
  const paracetamol = base.steps.find((s) => s.id === '3')!;
  return {
    ...base,
    id: 'PCM-500-LINE',
    version: 1,
    name: 'Paracetamol 500 mg tablets, dispense and charge at the granulator',
    steps: [
      { ...paracetamol, id: '1', predecessors: [] },
      { kind: 'charge', id: '2', title: 'Charge the Paracetamol containers into the granulator', predecessors: ['1'], chargesSteps: ['1'], stationId: 'GRAN-1' },
    ],
  };
}

/**
 * The full master data of DEMO-PLANT.md. Calibration due dates are relative to `today`
 * (BAL-02 due in 5 days, BAL-03 expired yesterday …); lot dates are the document's own.
 * Users carry no secrets: demo PINs are the start script's business.
 */
export function demoPlant(today: CalendarDay): MasterData {
  const day = formatIsoDate(today);
  const cert = (equipmentId: string, dueInDays: number, n: number) => ({
    equipmentId,
    certificateId: `CAL-${equipmentId}-${n}`,
    calibratedOn: addDays(day, dueInDays - 365),
    dueOn: addDays(day, dueInDays),
    provider: 'Lineside Metrology Services',
  });
  return {
    version: 1,
    site: { id: 'lineside-pharma', name: 'Lineside Pharma', plant: 'P1', gs1CompanyPrefix: '9501101' },
    shifts: [
      { id: 'early', start: '06:00', end: '14:00' },
      { id: 'late', start: '14:00', end: '22:00' },
    ],
    settings: { calibrationWarningDays: 7, signatureLockoutAttempts: 3, holdReleaseSignatures: { lot: 2, order: 2, equipment: 1 } },
    materials: [
      { id: 'PCM', name: 'Paracetamol', gtin: '09501101540019', hazard: 'Harmful if swallowed (H302).', ppe: 'Gloves, coverall, FFP3 mask, goggles.', potency: { basis: 'as-is', referencePercent: '100.0' }, plannedRunMinutesPerKg: 0.2 },
      { id: 'MCC', name: 'Microcrystalline cellulose PH-101', gtin: '09501101540026', hazard: 'Combustible dust.', ppe: 'Gloves, coverall, FFP2 mask.', plannedRunMinutesPerKg: 0.5 },
      { id: 'PVP', name: 'Povidone K30', gtin: '09501101540033', hazard: 'Not classified.', ppe: 'Gloves, coverall, FFP2 mask.', plannedRunMinutesPerKg: 2 },
      { id: 'CCS', name: 'Croscarmellose sodium', gtin: '09501101540040', hazard: 'Not classified.', ppe: 'Gloves, coverall, FFP2 mask.', plannedRunMinutesPerKg: 2 },
      { id: 'MGS', name: 'Magnesium stearate', gtin: '09501101540057', hazard: 'Combustible dust.', ppe: 'Gloves, coverall, FFP2 mask.', plannedRunMinutesPerKg: 10 },
      { id: 'IOY', name: 'Iron oxide yellow', gtin: '09501101540064', hazard: 'Not classified; stains.', ppe: 'Gloves, coverall, FFP2 mask, goggles.', plannedRunMinutesPerKg: 40 },
    ],
    lots: [
      { id: 'PCM-2401', materialId: 'PCM', status: 'released', expiry: '2027-03-31', potencyPercent: '99.2' },
      { id: 'PCM-2402', materialId: 'PCM', status: 'released', expiry: '2027-09-30', potencyPercent: '99.8' },
      { id: 'PCM-2399', materialId: 'PCM', status: 'released', expiry: '2026-10-31', potencyPercent: '99.5' },
      { id: 'MCC-118', materialId: 'MCC', status: 'released', expiry: '2028-01-31' },
      { id: 'MCC-119', materialId: 'MCC', status: 'quarantine', expiry: '2028-06-30', statusReason: 'awaiting QC release' },
      { id: 'PVP-077', materialId: 'PVP', status: 'released', expiry: '2027-06-30' },
      { id: 'CCS-031', materialId: 'CCS', status: 'on-hold', expiry: '2027-08-31', statusReason: 'QA investigation' },
      { id: 'CCS-032', materialId: 'CCS', status: 'released', expiry: '2027-12-31' },
      { id: 'MGS-210', materialId: 'MGS', status: 'released', expiry: '2027-05-31', periodAfterOpeningDays: 30 },
      { id: 'IOY-009', materialId: 'IOY', status: 'released', expiry: '2029-01-31' },
    ],
    equipment: [
      { kind: 'balance', id: 'BAL-01', name: 'Analytical balance', model: 'Mettler Toledo XS205DU class', interface: 'MT-SICS, 9600 8N1', unit: 'g', capacity: '220', readability: '0.00001', repeatabilitySd: '0.00002', safetyFactor: '2', sensitivityTest: { testWeightId: 'TW-200E2', tolerancePercent: '0.10', frequency: 'day' } },
      { kind: 'balance', id: 'BAL-02', name: 'Precision balance', model: 'Sartorius Cubis class', interface: 'SBI, 9600 8O1', unit: 'g', capacity: '6200', readability: '0.01', repeatabilitySd: '0.008', safetyFactor: '2', sensitivityTest: { testWeightId: 'TW-5KF1', tolerancePercent: '0.10', frequency: 'day' } },
      { kind: 'balance', id: 'BAL-03', name: 'Floor scale', model: 'A&D class', interface: 'A&D standard format', unit: 'kg', capacity: '150', readability: '0.005', repeatabilitySd: '0.004', safetyFactor: '2', sensitivityTest: { testWeightId: 'TW-20KM1', tolerancePercent: '0.10', frequency: 'day' } },
      { kind: 'balance', id: 'BAL-04', name: 'Floor scale', model: 'A&D class', interface: 'A&D standard format', unit: 'kg', capacity: '150', readability: '0.005', repeatabilitySd: '0.004', safetyFactor: '2', sensitivityTest: { testWeightId: 'TW-20KM1', tolerancePercent: '0.10', frequency: 'day' } },
      { kind: 'ph-meter', id: 'PH-01', name: 'pH meter', model: 'Thermo Orion Star A211 class', interface: 'GETMEAS', readability: '0.01', bufferCalibration: { buffers: ['4.01', '7.00', '10.01'], slopeMinPercent: '95', slopeMaxPercent: '105', offsetLimitMv: '30', frequency: 'shift' } },
      { kind: 'scanner', id: 'SCN-01', name: 'Handheld 2D scanner', interface: 'serial, AIM prefix on, CR suffix' },
      { kind: 'scanner', id: 'SCN-02', name: 'Presentation scanner', interface: 'USB HID POS' },
    ],
    testWeights: [
      { id: 'TW-200E2', weightClass: 'E2', nominal: '200', unit: 'g' },
      { id: 'TW-5KF1', weightClass: 'F1', nominal: '5', unit: 'kg' },
      { id: 'TW-20KM1', weightClass: 'M1', nominal: '20', unit: 'kg' },
    ],
    calibrations: [cert('BAL-01', 90, 1), cert('BAL-02', 5, 1), cert('BAL-03', -1, 1), cert('BAL-04', 200, 1), cert('PH-01', 180, 1)],
    stations: [
      { id: 'DISP-1', name: 'Dispensary booth 1', room: 'DISP-1', kioskId: 'K-DISP-1', equipmentIds: ['BAL-01', 'BAL-02', 'BAL-03', 'BAL-04', 'PH-01', 'SCN-01', 'SCN-02'], offlineGraceHours: 72, labelSerialBlock: 1 },
      { id: 'GRAN-1', name: 'Granulation room 1', room: 'GRAN-1', kioskId: 'K-GRAN-1', equipmentIds: ['PH-01', 'SCN-02'], offlineGraceHours: 72, labelSerialBlock: 2 },
    ],
    users: [
      { id: 'olivia.operator', printedName: 'Olivia Operator', roles: ['operator'], badge: '100001', active: true, stations: ['DISP-1'] },
      { id: 'oscar.operator', printedName: 'Oscar Operator', roles: ['operator'], badge: '100002', active: true, stations: ['DISP-1'] },
      { id: 'gina.granulation', printedName: 'Gina Granulation', roles: ['operator'], badge: '100003', active: true, stations: ['GRAN-1'] },
      { id: 'quinn.qa', printedName: 'Quinn QA', roles: ['qa'], active: true },
      { id: 'sam.supervisor', printedName: 'Sam Supervisor', roles: ['supervisor'], active: true },
      { id: 'max.maintenance', printedName: 'Max Maintenance', roles: ['maintenance'], active: true },
      { id: 'ada.admin', printedName: 'Ada Admin', roles: ['admin'], active: true },
    ],
    recipes: [paracetamolRecipe(), chargingRecipe()],
    orders: [
      { id: 'ORD-0001', recipeId: 'PCM-500-GRAN', recipeVersion: 3, stationId: 'DISP-1', batchNumber: 'B-PCM-0001', status: 'released' },
      { id: 'ORD-0002', recipeId: 'PCM-500-LINE', recipeVersion: 1, stationId: 'DISP-1', batchNumber: 'B-PCM-0002', status: 'released' },
    ],
    downtimeReasons: [
      { id: 'balance-fault', name: 'Balance fault or drift', category: 'unplanned', active: true },
      { id: 'scanner-fault', name: 'Scanner fault', category: 'unplanned', active: true },
      { id: 'printer-fault', name: 'Label printer fault', category: 'unplanned', active: true },
      { id: 'no-material', name: 'Waiting for material', category: 'unplanned', active: true },
      { id: 'no-operator', name: 'No operator', category: 'unplanned', active: true },
      { id: 'planned-cleaning', name: 'Planned cleaning', category: 'planned', active: true },
      { id: 'planned-maintenance', name: 'Planned maintenance', category: 'planned', active: true },
    ],
  };
}
