import type { BufferReading } from '../equipment/routine-tests.js';
import type { Signature } from '../esignature/signature.js';
import type { LotLabel } from '../lot/usability.js';
import type { ContainerEvidence } from './dispense/container-evidence.js';

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
  /** `entry: 'manual'`: the lot id was typed (or read from a non-GS1 label), allowed only where the material says so. */
  | { readonly type: 'scanLot'; readonly stepId: string; readonly by: string; readonly lotId: string; readonly label?: LotLabel; readonly fefoOverride?: Override; readonly entry?: 'scan' | 'manual' }
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
      /** How the tare is known: the balance reported its tare memory, or the kiosk read the load before taring. */
      readonly tareSource?: TareSource;
      readonly rawFrame?: string;
      /** What shows this is a new load after a container on the same balance (none for the first). */
      readonly evidence?: ContainerEvidence;
      /** The container's SSCC, allocated by the kiosk (label/sscc.ts); required where the site labels containers. */
      readonly sscc?: string;
    }
  | { readonly type: 'rejectWeighing'; readonly stepId: string; readonly by: string; readonly weighingId: string; readonly reason: string; readonly disposition: RejectionDisposition }
  | { readonly type: 'completeDispense'; readonly stepId: string; readonly by: string; readonly override?: Override }
  | { readonly type: 'recordPhMeasurement'; readonly stepId: string; readonly by: string; readonly meterId: string; readonly reading: BufferReading; readonly stable: boolean }
  | { readonly type: 'recordCheck'; readonly stepId: string; readonly by: string; readonly value?: string; readonly passed?: boolean }
  | { readonly type: 'signStep'; readonly stepId: string; readonly signatures: readonly Signature[] }
  /**
   * A container label scanned at the line (its SSCC, AI 00). `notSynced`: a container this kiosk does not
   * know yet, accepted with a reason and a second person's signature (it opens a deviation).
   */
  | { readonly type: 'chargeContainer'; readonly stepId: string; readonly by: string; readonly sscc: string; readonly notSynced?: Override }
  /** Completes a charge step whose last container became known charged through sync rather than by a scan here. */
  | { readonly type: 'completeCharge'; readonly stepId: string; readonly by: string };

export type OrderCommandType = OrderCommand['type'];

/**
 * Where a weighing's tare comes from. `balance-memory`: the balance reported the tare it holds (MT-SICS
 * `TA`, or a tare in its frame). `reading-before-tare`: the balance cannot report its tare (SBI, A&D,
 * Ohaus print lines), so the kiosk took the stable load just before it sent tare — right as long as
 * nobody pressed the balance's own tare key in between, which the reviewer should know. `none`: no tare.
 */
export const TARE_SOURCES = ['balance-memory', 'reading-before-tare', 'none'] as const;
export type TareSource = (typeof TARE_SOURCES)[number];

/**
 * What becomes of a rejected weighing's material. `reweigh`: it was not consumed (wrong container, poured back,
 * a tare mistake) and goes back to its source lot — the weighing is void, never produced; `scrap`: discarded;
 * `rework`: sent for rework. Every one leaves the step's cumulative and asks for a replacement weighing.
 */
export const REJECTION_DISPOSITIONS = ['reweigh', 'scrap', 'rework'] as const;
export type RejectionDisposition = (typeof REJECTION_DISPOSITIONS)[number];
