import { findMasterEntity, listMasterEntities } from '../db/master-data.js';
import { orderRecordCount } from '../db/records.js';
import type { Db } from '../db/types.js';
import type { MasterLookup } from './rules.js';

/** The master data in force, as the write rules read it (inside a transaction when given one). */
export function dbLookup(db: Db): MasterLookup {
  return { find: (entity, id) => findMasterEntity(db, entity, id), list: (entity) => listMasterEntities(db, entity), orderRecords: (orderId) => orderRecordCount(db, orderId) };
}
