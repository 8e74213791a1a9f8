import type { EntityData, MasterEntity } from '../db/master-data.js';
import type { Db } from '../db/types.js';

export interface HistoryRow {
  readonly entity: string;
  readonly entity_id: string;
  readonly version: number | string;
  readonly changed_at: string;
  readonly data: string | null;
}

interface State {
  readonly at: string;
  readonly version: number;
  readonly data: EntityData | undefined;
}

/**
 * The master-data history the business checks of one batch need, loaded in one query and asked in
 * memory: "what did entity X look like centrally at time T" for every record of the batch.
 */
export class CentralHistory {
  private readonly states = new Map<string, State[]>();

  /** From master_history rows (public for the unit tests of the checks). */
  constructor(rows: readonly HistoryRow[]) {
    for (const row of rows) {
      const key = `${row.entity}/${row.entity_id}`;
      const list = this.states.get(key) ?? [];
      list.push({ at: row.changed_at, version: Number(row.version), data: row.data ? (JSON.parse(row.data) as EntityData) : undefined });
      this.states.set(key, list);
    }
    for (const list of this.states.values()) list.sort((a, b) => (a.at === b.at ? a.version - b.version : a.at < b.at ? -1 : 1));
  }

  /** Loads the named entities by id, and every entity of the kinds in `whole` (small registers). */
  static async load(db: Db, byId: ReadonlyMap<MasterEntity, ReadonlySet<string>>, whole: readonly MasterEntity[]): Promise<CentralHistory> {
    const wanted = [...byId].filter(([, ids]) => ids.size > 0);
    if (wanted.length === 0 && whole.length === 0) return new CentralHistory([]);
    const rows = await db
      .selectFrom('master_history')
      .select(['entity', 'entity_id', 'version', 'changed_at', 'data'])
      .where((eb) => eb.or([...wanted.map(([entity, ids]) => eb.and([eb('entity', '=', entity), eb('entity_id', 'in', [...ids])])), ...(whole.length > 0 ? [eb('entity', 'in', [...whole])] : [])]))
      .execute();
    return new CentralHistory(rows);
  }

  /** The entity as it was at `at` (ISO UTC), or undefined when it did not exist or was removed then. */
  at(entity: MasterEntity, id: string, at: string): EntityData | undefined {
    return this.stateAt(`${entity}/${id}`, at)?.data;
  }

  /** When the entity last changed at or before `at`. */
  changedAt(entity: MasterEntity, id: string, at: string): string | undefined {
    return this.stateAt(`${entity}/${id}`, at)?.at;
  }

  /** Every loaded entity of a kind, as each was at `at`. */
  allAt(entity: MasterEntity, at: string): EntityData[] {
    const prefix = `${entity}/`;
    return [...this.states.keys()].filter((k) => k.startsWith(prefix)).flatMap((k) => {
      const data = this.stateAt(k, at)?.data;
      return data ? [data] : [];
    });
  }

  private stateAt(key: string, at: string): State | undefined {
    const list = this.states.get(key);
    if (!list) return undefined;
    let found: State | undefined;
    for (const state of list) {
      if (state.at > at) break;
      found = state;
    }
    return found;
  }
}
