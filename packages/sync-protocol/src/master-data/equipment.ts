import { Type } from 'typebox';
import { MASS_UNITS, ROUTINE_TEST_FREQUENCIES } from '@lineside/domain';
import { DecimalText, Entity, EntityId, IsoDate, Name, OneOf, Part, Percent, PositiveDecimal, Text } from './fields.js';

/** Routine-test plans: what is tested, how often, with which test weight or buffers and within which limits. */
export const SensitivityTestPlanSchema = Part(
  {
    testWeightId: EntityId('test weight put on the pan'),
    tolerancePercent: Percent('allowed deviation of the reading from the nominal'),
    frequency: OneOf(ROUTINE_TEST_FREQUENCIES, 'how often'),
  },
  'balance sensitivity test (USP <41>, daily or per shift)',
);
export const BufferCalibrationPlanSchema = Part(
  {
    buffers: Type.Array(DecimalText('buffer pH'), { minItems: 2, maxItems: 5, description: 'buffers, e.g. 4.01, 7.00, 10.01' }),
    slopeMinPercent: Percent('lowest acceptable slope'),
    slopeMaxPercent: DecimalText('highest acceptable slope, percent'),
    offsetLimitMv: PositiveDecimal('largest acceptable offset, mV'),
    frequency: OneOf(ROUTINE_TEST_FREQUENCIES, 'how often'),
  },
  'pH meter buffer calibration',
);

const common = {
  id: EntityId('equipment id, e.g. BAL-01'),
  name: Name('equipment name'),
};

export const BalanceSchema = Entity(
  {
    kind: Type.Literal('balance'),
    ...common,
    model: Name('make and model'),
    interface: Name('how the kiosk talks to it'),
    unit: OneOf(MASS_UNITS, 'unit of capacity and readability'),
    capacity: PositiveDecimal('maximum load'),
    readability: PositiveDecimal('readability d'),
    repeatabilitySd: PositiveDecimal('USP <41> repeatability standard deviation s'),
    safetyFactor: PositiveDecimal('safety factor of the minimum weight'),
    sensitivityTest: Type.Optional(SensitivityTestPlanSchema),
  },
  'Balance',
  'A balance or floor scale.',
);

export const PhMeterSchema = Entity(
  {
    kind: Type.Literal('ph-meter'),
    ...common,
    model: Name('make and model'),
    interface: Name('how the kiosk talks to it'),
    readability: PositiveDecimal('readability, pH'),
    bufferCalibration: BufferCalibrationPlanSchema,
  },
  'PhMeter',
  'A pH meter.',
);

export const ScannerSchema = Entity({ kind: Type.Literal('scanner'), ...common, interface: Name('how the kiosk talks to it') }, 'Scanner', 'A barcode scanner.');

export const EquipmentSchema = Type.Union([BalanceSchema, PhMeterSchema, ScannerSchema], { title: 'Equipment', description: 'An instrument; `kind` says which' });

export const TestWeightSchema = Entity(
  {
    id: EntityId('test weight id'),
    weightClass: Type.String({ pattern: '^(E1|E2|F1|F2|M1|M1-2|M2|M2-3|M3)$', description: 'OIML R 111 class, e.g. E2, F1, M1' }),
    nominal: PositiveDecimal('nominal mass'),
    unit: OneOf(MASS_UNITS, 'unit of the nominal mass'),
  },
  'TestWeight',
  'A certified test weight.',
);

export const CalibrationSchema = Entity(
  {
    equipmentId: EntityId('instrument calibrated'),
    certificateId: EntityId('certificate number (the entity id)'),
    calibratedOn: IsoDate('date of calibration'),
    dueOn: IsoDate('next calibration due (after calibratedOn)'),
    provider: Name('who calibrated'),
    uncertainty: Type.Optional(Text('expanded uncertainty as stated on the certificate', 200)),
  },
  'Calibration',
  'One certificate of the calibration register; the latest by calibratedOn is in force.',
);
