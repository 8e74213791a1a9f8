import type { FloorContext } from '../context.js';
import type { Lot, Material } from '../master-data/material.js';
import { findLot, findMaterial } from '../master-data/master-data.js';
import type { Result } from '../result.js';
import { accept, refuse } from '../result.js';
import { addDays } from '../time/calendar.js';

export const LOT_REFUSAL_CODES = [
  'lot-unknown',
  'lot-wrong-material',
  'lot-label-mismatch',
  'lot-quarantine',
  'lot-rejected',
  'lot-on-hold',
  'lot-expired',
  'lot-past-retest',
  'lot-past-opening-period',
  'lot-not-first-expiry',
] as const;
export type LotRefusalCode = (typeof LOT_REFUSAL_CODES)[number];

export interface UsableLot {
  readonly lot: Lot;
  readonly material: Material;
}

/** What the scanner read from a GS1 label: (01) GTIN and (17) expiry, when present. */
export interface LotLabel {
  readonly gtin?: string;
  readonly expiry?: string;
}

/** Right material, released, not expired / past retest / past its period after opening, not on hold. */
export function lotUsability(lotId: string, materialId: string, ctx: FloorContext, label?: LotLabel): Result<UsableLot, LotRefusalCode> {
  const lot = findLot(ctx.master, lotId);
  const wanted = findMaterial(ctx.master, materialId);
  if (!lot) return refuse('lot-unknown', `Lot ${lotId} is not in the master data — check the label or refresh master data`);
  const material = findMaterial(ctx.master, lot.materialId);
  if (!material || !wanted) return refuse('lot-unknown', `Lot ${lotId} refers to material ${lot.materialId}, which is not in the master data`);
  if (lot.materialId !== materialId) return refuse('lot-wrong-material', `Lot ${lotId} is ${material.name}, not ${wanted.name} — wrong material`);
  if (label?.gtin !== undefined && label.gtin !== material.gtin) return refuse('lot-label-mismatch', `The label of lot ${lotId} carries GTIN ${label.gtin}, but ${material.name} is ${material.gtin}`);
  if (label?.expiry !== undefined && label.expiry !== lot.expiry) return refuse('lot-label-mismatch', `The label of lot ${lotId} says expiry ${label.expiry}, the master data says ${lot.expiry} — ask QA`);
  const of = `Lot ${lotId} of ${material.name}`;
  const hold = ctx.activeHolds.find((h) => h.target.kind === 'lot' && h.target.id === lotId);
  switch (lot.status) {
    case 'quarantine':
      return refuse('lot-quarantine', `${of} is in quarantine (not released by QA) — it cannot be dispensed`);
    case 'rejected':
      return refuse('lot-rejected', `${of} is rejected — it cannot be dispensed`);
    case 'on-hold':
      return refuse('lot-on-hold', `${of} is on hold${lot.statusReason ? ` (${lot.statusReason})` : ''} — it cannot be dispensed`);
    case 'released':
      break;
    default: {
      const _never: never = lot.status;
      return _never;
    }
  }
  if (hold) return refuse('lot-on-hold', `${of} is on hold (${hold.reason}) — it cannot be dispensed`);
  // the expiry date is the last day of use
  if (ctx.today > lot.expiry) return refuse('lot-expired', `${of} expired on ${lot.expiry} — it cannot be dispensed`);
  if (lot.retestDate !== undefined && ctx.today > lot.retestDate) return refuse('lot-past-retest', `${of} passed its retest date ${lot.retestDate} — it cannot be dispensed until retested`);
  if (lot.openedOn !== undefined && lot.periodAfterOpeningDays !== undefined) {
    const useBy = addDays(lot.openedOn, lot.periodAfterOpeningDays);
    if (ctx.today > useBy) return refuse('lot-past-opening-period', `${of} was opened on ${lot.openedOn}; its ${lot.periodAfterOpeningDays}-day period after opening ended on ${useBy} — it cannot be dispensed`);
  }
  return accept({ lot, material });
}

/** The usable lot of this material that expires first, other than `lotId`, if it expires strictly earlier. */
export function firstExpiryCandidate(lot: Lot, ctx: FloorContext): Lot | undefined {
  return ctx.master.lots
    .filter((other) => other.id !== lot.id && other.materialId === lot.materialId && other.expiry < lot.expiry)
    .filter((other) => lotUsability(other.id, other.materialId, ctx).ok)
    .reduce<Lot | undefined>((best, other) => (!best || other.expiry < best.expiry ? other : best), undefined);
}

export function fefoRefusal(lot: Lot, earlier: Lot) {
  return refuse(
    'lot-not-first-expiry',
    `Lot ${lot.id} expires after lot ${earlier.id} (${lot.expiry} vs ${earlier.expiry}) — first-expiry-first-out asks for ${earlier.id}; override needs a reason and a second person's signature`,
  );
}
