// The demo seed's scrypt cost: production costs unless LINESIDE_DEMO_SCRYPT_COST says otherwise (the test
// run sets 1024 in vitest.config.ts), and a wrong value is refused naming the variable. The seeded
// credentials verify at whatever cost they carry.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkVerifier, PASSWORD_COST, PIN_COST } from '@lineside/sync-protocol/node';
import { buildApp, memoryKeyProvider } from '@lineside/sync-server';
import { DEMO_SCRYPT_COST_ENV, demoScryptCost, seedDemoPlant } from '../../apps/sync-server/src/seed/demo-plant.js';
import { cleanupList } from '../faults/support/sync-fixture.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const NOW = new Date(Date.UTC(2026, 10, 25, 7));

async function freshApp() {
  const dir = mkdtempSync(path.join(tmpdir(), 'demo-seed-'));
  cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
  const app = await buildApp({ database: { engine: 'sqlite', file: path.join(dir, 'server.sqlite') }, now: () => NOW, serverKeys: memoryKeyProvider(), checksSweepMs: 0 });
  cleanups.add(() => app.close());
  return app;
}

const costOf = (verifier: string | null | undefined) => Number(verifier?.split('$')[1]);
const verifiersOf = (app: Awaited<ReturnType<typeof freshApp>>, userId: string) =>
  app.db.selectFrom('users').select(['pin_verifier', 'password_verifier']).where('user_id', '=', userId).executeTakeFirstOrThrow();

describe('demo seed scrypt cost', () => {
  it('reads LINESIDE_DEMO_SCRYPT_COST: unset is the production cost, a power of two from 1024 to 2^20 is taken', () => {
    expect(demoScryptCost({})).toBeUndefined();
    expect(demoScryptCost({ [DEMO_SCRYPT_COST_ENV]: '' })).toBeUndefined();
    expect(demoScryptCost({ [DEMO_SCRYPT_COST_ENV]: '1024' })).toBe(1024);
    expect(demoScryptCost({ [DEMO_SCRYPT_COST_ENV]: String(2 ** 20) })).toBe(2 ** 20);
  });

  it.each(['512', '1000', '2097152', 'fast', '1e4', '-1024', '1024.0'])('refuses %j naming the variable and what it takes', (value) => {
    expect(() => demoScryptCost({ [DEMO_SCRYPT_COST_ENV]: value })).toThrow(`${DEMO_SCRYPT_COST_ENV}=${JSON.stringify(value)} is not a scrypt cost: give a power of two from 1024 to 1048576`);
  });

  it('seeds the production costs (PIN 2^17, password 2^15) when no cost is given, and the credentials verify', async () => {
    const app = await freshApp();
    const credentials = (await seedDemoPlant(app.db, app.engine, NOW, { scryptCost: undefined }))!;
    const olivia = await verifiersOf(app, 'olivia.operator');
    expect([costOf(olivia.pin_verifier), costOf(olivia.password_verifier)]).toEqual([PIN_COST, PASSWORD_COST]);
    expect(await checkVerifier(credentials['olivia.operator']!.pin, olivia.pin_verifier)).toBe(true);
  });

  it('seeds at the cost of the environment by default (this run: 1024), and those credentials verify too', async () => {
    expect(process.env[DEMO_SCRYPT_COST_ENV]).toBe('1024');
    const app = await freshApp();
    const credentials = (await seedDemoPlant(app.db, app.engine, NOW))!;
    const ada = await verifiersOf(app, 'ada.admin');
    expect([costOf(ada.pin_verifier), costOf(ada.password_verifier)]).toEqual([1024, 1024]);
    expect(await checkVerifier(credentials['ada.admin']!.password, ada.password_verifier)).toBe(true);
    expect(await checkVerifier('not-the-password', ada.password_verifier)).toBe(false);
  });
});
