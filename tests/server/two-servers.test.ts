import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { recordHash } from '@lineside/sync-protocol/node';
import { removeTempDirs, stopAll, tempDir } from '../support/processes.js';
import { PG_URL, pgReachable } from '../support/tools.js';
import type { TestKiosk } from './support/kiosk.js';
import { adminToken, enrollActiveKiosk, pushEverywhere, startServer } from './support/process.js';

const reachable = await pgReachable();
if (!reachable && process.env.CI === 'true') throw new Error(`required for CI: PostgreSQL at ${PG_URL} is not reachable`);
if (!reachable) console.warn(`skipping two-server test: PostgreSQL is not reachable at ${PG_URL}`);


// The server processes are stateless: several on one PostgreSQL must store exactly the records sent.
describe.skipIf(!reachable)('two server processes on one PostgreSQL', () => {
  const schema = `lt_${randomBytes(6).toString('hex')}`;
  afterAll(async () => {
    await stopAll();
    removeTempDirs();
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } finally {
      await client.end();
    }
  });

  it('serialises concurrent pushes of the same batches per kiosk: every record stored once, in order', async () => {
    const data = tempDir('two-servers');
    const args = ['--data', data, '--database-url', PG_URL, '--database-schema', schema];
    const { server: first, url: urlA } = await startServer('server-a', [...args, '--seed-demo']);
    const { server: second, url: urlB } = await startServer('server-b', args);
    const servers = [urlA, urlB];

    const token = await adminToken(urlA, data);

    const kiosks: TestKiosk[] = [];
    for (const stationId of ['DISP-1', 'GRAN-1']) {
      kiosks.push(await enrollActiveKiosk({ admin: urlB, kiosk: urlA }, token, stationId));
    }

    const batches = 8;
    const size = 25;
    const sent = new Map(kiosks.map((k) => [k.kioskId, [] as string[]]));
    await Promise.all(
      kiosks.map(async (kiosk) => {
        for (let b = 0; b < batches; b++) {
          const records = kiosk.next(size);
          sent.get(kiosk.kioskId)!.push(...records.map((r) => recordHash(r)));
          const body = kiosk.pushBody(records);
          // The same batch at both servers at once, as a kiosk retrying after a lost answer would.
          const answers = await pushEverywhere(servers, kiosk, body);
          for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          expect(answers.map((a) => a.body['accepted']).sort()).toEqual([0, size]);
          expect(answers.map((a) => a.body['duplicates']).sort()).toEqual([0, size]);
        }
      }),
    );

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      for (const kiosk of kiosks) {
        const { rows } = await client.query<{ seq: number; hash: string }>(`SELECT seq, hash FROM ${schema}.records WHERE kiosk_id = $1 ORDER BY seq`, [kiosk.kioskId]);
        expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: batches * size }, (_, i) => i + 1));
        expect(rows.map((r) => r.hash)).toEqual(sent.get(kiosk.kioskId));
      }
    } finally {
      await client.end();
    }
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
