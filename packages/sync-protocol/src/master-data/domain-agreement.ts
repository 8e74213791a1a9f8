import type { Static } from 'typebox';
import type { DispensedContainer, CalibrationCertificate, DowntimeReason, Equipment, Lot, Material, PlannedOrder, Recipe, Settings, Shift, Site, Station, TestWeight, User } from '@lineside/domain';
import type { MASTER_ENTITY_SCHEMAS } from './catalog.js';

/**
 * The schemas and the domain's types must agree both ways, or the build fails here: a parsed entity is
 * a domain value without a cast, and every domain value (the demo plant) is one the schema accepts.
 */
type Mutable<T> = T extends readonly (infer U)[] ? Mutable<U>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
/** Every member of every variant: an optional domain field the closed schema lacks would be refused on write. */
type AllKeys<T> = T extends unknown ? keyof T : never;
type SameKeys<S, D> = [Exclude<AllKeys<D>, AllKeys<S>>] extends [never] ? ([Exclude<AllKeys<S>, AllKeys<D>>] extends [never] ? true : false) : false;
type Agree<S, D> = [S] extends [D] ? ([Mutable<D>] extends [S] ? SameKeys<S, D> : false) : false;
type Of<E extends keyof typeof MASTER_ENTITY_SCHEMAS> = Static<(typeof MASTER_ENTITY_SCHEMAS)[E]>;

export const DOMAIN_AGREEMENT: {
  site: Agree<Of<'site'>, Site>;
  shift: Agree<Of<'shift'>, Shift>;
  settings: Agree<Of<'settings'>, Settings>;
  material: Agree<Of<'material'>, Material>;
  lot: Agree<Of<'lot'>, Lot>;
  equipment: Agree<Of<'equipment'>, Equipment>;
  testWeight: Agree<Of<'test-weight'>, TestWeight>;
  calibration: Agree<Of<'calibration'>, CalibrationCertificate>;
  station: Agree<Of<'station'>, Station>;
  user: Agree<Of<'user'>, User>;
  recipe: Agree<Of<'recipe'>, Recipe>;
  order: Agree<Of<'order'>, PlannedOrder>;
  downtimeReason: Agree<Of<'downtime-reason'>, DowntimeReason>;
  container: Agree<Of<'container'>, DispensedContainer>;
} = {
  site: true,
  shift: true,
  settings: true,
  material: true,
  lot: true,
  equipment: true,
  testWeight: true,
  calibration: true,
  station: true,
  user: true,
  recipe: true,
  order: true,
  downtimeReason: true,
  container: true,
};
