import { Type } from 'typebox';
import { DEVIATION_SEVERITIES, DISPENSE_METHODS, MASS_UNITS, ORDER_PLAN_STATUSES, RECIPE_STATUSES, ROLES, SIGNATURE_MEANINGS, TOLERANCE_KINDS } from '@lineside/domain';
import { DecimalText, Entity, EntityId, Hash, IdList, Instant, IsoDate, Name, OneOf, Part, PositiveDecimal, Text, Whole } from './fields.js';

const StepRef = (description: string) => Type.String({ minLength: 1, maxLength: 32, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$', description });
const StepId = StepRef('step id, unique in the recipe');

const SignerRuleSchema = Type.Union(
  [
    Part({ kind: Type.Literal('performer') }, 'the performer signs'),
    Part({ kind: Type.Literal('not-performer') }, 'anyone but the performer'),
    Part({ kind: Type.Literal('role'), roles: Type.Array(OneOf(ROLES, 'role'), { minItems: 1, uniqueItems: true }), notPerformer: Type.Optional(Type.Boolean()) }, 'anyone with one of the roles'),
  ],
  { description: 'who may sign' },
);

const SignOffSchema = Part(
  {
    meaning: OneOf(SIGNATURE_MEANINGS, 'meaning of the signature'),
    signatures: Type.Union([Type.Literal(1), Type.Literal(2)], { description: 'two means two distinct people' }),
    signer: SignerRuleSchema,
  },
  'sign-off the step needs',
);

const stepBase = {
  id: StepId,
  title: Name('step title'),
  predecessors: Type.Array(StepId, { maxItems: 200, uniqueItems: true, description: 'steps that must be complete first' }),
  signOff: Type.Optional(SignOffSchema),
};

const ToleranceSchema = Part({ kind: OneOf(TOLERANCE_KINDS, 'percent of target or absolute'), minus: DecimalText('allowed below target'), plus: DecimalText('allowed above target') }, 'tolerance');

export const RecipeStepSchema = Type.Union(
  [
    Part({ kind: Type.Literal('instruction'), ...stepBase, text: Text('what to do', 10_000) }, 'a work instruction'),
    Part(
      {
        kind: Type.Literal('dispense'),
        ...stepBase,
        materialId: EntityId('material dispensed'),
        quantity: PositiveDecimal('target quantity'),
        unit: OneOf(MASS_UNITS, 'unit of the quantity'),
        tolerance: ToleranceSchema,
        method: OneOf(DISPENSE_METHODS, 'dispensing method'),
        maxContainers: Whole('at most this many containers', 1, 100),
        maxLots: Whole('at most this many lots', 1, 100),
        potencyAdjusted: Type.Optional(Type.Boolean()),
        compensatesStep: Type.Optional(StepRef('the dispense step whose surplus this one compensates')),
        balanceIds: Type.Optional(IdList('balances the recipe allows', 50)),
        outOfToleranceSeverity: Type.Optional(OneOf(DEVIATION_SEVERITIES, 'severity of an out-of-tolerance deviation')),
        plannedRunMinutesPerKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: "ISO 22400 PRI of this step, minutes per kg: overrides the material's plannedRunMinutesPerKg where this step is slower or faster (a potent material dispensed in a small container)" })),
      },
      'dispense a material to target',
    ),
    Part({ kind: Type.Literal('ph-measurement'), ...stepBase, low: DecimalText('lowest pH'), high: DecimalText('highest pH'), stableRequired: Type.Boolean(), meterIds: Type.Optional(IdList('pH meters allowed', 20)) }, 'measure pH'),
    Part({ kind: Type.Literal('lot-verify'), ...stepBase, materialId: EntityId('material whose lot is verified') }, 'verify a lot'),
    Part(
      {
        kind: Type.Literal('in-process-check'),
        ...stepBase,
        check: Type.Union([Part({ kind: Type.Literal('numeric'), low: DecimalText('low limit'), high: DecimalText('high limit'), unit: Name('unit', 20) }, 'a measured value'), Part({ kind: Type.Literal('pass-fail') }, 'pass or fail')]),
      },
      'an in-process check',
    ),
    Part({ kind: Type.Literal('equipment-check'), ...stepBase, equipmentIds: IdList('equipment checked', 50) }, 'confirm equipment is usable'),
    Part({ kind: Type.Literal('sign-off'), ...stepBase, signOff: SignOffSchema, verifiesSteps: Type.Optional(Type.Array(StepId, { maxItems: 200, uniqueItems: true })) }, 'a sign-off'),
    Part(
      {
        kind: Type.Literal('charge'),
        ...stepBase,
        chargesSteps: Type.Array(StepId, { minItems: 1, maxItems: 200, uniqueItems: true, description: 'dispense steps whose labelled containers are charged here' }),
        stationId: Type.Optional(EntityId("station (the line) where the containers are charged, when not the order's own")),
      },
      'charge the dispensed containers at the line: a scan of each container label',
    ),
  ],
  { title: 'RecipeStep', description: 'one step; `kind` says which' },
);

