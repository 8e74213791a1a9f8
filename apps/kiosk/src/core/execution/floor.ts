import { shiftOfLocal, type MasterData, type ShiftRef } from '@lineside/domain';

/**
 * The plant-local shift of a local ISO time such as 2026-11-25T09:00:00.000+00:00. A night shift
 * (22:00–06:00) belongs to the day it starts: 02:00 on the 26th is the night shift of the 25th.
 */
export function shiftOf(master: MasterData, localIso: string): ShiftRef {
  return shiftOfLocal(master.shifts, localIso);
}
