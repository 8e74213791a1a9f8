import type { MasterData, ShiftRef } from '@lineside/domain';

/** The plant-local date and shift of a local ISO time such as 2026-11-25T09:00:00.000+00:00. */
export function shiftOf(master: MasterData, localIso: string): ShiftRef {
  const date = localIso.slice(0, 10);
  const hhmm = localIso.slice(11, 16);
  for (const shift of master.shifts) {
    const inside = shift.start <= shift.end ? hhmm >= shift.start && hhmm < shift.end : hhmm >= shift.start || hhmm < shift.end;
    if (inside) return { shiftId: shift.id, date };
  }
  // Outside every shift still needs a reference for the KPI time model.
  return { shiftId: 'off-shift', date };
}
