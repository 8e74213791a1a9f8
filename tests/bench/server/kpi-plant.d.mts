export function synthesizePlant(
  db: unknown,
  options: { stations?: { id: string; equipmentIds: string[] }[]; days: number; start: number; shifts?: { id: string; startHour: number }[]; minutesPerWeighing?: number; seed?: number; receivedLagMs?: number },
): Promise<number>;