export const RecipeApprovalSchema = Part(
  {
    userId: EntityId('signer'),
    printedName: Name('printed name of the signer'),
    meaning: OneOf(['reviewed', 'approved'], 'meaning of the signature'),
    signedAt: Instant('server time of signing'),
    roles: Type.Array(OneOf(ROLES, 'role'), { minItems: 1, uniqueItems: true, description: 'roles the signer held' }),
    contentHash: Hash('the version content signed'),
  },
  'one approval e-signature (21 CFR 11.50)',
);

export const RecipeSchema = Entity(
  {
    id: EntityId('recipe id'),
    version: Whole('version number', 1, 100_000),
    status: OneOf(RECIPE_STATUSES, 'approval status'),
    name: Name('recipe name'),
    product: Name('product made'),
    batchSize: PositiveDecimal('batch size'),
    batchUnit: Name('unit of the batch size', 50),
    approvedBy: Type.Optional(Type.String({ maxLength: 300, pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]*(, [A-Za-z0-9][A-Za-z0-9._:@-]*)*$', description: 'the approvers, set by the server when the version is approved' })),
    author: Type.Optional(EntityId('who wrote this version; never one of its approvers')),
    changeReason: Type.Optional(Text('why this version differs from the one before', 2000)),
    contentHash: Type.Optional(Hash('hash of the content the approvals sign')),
    approvals: Type.Optional(Type.Array(RecipeApprovalSchema, { maxItems: 10, description: 'Part 11 approval signatures' })),
    effectiveFrom: Type.Optional(IsoDate('first plant-local day the approved version may be executed')),
    effectiveUntil: Type.Optional(IsoDate('a superseded version stays in effect until then')),
    completeWithOpenDeviations: Type.Optional(Type.Array(OneOf(DEVIATION_SEVERITIES, 'severity'), { uniqueItems: true, description: 'deviation severities the order may complete with while open' })),
    steps: Type.Array(RecipeStepSchema, { minItems: 1, maxItems: 500 }),
  },
  'Recipe',
  'A master batch record version (entity id `<id>@<version>`).',
);

export const OrderSchema = Entity(
  {
    id: EntityId('order id'),
    recipeId: EntityId('recipe'),
    recipeVersion: Whole('the approved recipe version it is pinned to', 1, 100_000),
    stationId: EntityId('station it is released to'),
    batchNumber: Name('batch number', 64),
    status: Type.Optional(OneOf(ORDER_PLAN_STATUSES, 'planned (not at a kiosk), released to its station, or cancelled; absent on older orders means released')),
    statusReason: Type.Optional(Text('why the order was cancelled (shown at the kiosk)', 2000)),
  },
  'Order',
  'A production order pinned to one approved recipe version: planned → released to a station, or cancelled with a reason.',
);
