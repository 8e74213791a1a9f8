import type { QuantityEvent } from './quantities.js';
import { shiftQuantities } from './quantities.js';
import type { ShiftInstance } from './shift-calendar.js';
import { shiftTime, type StateSegment } from './time-model.js';
import type { KpiTotals } from './totals.js';

export interface ShiftTotals {
  readonly instance: ShiftInstance;
  readonly totals: KpiTotals;
  readonly downByReason: Readonly<Record<string, number>>;
  /** The records behind the figures: state changes and quantity records. */
  readonly recordIds: readonly string[];
}

/** One work unit's totals for one shift: its time model and its quantities by event time. */
export function shiftTotals(instance: ShiftInstance, segments: readonly StateSegment[], events: readonly QuantityEvent[]): ShiftTotals {
  const time = shiftTime(instance, segments);
  const q = shiftQuantities(instance, events);
  const { recordIds: quantityIds, ...quantities } = q;
  return {
    instance,
    totals: { ...time.totals, ...quantities },
    downByReason: time.downByReason,
    recordIds: [...new Set([...time.stateRecordIds, ...quantityIds])].sort(),
  };
}
