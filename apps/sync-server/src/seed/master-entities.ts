import type { MasterData } from '@lineside/domain';
import { checkMasterEntity } from '@lineside/sync-protocol';
import type { EntityData, MasterEntity } from '../db/master-data.js';
import { checkMasterRules, type MasterLookup } from '../master/rules.js';

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
  add('downtime-reason', md.downtimeReasons, (d) => d.id);
  return rows;
}

/**
 * The seed goes through the same schemas and reference rules as every write: a demo plant that breaks
 * them is a bug, thrown with each bad field, never stored. Users are written through the users table.
 */
export async function checkSeedRows(rows: readonly MasterRow[], today: string): Promise<void> {
  const byKey = new Map(rows.map((r) => [`${r.entity}/${r.id}`, r.data]));
  const lookup: MasterLookup = {
    find: async (entity, id) => byKey.get(`${entity}/${id}`),
    list: async (entity) => rows.filter((r) => r.entity === entity).map((r) => r.data),
  };
  const problems: string[] = [];
  for (const row of rows) {
    const issues = checkMasterEntity(row.entity, row.data);
    // The seed is the plant's baseline, put in place as QA and admin together.
    const refused = issues.length > 0 ? undefined : await checkMasterRules(lookup, { entity: row.entity, id: row.id, data: row.data, before: undefined, roles: ['admin', 'qa'], today });
    for (const i of [...issues, ...(refused?.issues ?? [])]) problems.push(`${row.entity} ${row.id}: ${i.path} ${i.message}`);
  }
  if (problems.length > 0) throw new Error(`the demo plant breaks the master-data schemas: ${problems.join('; ')}`);
}
