import type { BufferReading } from '../equipment/routine-tests.js';
import type { Signature } from '../esignature/signature.js';
import type { LotLabel } from '../lot/usability.js';

/** An override: the reason, and the signature of a second person holding the permission. */
export interface Override {
  readonly reason: string;
  readonly signature: Signature;
}

export type OrderCommand =
  | { readonly type: 'startOrder'; readonly orderId: string; readonly by: string }
  | { readonly type: 'pauseOrder'; readonly by: string; readonly reason: string }
  | { readonly type: 'resumeOrder'; readonly by: string }
  | { readonly type: 'completeOrder'; readonly by: string }
  | { readonly type: 'startStep'; readonly stepId: string; readonly by: string }
  | { readonly type: 'acknowledgeInstruction'; readonly stepId: string; readonly by: string }
  | { readonly type: 'confirmEquipmentStatus'; readonly stepId: string; readonly by: string }
  | { readonly type: 'scanLot'; readonly stepId: string; readonly by: string; readonly lotId: string; readonly label?: LotLabel; readonly fefoOverride?: Override }
  | {
      readonly type: 'recordWeighing';
      readonly stepId: string;
      readonly by: string;
      readonly weighingId: string;
      readonly balanceId: string;
      readonly lotId: string;
      /** Decimal strings in the balance's unit; by difference: gross = before, tare = after removal. */
      readonly gross: string;
      readonly tare: string;
      readonly unit: string;
      readonly grossStable: boolean;
      readonly tareStable: boolean;
      readonly rawFrame?: string;
    }
  | { readonly type: 'rejectWeighing'; readonly stepId: string; readonly by: string; readonly weighingId: string; readonly reason: string; readonly disposition: 'scrap' | 'rework' }
  | { readonly type: 'completeDispense'; readonly stepId: string; readonly by: string; readonly override?: Override }
  | { readonly type: 'recordPhMeasurement'; readonly stepId: string; readonly by: string; readonly meterId: string; readonly reading: BufferReading; readonly stable: boolean }
  | { readonly type: 'recordCheck'; readonly stepId: string; readonly by: string; readonly value?: string; readonly passed?: boolean }
  | { readonly type: 'signStep'; readonly stepId: string; readonly signatures: readonly Signature[] };

export type OrderCommandType = OrderCommand['type'];
