import { Type } from 'typebox';
import { LOT_STATUSES, POTENCY_BASES } from '@lineside/domain';
import { Entity, EntityId, IsoDate, Name, OneOf, Part, Percent, Text, Whole } from './fields.js';

export const MaterialSchema = Entity(
  {
    id: EntityId('material code'),
    name: Name('material name'),
    gtin: Type.String({ pattern: '^\\d{14}$', description: 'GTIN-14 with its check digit, as printed in AI (01)' }),
    hazard: Text('hazard statement shown before dispensing', 500),
    ppe: Text('protective equipment shown before dispensing', 500),
    potency: Type.Optional(Part({ basis: OneOf(POTENCY_BASES, 'assay basis'), referencePercent: Percent('assay the recipe quantity assumes') }, 'dispensing adjusts the quantity to the lot assay')),
    manualLotEntry: Type.Optional(Type.Boolean({ description: 'a lot id may be typed by hand (no GS1 label); such entries are marked manual' })),
    plannedRunMinutesPerKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10_000, description: 'ISO 22400 planned run time per unit (PRI): minutes of dispensing planned per kg, the plan Effectiveness compares with' })),
  },
  'Material',
  'A raw material.',
);

export const LotSchema = Entity(
  {
    id: EntityId('lot number'),
    materialId: EntityId('material of the lot'),
    status: OneOf(LOT_STATUSES, 'QA status; a change needs QA and a reason'),
    expiry: IsoDate('expiry date'),
    retestDate: Type.Optional(IsoDate('retest date (before expiry)')),
    potencyPercent: Type.Optional(Percent('assay on the material potency basis')),
    periodAfterOpeningDays: Type.Optional(Whole('usable days after the container is opened', 1, 3650)),
    openedOn: Type.Optional(IsoDate('first opened')),
    statusReason: Type.Optional(Text('why it has this status', 2000)),
  },
  'Lot',
  'A lot of a material, with its QA status.',
);
