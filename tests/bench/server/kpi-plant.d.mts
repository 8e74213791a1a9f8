type PlantOptions = { days: number; start: number; shifts?: { id: string; startHour: number; hours?: number }[]; minutesPerWeighing?: number; seed?: number; receivedLagMs?: number; firstSeq?: number; ordersPrefix?: string };
export function plantRows(station: { id: string; equipmentIds: string[] }, options: PlantOptions): Record<string, unknown>[];
export function synthesizePlant(db: unknown, options: PlantOptions & { stations?: { id: string; equipmentIds: string[] }[] }): Promise<number>;
