import type { HoldView } from '../../shared/api.js';

/** The buffers of the daily pH calibration, in the order the operator dips them (FLOOR.md). */
export const PH_BUFFERS = ['4.01', '7.00', '10.01'] as const;

export type CheckOutcome = { readonly passed: true; readonly words: string } | { readonly passed: false; readonly words: string };

/**
 * Pass or fail in words after an accepted routine test: the domain holds the instrument when it fails, so
 * a new hold on it (one that was not in force before) is the failure, with the domain's reason as the words.
 */
export function routineTestOutcome(equipmentId: string, before: readonly HoldView[], after: readonly HoldView[]): CheckOutcome {
  const target = `Equipment ${equipmentId}`;
  const known = new Set(before.map((h) => h.holdId));
  const placed = after.find((h) => h.target === target && !known.has(h.holdId));
  if (placed) return { passed: false, words: `FAILED — ${placed.reason}. ${equipmentId} is on hold until QA releases it.` };
  return { passed: true, words: `PASSED — ${equipmentId} may be used this shift.` };
}
