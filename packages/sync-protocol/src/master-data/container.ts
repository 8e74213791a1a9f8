import { Type } from 'typebox';
import { CONTAINER_STATUSES, MASS_UNITS } from '@lineside/domain';
import { DecimalText, Entity, EntityId, Instant, OneOf, Part, Text, Whole } from './fields.js';

/**
 * A dispensed container (issue 13), derived by the server at ingest from `order.weighing-recorded@2`,
 * `order.weighing-rejected`, `order.dispense-completed` and `order.container-charged`; pulled by every
 * kiosk so the line charges offline. Never written through the master-data API.
 */
export const ContainerSchema = Entity(
  {
    id: Type.String({ pattern: '^\\d{18}$', description: "the SSCC on the container's label" }),
    orderId: EntityId('order it was dispensed for'),
    stepId: EntityId('dispense step that filled it'),
    containerNo: Whole('container number within the step', 1, 1_000_000),
    materialId: EntityId('material'),
    lotId: EntityId('lot'),
    weighingId: EntityId('the weighing'),
    net: DecimalText("net, in the dispense step's unit"),
    unit: OneOf(MASS_UNITS, "the step's unit"),
    dispensedAt: Instant('kiosk time of the weighing'),
    kioskId: EntityId('kiosk that dispensed it'),
    status: OneOf(CONTAINER_STATUSES, 'dispensed, rejected, or charged into the batch'),
    dispenseCompleted: Type.Boolean({ description: 'its dispense step was completed: no further container of that step will come' }),
    rejectedReason: Type.Optional(Text('why its weighing was rejected', 2000)),
    charged: Type.Optional(
      Part({ stepId: EntityId('charge step'), by: EntityId('user who charged it'), at: Instant('kiosk time of the charge'), kioskId: EntityId('kiosk at the line') }, 'where, when and by whom it was charged'),
    ),
  },
  'Container',
  'A labelled container dispensed for an order (entity id = its SSCC), derived from the kiosks\' records.',
);
