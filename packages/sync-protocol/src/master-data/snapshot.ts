import type { MasterData } from '@lineside/domain';
import type { MasterEntity, MasterEntityData } from './catalog.js';

/** Entity kinds of the feed → the collection of the domain's MasterData they fill. */
export const MASTER_COLLECTIONS = {
  shift: 'shifts',
  material: 'materials',
  lot: 'lots',
  equipment: 'equipment',
  'test-weight': 'testWeights',
  calibration: 'calibrations',
  station: 'stations',
  user: 'users',
  recipe: 'recipes',
  order: 'orders',
  'downtime-reason': 'downtimeReasons',
  container: 'containers',
} as const satisfies Record<Exclude<MasterEntity, 'site' | 'settings'>, keyof MasterData>;

type Collections = { -readonly [K in (typeof MASTER_COLLECTIONS)[keyof typeof MASTER_COLLECTIONS]]: NonNullable<MasterData[K]>[number][] };

/**
 * The domain's MasterData from entities that already kept their schema (parseMasterEntity): the one
 * snapshot the kiosk's deciders and the server's register pages run the same rules against. Null
 * without a site and settings. A user's PIN verifier never reaches the snapshot.
 */
export function assembleMasterData(version: number, entities: Iterable<{ readonly entity: MasterEntity; readonly value: MasterEntityData<MasterEntity> }>): MasterData | null {
  let site: MasterData['site'] | undefined;
  let settings: MasterData['settings'] | undefined;
  const collections: Collections = { shifts: [], materials: [], lots: [], equipment: [], testWeights: [], calibrations: [], stations: [], users: [], recipes: [], orders: [], downtimeReasons: [], containers: [] };
  for (const { entity, value } of entities) {
    if (entity === 'site') site = value as MasterData['site'];
    else if (entity === 'settings') settings = value as MasterData['settings'];
    else if (entity === 'user') {
      const { pinVerifier: _secret, pinMustChange: _kioskOnly, ...user } = value as MasterData['users'][number] & { pinVerifier?: string; pinMustChange?: boolean };
      collections.users.push(user);
    } else (collections[MASTER_COLLECTIONS[entity]] as unknown[]).push(value);
  }
  if (!site || !settings) return null;
  return { version, site, settings, ...collections };
}
