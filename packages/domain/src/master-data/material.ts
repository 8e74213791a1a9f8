import type { IsoDate } from '../time/calendar.js';

export const POTENCY_BASES = ['as-is', 'anhydrous', 'loss-on-drying'] as const;
export type PotencyBasis = (typeof POTENCY_BASES)[number];

export interface Material {
  readonly id: string;
  readonly name: string;
  /** GTIN-14 with its check digit, as printed in AI (01). */
  readonly gtin: string;
  readonly hazard: string;
  readonly ppe: string;
  /** Present when dispensing adjusts the quantity to the lot's assay. Percent, decimal text. */
  readonly potency?: { readonly basis: PotencyBasis; readonly referencePercent: string };
  /** A lot id may be typed by hand (no GS1 label) for this material; such entries are marked manual. Default: no. */
  readonly manualLotEntry?: boolean;
  /** ISO 22400 PRI: planned run time per kilogram dispensed, minutes (Effectiveness compares APT to Σ PRI·PQ). */
  readonly plannedRunMinutesPerKg?: number;
}

export const LOT_STATUSES = ['quarantine', 'released', 'rejected', 'on-hold'] as const;
export type LotStatus = (typeof LOT_STATUSES)[number];

/** Where QA may move a lot from each status (quarantine → released → on hold → rejected); rejected is final. */
export const LOT_STATUS_MOVES: Readonly<Record<LotStatus, readonly LotStatus[]>> = {
  quarantine: ['released', 'on-hold', 'rejected'],
  released: ['on-hold', 'rejected'],
  'on-hold': ['released', 'rejected'],
  rejected: [],
};

export interface Lot {
  readonly id: string;
  readonly materialId: string;
  readonly status: LotStatus;
  readonly expiry: IsoDate;
  readonly retestDate?: IsoDate;
  /** Assay on the material's potency basis, percent as decimal text. */
  readonly potencyPercent?: string;
  readonly periodAfterOpeningDays?: number;
  readonly openedOn?: IsoDate;
  readonly statusReason?: string;
}
