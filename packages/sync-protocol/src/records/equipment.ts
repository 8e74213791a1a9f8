import { Type } from 'typebox';
import { Id, Instant, OneOf, OPERATING_STATES, Payload, ROUTINE_TESTS, ShiftRef, Text } from './fields.js';

/** The payloads of `equipment.*` records (packages/domain/src/equipment/equipment.ts). */
const routineTest = {
  at: Instant('kiosk time of the test'),
  shift: ShiftRef,
  equipmentId: Id('instrument tested'),
  test: OneOf(ROUTINE_TESTS, 'which routine test'),
  performedBy: Id('user who performed it'),
  details: Type.Record(Type.String({ maxLength: 100 }), Type.Union([Text('measured value or limit', 500), Type.Array(Text('value', 500), { maxItems: 50 })]), {
    description: 'what was measured and against what, as decimal strings',
  }),
};
export const RoutineTestPassed = Payload({ type: Type.Literal('RoutineTestPassed'), ...routineTest }, 'A balance sensitivity test or pH buffer calibration passed.');
export const RoutineTestFailed = Payload({ type: Type.Literal('RoutineTestFailed'), ...routineTest }, 'A routine test failed: the instrument is put on hold by the next record.');
export const EquipmentStateChanged = Payload(
  {
    type: Type.Literal('EquipmentStateChanged'),
    at: Instant('kiosk time'),
    shift: ShiftRef,
    equipmentId: Id('equipment'),
    from: OneOf(OPERATING_STATES, 'state before'),
    to: OneOf(OPERATING_STATES, 'state after'),
    reason: Type.Optional(Text('why')),
    by: Id('user'),
  },
  'An ISO 22400 operating state change of an instrument.',
);
