import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTempDirs, stopAll, tempDir } from '../support/processes.js';
import { PG_URL, pgReachable } from '../support/tools.js';
import { adminToken, call, startServer } from './support/process.js';

const reachable = await pgReachable();
if (!reachable && process.env.CI === 'true') throw new Error(`required for CI: PostgreSQL at ${PG_URL} is not reachable`);
if (!reachable) console.warn(`skipping the two-server audit test: PostgreSQL is not reachable at ${PG_URL}`);

// The audit chain has one head: two server processes appending at once must queue, never fork it.
describe.skipIf(!reachable)('the audit log with two server processes on one PostgreSQL', () => {
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

  it('appends from both processes at once make one gap-free chain that verifies', async () => {
    const data = tempDir('audit-two-servers');
    const args = ['--data', data, '--database-url', PG_URL, '--database-schema', schema];
    const { server: first, url: urlA } = await startServer('audit-a', [...args, '--seed-demo']);
    const { server: second, url: urlB } = await startServer('audit-b', args);
    const token = await adminToken(urlA, data);

    const perServer = 25;
    const answers = await Promise.all(
      [urlA, urlB].flatMap((url) => Array.from({ length: perServer }, (_, i) => call(`${url}/api/v1/enrollment-codes`, { token, body: JSON.stringify({ reason: 'test: enroll a kiosk', stationId: i % 2 === 0 ? 'DISP-1' : 'GRAN-1' }) }))),
    );
    for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);

    const page = await call(`${urlB}/api/v1/audit?action=enrollment-code.issued&limit=500`, { token });
    expect(page.status).toBe(200);
    expect(page.body['total']).toBe(2 * perServer);
    const verification = page.body['verification'] as { ok: boolean; checked: number; headSeq: number; message?: string };
    expect(verification.ok, verification.message).toBe(true);
    expect(verification.checked).toBe(verification.headSeq);

    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ seq: number }>(`SELECT seq FROM ${schema}.audit_log ORDER BY seq`);
      expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.length).toBe(verification.headSeq);
    } finally {
      await client.end();
    }
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(await second.stop('SIGTERM')).toBe(0);
  });
});
