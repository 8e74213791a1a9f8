// The review API's shapes, from the server's own TypeBox schemas (types only: nothing of the server is bundled).
export type {
  BatchRecordView,
  BatchRecord,
  BatchRecordException,
  ReviewState,
  RecordRef,
  Person,
  SignatureEntry,
  OrderReviewStatus,
  ReviewMeaning,
  CalibrationAtUse,
  RoutineTestAtUse,
} from '../../review/batch-record-schema.js';
export type { PlantDeviation, PlantHold } from '../../review/plant-lists.js';

export interface OrderSummary {
  readonly orderId: string;
  readonly status: 'in-progress' | 'awaiting-review' | 'reviewed' | 'released';
  readonly batchNumber: string | null;
  readonly product: string | null;
  readonly recipe: string | null;
  readonly kiosks: readonly string[];
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly records: number;
  readonly lastReceivedAt: string;
  readonly complete: boolean;
  readonly exceptions: { readonly total: number; readonly unmarked: number; readonly high: number };
  readonly reopened: string | null;
  readonly lastSignature: { readonly meaning: string; readonly signer: { readonly printedName: string }; readonly signedAt: string } | null;
}
