import { migration0010Records } from './0010-records.js';
import { migration0020SyncState } from './0020-sync-state.js';
import { migration0030Identity } from './0030-identity.js';
import { migration0040MasterData } from './0040-master-data.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';
export const MIGRATIONS: readonly Migration[] = [migration0010Records, migration0020SyncState, migration0030Identity, migration0040MasterData];
