import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { recordHash } from '@lineside/sync-protocol/node';
import { removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { adminToken, call, enrollActiveKiosk, requireBuiltServer, serverBin, startServer } from './support/process.js';


function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('close', (code) => resolve(code));
  });
}


// Signature verification on worker threads runs only from the compiled server, so it is tested through the command.
describe('push signatures verified on worker threads (lineside-server --verify-workers)', () => {
  afterAll(async () => {
    await stopAll();
    removeTempDirs();
  });

  it('refuses a bad --verify-workers value with one line and exit code 2', async () => {
    requireBuiltServer();
    const proc = startProcess(process.execPath, [serverBin, '--verify-workers', 'two'], { name: 'server-bad-workers' });
    expect(await exitOf(proc.child)).toBe(2);
    expect(proc.output.join('\n')).toMatch(/^lineside-server: --verify-workers must be a whole number from 0 to 64, not "two"/);
  });

  it('refuses a bad LINESIDE_DEMO_SCRYPT_COST with one line naming it and exit code 2, before it touches a database', async () => {
    requireBuiltServer();
    const proc = startProcess(process.execPath, [serverBin, '--data', tempDir('bad-scrypt-cost'), '--seed-demo'], { name: 'server-bad-cost', env: { LINESIDE_DEMO_SCRYPT_COST: '1000' } });
    expect(await exitOf(proc.child)).toBe(2);
    expect(proc.output.join('\n')).toMatch(/^lineside-server: LINESIDE_DEMO_SCRYPT_COST="1000" is not a scrypt cost: give a power of two from 1024 to 1048576/);
  });

  it('refuses a batch with one forged signature, naming its seq and storing nothing, then accepts the honest batches in order', async () => {
    const data = tempDir('verify-workers');
    const { server, url } = await startServer('server-workers', ['--data', data, '--seed-demo', '--verify-workers', '2']);
    const token = await adminToken(url, data);
    const kiosk = await enrollActiveKiosk({ admin: url, kiosk: url }, token, 'DISP-1');
    const push = (body: string) => call(`${url}/sync/v1/push`, { body, headers: { authorization: kiosk.authorization('POST', '/sync/v1/push', body) } });

    const records = kiosk.next(10);
    const forged = records.map((r, i) => (i === 3 ? { ...r, sig: records[4]!.sig } : r));
    const refused = await push(kiosk.pushBody(forged));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ reason: 'bad-signature', seq: 4 });

    expect((await push(kiosk.pushBody(records))).body).toMatchObject({ status: 'ok', accepted: 10, duplicates: 0 });
    const more = kiosk.next(300);
    // 300 records are split across the two workers: a forgery in the second slice is still named by its seq.
    const forgedLate = more.map((r, i) => (i === 200 ? { ...r, sig: more[201]!.sig } : r));
    expect((await push(kiosk.pushBody(forgedLate))).body).toMatchObject({ reason: 'bad-signature', seq: 211 });
    expect((await push(kiosk.pushBody(more))).body).toMatchObject({ status: 'ok', accepted: 300, duplicates: 0, receipt: { ackedSeq: 310, ackedHash: recordHash(more.at(-1)!) } });
    expect(await server.stop('SIGTERM')).toBe(0);

    const file = new Database(path.join(data, 'lineside.sqlite'), { readonly: true });
    try {
      const rows = file.prepare('SELECT seq, hash FROM records WHERE kiosk_id = ? ORDER BY seq').all(kiosk.kioskId) as { seq: number; hash: string }[];
      expect(rows.map((r) => r.hash)).toEqual([...records, ...more].map((r) => recordHash(r)));
    } finally {
      file.close();
    }
  });
});
