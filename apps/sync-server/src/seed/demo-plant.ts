import { demoPlant } from '@lineside/domain';
import { appendAudit } from '../db/audit.js';
import type { Engine } from '../db/engine.js';
import { BASELINE, nextMasterVersion, putMasterEntity } from '../db/master-data.js';
import { insertStation } from '../db/stations.js';
import type { Db } from '../db/types.js';
import { countUsers, insertUser } from '../db/users.js';
import { makeVerifier, PASSWORD_COST, PIN_COST } from '@lineside/sync-protocol/node';
import { newDemoPassword, newDemoPin } from '../security/tokens.js';
import { checkSeedRows, masterRows } from './master-entities.js';

/** What npm start prints and tests read: generated per data folder, never hard-coded. */
export type DemoCredentials = Record<string, { password: string; pin: string; badge?: string }>;

/** The environment variable that lowers the scrypt cost of the demo plant's throwaway credentials (tests). */
export const DEMO_SCRYPT_COST_ENV = 'LINESIDE_DEMO_SCRYPT_COST';

/**
 * The scrypt N for the demo's passwords and PINs from `LINESIDE_DEMO_SCRYPT_COST`, or undefined (the
 * production costs) when it is not set. The test run sets 1024: at the production costs every seeded
 * server spends about 3.5 s of CPU on seven users' verifiers and every PIN check at a kiosk 0.35 s, which
 * together were about a third of CI's test time. Only the demo seed reads it: users made through the users
 * API always get PIN_COST and PASSWORD_COST. Throws, naming the variable, on anything but a power of two
 * from 1024 to 2^20.
 */
export function demoScryptCost(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env[DEMO_SCRYPT_COST_ENV];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!/^[0-9]+$/.test(text) || n < 1024 || n > 2 ** 20 || (n & (n - 1)) !== 0) {
    throw new Error(`${DEMO_SCRYPT_COST_ENV}=${JSON.stringify(text)} is not a scrypt cost: give a power of two from 1024 to 1048576, or leave it unset for the production costs`);
  }
  return n;
}

/**
 * Seeds DEMO-PLANT.md from the domain's demoPlant() (one source of truth) into an empty database:
 * stations, users with fresh random passwords and PINs, and every master-data entity at one version.
 * Returns undefined when the database already holds users (a restart keeps its data and passwords).
 */
export async function seedDemoPlant(db: Db, engine: Engine, now: Date, options: { scryptCost?: number | undefined } = { scryptCost: demoScryptCost() }): Promise<DemoCredentials | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const cost = { password: options.scryptCost ?? PASSWORD_COST, pin: options.scryptCost ?? PIN_COST };
  const md = demoPlant({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
  const rows = masterRows(md);
  await checkSeedRows(rows, now.toISOString().slice(0, 10));
  const credentials: DemoCredentials = {};
  const verifiers = await Promise.all(
    md.users.map(async (user) => {
      const password = newDemoPassword();
      const pin = newDemoPin();
      credentials[user.id] = { password, pin, ...(user.badge ? { badge: user.badge } : {}) };
      return { user, password: await makeVerifier(password, cost.password), pin: await makeVerifier(pin, cost.pin) };
    }),
  );
  await db.transaction().execute(async (trx) => {
    const version = await nextMasterVersion(trx, engine);
    for (const station of md.stations) {
      await insertStation(trx, { station_id: station.id, kiosk_id: station.kioskId, plant_id: md.site.plant, name: station.name, offline_grace_hours: station.offlineGraceHours });
    }
    for (const { user, password, pin } of verifiers) {
      await insertUser(trx, {
        user_id: user.id,
        display_name: user.printedName,
        roles: JSON.stringify(user.roles),
        password_verifier: password,
        pin_verifier: pin,
        badge: user.badge ?? null,
        active: user.active ? 1 : 0,
        master_version: version,
      });
    }
    for (const row of rows) await putMasterEntity(trx, row.entity, row.id, row.data, version, BASELINE);
    await appendAudit(trx, { at: now.toISOString(), actor: 'server', action: 'master-data.seeded', target: 'demo-plant', details: { version, users: md.users.length } });
  });
  return credentials;
}
