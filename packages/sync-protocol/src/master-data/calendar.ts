import { Type } from 'typebox';
import { DOWNTIME_CATEGORIES } from '@lineside/domain';
import { Entity, EntityId, Name, OneOf, Part, Text, WallClock } from './fields.js';

/**
 * The shift calendar and the down-time reasons (issue 12): what the ISO 22400 time model needs from
 * master data. Kept in one file of its own so the KPI work can extend it without touching the rest.
 */
const Interval = (description: string) =>
  Part({ start: WallClock('from'), end: WallClock('until; before `start` means after midnight'), label: Type.Optional(Name('what it is, e.g. lunch break', 100)) }, description);

export const ShiftSchema = Entity(
  {
    id: EntityId('shift id, e.g. early'),
    name: Type.Optional(Name('shown on screens and reports')),
    start: WallClock('start, plant-local wall clock'),
    end: WallClock('end; at or before `start` means the shift crosses midnight and belongs to the day it starts'),
    breaks: Type.Optional(Type.Array(Interval('a break inside the shift: not planned busy time'), { maxItems: 12 })),
    plannedDown: Type.Optional(
      Type.Array(
        Part({ start: WallClock('from'), end: WallClock('until; before `start` means after midnight'), reason: Type.Optional(Name('why, e.g. weekly cleaning', 100)) }, 'planned down time inside the shift (maintenance, cleaning): not planned busy time'),
        { maxItems: 12 },
      ),
    ),
    weekdays: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 7, description: 'ISO weekday, 1 = Monday' }), { minItems: 1, maxItems: 7, uniqueItems: true, description: 'the days the shift runs, by the day it starts; absent: every day' })),
  },
  'Shift',
  'One shift of the plant calendar (ISO 22400 planned busy time is the shift minus breaks and planned down time).',
);

export const DowntimeReasonSchema = Entity(
  {
    id: EntityId('reason code, e.g. DT-JAM'),
    name: Name('what the operator taps'),
    category: OneOf(DOWNTIME_CATEGORIES, 'planned down time is outside planned busy time; unplanned is ADET'),
    description: Type.Optional(Text('when to use it', 500)),
    active: Type.Boolean({ description: 'inactive reasons stay on old records but are not offered' }),
  },
  'DowntimeReason',
  'A reason an operator gives when a work unit goes down (ISO 22400 ADET when unplanned).',
);
