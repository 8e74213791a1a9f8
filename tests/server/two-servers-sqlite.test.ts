import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { recordHash } from '@lineside/sync-protocol/node';
import { removeTempDirs, stopAll, tempDir } from '../support/processes.js';
import type { TestKiosk } from './support/kiosk.js';
import { adminToken, enrollActiveKiosk, pushEverywhere, startServer } from './support/process.js';



// Two processes writing one SQLite file: with a deferred BEGIN the loser of a lock upgrade got SQLITE_BUSY (a 500).
describe('two server processes on one SQLite file', () => {
  afterAll(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('queues concurrent pushes on the file lock: every push answers 200 and each record is stored once, in order', async () => {
    const data = tempDir('two-servers-sqlite');
    const args = ['--data', data];
    const { server: first, url: urlA } = await startServer('sqlite-server-a', [...args, '--seed-demo']);
    const { server: second, url: urlB } = await startServer('sqlite-server-b', args);
    const servers = [urlA, urlB];

    const token = await adminToken(urlA, data);

    const kiosks: TestKiosk[] = [];
    for (const stationId of ['DISP-1', 'GRAN-1']) {
      kiosks.push(await enrollActiveKiosk({ admin: urlB, kiosk: urlA }, token, stationId));
    }

    const batches = 10;
    const size = 50;
    const sent = new Map(kiosks.map((k) => [k.kioskId, [] as string[]]));
    await Promise.all(
      kiosks.map(async (kiosk) => {
        for (let b = 0; b < batches; b++) {
          const records = kiosk.next(size);
          sent.get(kiosk.kioskId)!.push(...records.map((r) => recordHash(r)));
          const body = kiosk.pushBody(records);
          // The same batch at both processes at once: both transactions contend for the one file.
          const answers = await pushEverywhere(servers, kiosk, body);
          for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(200);
          expect(answers.map((a) => a.body['accepted']).sort()).toEqual([0, size]);
          expect(answers.map((a) => a.body['duplicates']).sort()).toEqual([0, size]);
        }
      }),
    );

    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await second.stop('SIGTERM')).toBe(0);
    const file = new Database(path.join(data, 'lineside.sqlite'), { readonly: true });
    try {
      for (const kiosk of kiosks) {
        const rows = file.prepare('SELECT seq, hash FROM records WHERE kiosk_id = ? ORDER BY seq').all(kiosk.kioskId) as { seq: number; hash: string }[];
        expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: batches * size }, (_, i) => i + 1));
        expect(rows.map((r) => r.hash)).toEqual(sent.get(kiosk.kioskId));
      }
    } finally {
      file.close();
    }
  });
});
