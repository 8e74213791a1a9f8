import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../apps/sync-server/src/app.js';
import { sqliteDatabase } from './support/engines.js';
import { ServerUnderTest } from './support/server.js';
import { removeTempDirs, tempDir } from '../support/processes.js';
import { requireBuiltServer } from './support/process.js';

/** The suite's server, but verifying on two worker threads that can be made to die. */
class ServerWithDyingWorkers extends ServerUnderTest {
  override async start(): Promise<void> {
    await this.database.setUp();
    this.app = await buildApp({ database: this.database.options(), now: () => this.clock, verifyWorkers: 2, verifyWorkerUrl: new URL('./support/dying-verify-worker.mjs', import.meta.url) });
    const { seedDemoPlant } = await import('../../apps/sync-server/src/seed/demo-plant.js');
    this.credentials = (await seedDemoPlant(this.app.db, this.app.engine, this.clock))!;
  }
}

/**
 * Waits (bounded, 30 s) until `check` holds: worker threads start and exit on their own schedule. A slot is
 * given up only after several replacements died while starting, and each start loads the verifier: on the
 * loaded 2-core CI machine that took more than the 10 s this used to allow.
 */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never: ${what}`);
}

describe('a verify worker that dies (issue 9 §3)', () => {
  const server = new ServerWithDyingWorkers(sqliteDatabase());
  const brokenFlag = path.join(tempDir('verify-pool'), 'broken');
  const health = async () => server.app.inject({ method: 'GET', url: '/healthz' });

  beforeAll(async () => {
    requireBuiltServer();
    process.env.LINESIDE_TEST_BROKEN_WORKERS = brokenFlag;
    await server.start();
  });
  afterAll(async () => {
    delete process.env.LINESIDE_TEST_BROKEN_WORKERS;
    await server.stop();
    removeTempDirs();
  });

  it('answers the batch of a worker that exits or throws, stores nothing, replaces the worker and serves the next push', async () => {
    await eventually(async () => (await health()).statusCode === 200, 'the workers are up');
    const kiosk = await server.freshKiosk();
    for (const how of ['die-exit', 'die-throw', 'die-exit', 'die-throw']) {
      const poison = kiosk.sign(kiosk.weighing('1.000', { masterRefs: { die: how } }));
      const response = await server.push(kiosk, kiosk.pushBody([poison]));
      expect(response.statusCode).toBe(500);
      expect(response.json()).toMatchObject({ status: 'error', reason: 'internal-error' });
      expect(await server.storedRecords(kiosk.kioskId)).toEqual([]);
      kiosk.rewind(0, poison.prevHash);
    }
    await eventually(async () => (await health()).statusCode === 200, 'the workers are replaced');
    const honest = kiosk.next(70); // split across both workers
    expect((await server.push(kiosk, kiosk.pushBody(honest))).json()).toMatchObject({ status: 'ok', accepted: 70 });
  }, 120_000);

  it('reports unready (503) on /healthz when its workers are gone, and answers pushes instead of hanging', async () => {
    writeFileSync(brokenFlag, 'new workers die before they start');
    const kiosk = await server.freshKiosk();
    for (let i = 0; i < 2; i++) {
      const poison = kiosk.sign(kiosk.weighing('1.000', { masterRefs: { die: 'die-exit' } }));
      expect((await server.push(kiosk, kiosk.pushBody([poison]))).statusCode).toBe(500);
      // One worker down and its replacements failing: already unready.
      if (i === 0) await eventually(async () => (await health()).body.includes('1 of 2'), 'one worker is gone');
      kiosk.rewind(0, poison.prevHash);
    }
    await eventually(async () => (await health()).body.includes('0 of 2'), 'both workers are gone');
    expect((await health()).statusCode).toBe(503);
    expect((await health()).json()).toMatchObject({ status: 'error', reason: 'unavailable', message: '0 of 2 push-verification workers are running: restart the server' });
    const response = await server.push(kiosk, kiosk.pushBody(kiosk.next(1)));
    expect(response.statusCode).toBe(500);
    expect(await server.storedRecords(kiosk.kioskId)).toEqual([]);
  }, 120_000);
});
