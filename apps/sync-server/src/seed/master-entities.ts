import type { MasterData } from '@lineside/domain';
import type { EntityData, MasterEntity } from '../db/master-data.js';

export interface MasterRow {
  readonly entity: MasterEntity;
  readonly id: string;
  readonly data: EntityData;
}

/** The domain's MasterData snapshot as rows of the versioned master_data table. */
export function masterRows(md: MasterData): MasterRow[] {
  const rows: MasterRow[] = [
    { entity: 'site', id: md.site.id, data: { ...md.site } },
    { entity: 'settings', id: 'plant', data: { ...md.settings } },
  ];
  const add = <T extends object>(entity: MasterEntity, items: readonly T[], id: (item: T) => string) => {
    for (const item of items) rows.push({ entity, id: id(item), data: item as EntityData });
  };
  add('shift', md.shifts, (s) => s.id);
  add('material', md.materials, (m) => m.id);
  add('lot', md.lots, (l) => l.id);
  add('equipment', md.equipment, (e) => e.id);
  add('test-weight', md.testWeights, (w) => w.id);
  add('calibration', md.calibrations, (c) => c.certificateId);
  add('station', md.stations, (s) => s.id);
  add('user', md.users, (u) => u.id);
  add('recipe', md.recipes, (r) => `${r.id}@${r.version}`);
  add('order', md.orders, (o) => o.id);
  return rows;
}
