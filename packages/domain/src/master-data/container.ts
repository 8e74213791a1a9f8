import type { MassUnit } from '../decimal/quantity.js';
import type { Instant } from '../time/calendar.js';

/**
 * What the plant knows of a dispensed container: `dispensed` (weighed and labelled), `rejected` (its
 * weighing was rejected: it is not part of the batch), `charged` (scanned into the batch at the line).
 */
export const CONTAINER_STATUSES = ['dispensed', 'rejected', 'charged'] as const;
export type ContainerStatus = (typeof CONTAINER_STATUSES)[number];

/**
 * A labelled container, derived by the server from the kiosks' records at ingest (weighing with an SSCC,
 * its rejection, the dispense step's completion, its charge) and pulled like lots, so a charging kiosk
 * decides offline once it has pulled. Never edited by hand; `id` is the SSCC.
 */
export interface DispensedContainer {
  readonly id: string;
  readonly orderId: string;
  /** The dispense step that filled it. */
  readonly stepId: string;
  readonly containerNo: number;
  readonly materialId: string;
  readonly lotId: string;
  readonly weighingId: string;
  /** Net in the dispense step's unit. */
  readonly net: string;
  readonly unit: MassUnit;
  readonly dispensedAt: Instant;
  readonly kioskId: string;
  readonly status: ContainerStatus;
  /** Its dispense step was completed: no further container of that step will come. */
  readonly dispenseCompleted: boolean;
  readonly rejectedReason?: string;
  readonly charged?: { readonly stepId: string; readonly by: string; readonly at: Instant; readonly kioskId: string };
}
