import type { ShiftInstance } from './shift-calendar.js';

/**
 * What one record adds to the ISO 22400 quantities, at its event time. A weighing adds to PQ (kg)
 * and Σ PRI·PQ; its rejection moves that weighing's quantity to SQ or RQ at the weighing's own time,
 * so a shift's scrap is never counted against another shift's production — or, for a re-weigh (the
 * material went back to its lot), takes it out of PQ and Σ PRI·PQ again (negative `produced` and
 * `plannedRun`, at the weighing's time: the pair cancels in one shift); a completed dispense is one
 * inspected part (IP), good at first pass (GP) when nothing of it was rejected or overridden.
 */
export interface QuantityEvent {
  readonly at: number;
  readonly recordId: string;
  readonly produced?: number;
  readonly scrap?: number;
  readonly rework?: number;
  readonly plannedRun?: number;
  readonly inspected?: number;
  readonly firstPassGood?: number;
}

export interface ShiftQuantities {
  readonly pq: number;
  readonly gq: number;
  readonly sq: number;
  readonly rq: number;
  readonly plannedRun: number;
  readonly ip: number;
  readonly gp: number;
  readonly recordIds: readonly string[];
}

/** The quantities of the events that happened in [shift start, shift end), breaks included. */
export function shiftQuantities(instance: ShiftInstance, events: readonly QuantityEvent[]): ShiftQuantities {
  let pq = 0;
  let sq = 0;
  let rq = 0;
  let plannedRun = 0;
  let ip = 0;
  let gp = 0;
  const ids: string[] = [];
  for (const e of events) {
    if (e.at < instance.start || e.at >= instance.end) continue;
    pq += e.produced ?? 0;
    sq += e.scrap ?? 0;
    rq += e.rework ?? 0;
    plannedRun += e.plannedRun ?? 0;
    ip += e.inspected ?? 0;
    gp += e.firstPassGood ?? 0;
    ids.push(e.recordId);
  }
  return { pq, gq: pq - sq - rq, sq, rq, plannedRun, ip, gp, recordIds: ids.sort() };
}
