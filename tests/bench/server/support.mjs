// @ts-check
// Shared by the server benchmarks: a server process on port 0, kiosks enrolled through the API, and
// pre-signed record batches (so the load generator, on the same 2 cores, only sends bytes).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { GENESIS_HASH } from '../../../packages/sync-protocol/dist/index.js';
import { generateKioskKey, importPrivateKey, signRecord, signRequest, uuidv7 } from '../../../packages/sync-protocol/dist/node/index.js';

export const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const PG_URL = process.env.LINESIDE_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const bin = path.join(repoRoot, 'apps/sync-server/dist/bin.js');

/** @param {number[]} values @param {number} q */
export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

export const ratio = (figure, limit) => (figure / limit).toFixed(2);

/**
 * Starts `lineside-server` on port 0 with a seeded demo plant, on SQLite (own temp dir) or PostgreSQL (own schema).
 * @param {'sqlite' | 'postgres'} engine @param {string[]} [extra] more command-line options
 */
export async function startServer(engine, extra = []) {
  const data = mkdtempSync(path.join(tmpdir(), 'lineside-bench-'));
  const schema = `lb_${randomBytes(6).toString('hex')}`;
  const args = [bin, '--port', '0', '--data', data, '--seed-demo', ...extra, ...(engine === 'postgres' ? ['--database-url', PG_URL, '--database-schema', schema] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LINESIDE_LOG_LEVEL: 'error' } });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${out}`)));
  });
  child.stdout.resume();
  const credentials = JSON.parse(readFileSync(path.join(data, 'demo-credentials.json'), 'utf8'));
  const session = await call(`${url}/api/v1/sessions`, { body: { userId: 'ada.admin', password: credentials['ada.admin'].password } });
  const token = /** @type {string} */ (session.body.token);
  return {
    url: /** @type {string} */ (url),
    engine,
    token,
    pid: /** @type {number} */ (child.pid),
    sqliteFile: path.join(data, 'lineside.sqlite'),
    schema,
    /** Resident set size of the server process, from /proc. */
    rssBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
    },
    /** CPU seconds (user + system) the server process has used, from /proc (clock ticks of 1/100 s). */
    cpuSeconds() {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(data, { recursive: true, force: true });
      if (engine === 'postgres') await withPg((client) => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

/** @template T @param {(client: pg.Client) => Promise<T>} run */
export async function withPg(run) {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** @param {string} url @param {{ method?: string, token?: string, body?: unknown, raw?: string, headers?: Record<string,string> }} init */
export async function call(url, init = {}) {
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const response = await fetch(url, {
    method: init.method ?? (body === undefined ? 'GET' : 'POST'),
    headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), ...init.headers },
    ...(body !== undefined ? { body } : {}),
  });
  return { status: response.status, body: /** @type {Record<string, unknown>} */ (await response.json()) };
}

/** A kiosk with a real key and chain, signing weighings ahead of time. */
export class BenchKiosk {
  key = generateKioskKey();
  privateKey = importPrivateKey(this.key.privateKeyPem);
  kioskId = '';
  keyId = '';
  seq = 0;
  lastHash = GENESIS_HASH;

  /** @param {number} n */
  sign(n) {
    const out = [];
    for (let i = 0; i < n; i++) {
      this.seq += 1;
      const at = new Date();
      const value = `${10 + (this.seq % 50)}.${String(this.seq % 1000).padStart(3, '0')}`;
      const { record, hash } = signRecord(
        {
          v: 1, id: uuidv7(at.getTime()), kioskId: this.kioskId, keyId: this.keyId, alg: 'Ed25519', seq: this.seq, prevHash: this.lastHash,
          type: 'weighing.recorded', payloadSchema: 'weighing.recorded@1', appVersion: '0.1.0',
          actor: { kind: 'user', userId: 'olivia.operator', printedName: 'Olivia Operator' },
          occurredAt: at.toISOString().replace('Z', '+00:00'),
          time: { hlc: `${at.toISOString()}-0000-${this.kioskId}`, bootId: 'boot-1', monoMs: String(this.seq * 1000) },
          masterDataVersion: 1, subject: { equipment: 'BAL-01' },
          payload: { equipmentId: 'BAL-01', value, unit: 'g', basis: 'net', stable: true, raw: `S S      ${value} g`, readAt: at.toISOString() },
        },
        this.privateKey,
      );
      this.lastHash = hash;
      out.push(record);
    }
    return out;
  }

  /** Pre-built push bodies of `size` records each. @param {number} batches @param {number} size */
  bodies(batches, size) {
    return Array.from({ length: batches }, () => JSON.stringify({ kioskId: this.kioskId, keyId: this.keyId, records: this.sign(size) }));
  }

  /** @param {string} url @param {string} body */
  async push(url, body) {
    const authorization = signRequest({ method: 'POST', pathWithQuery: '/sync/v1/push', body }, this.keyId, this.privateKey, new Date());
    const response = await fetch(`${url}/sync/v1/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body });
    const answer = await response.json();
    if (response.status !== 200) throw new Error(`push of ${this.kioskId} answered ${response.status}: ${JSON.stringify(answer)}`);
    return answer;
  }
}

/** Enrolls and approves `n` kiosks, each on a station made for it through the master-data API. */
export async function enrollKiosks(server, n, prefix = 'B') {
  const kiosks = [];
  for (let i = 1; i <= n; i++) {
    const stationId = `${prefix}-${String(i).padStart(4, '0')}`;
    const put = await call(`${server.url}/api/v1/master-data/station/${stationId}`, { method: 'PUT', token: server.token, body: { data: { id: stationId, name: `bench ${stationId}`, room: 'BENCH', kioskId: `K-${stationId}`, equipmentIds: ['BAL-01'], offlineGraceHours: 72 }, reason: 'benchmark station' } });
    if (put.status !== 200) throw new Error(`station ${stationId}: ${JSON.stringify(put.body)}`);
    const kiosk = new BenchKiosk();
    const code = await call(`${server.url}/api/v1/enrollment-codes`, { token: server.token, body: { reason: 'test: enroll a kiosk', stationId } });
    const enrolled = await call(`${server.url}/sync/v1/enroll`, { body: { code: code.body.code, publicKey: kiosk.key.publicKey, appVersion: '0.1.0' } });
    if (enrolled.status !== 201) throw new Error(`enroll ${stationId}: ${JSON.stringify(enrolled.body)}`);
    kiosk.kioskId = /** @type {string} */ (enrolled.body.kioskId);
    kiosk.keyId = /** @type {string} */ (enrolled.body.keyId);
    const approved = await call(`${server.url}/api/v1/kiosks/${kiosk.kioskId}/approve`, { method: 'POST', token: server.token });
    if (approved.status !== 200) throw new Error(`approve ${kiosk.kioskId}: ${JSON.stringify(approved.body)}`);
    kiosks.push(kiosk);
  }
  return kiosks;
}

/** Bytes the records table and its indexes take, per engine. */
export async function recordsBytes(server) {
  if (server.engine === 'postgres') {
    return withPg(async (client) => Number((await client.query(`SELECT pg_total_relation_size('${server.schema}.records') AS n`)).rows[0].n));
  }
  const { default: SQLite } = await import('better-sqlite3');
  const db = new SQLite(server.sqliteFile, { readonly: true });
  try {
    const row = db.prepare(`SELECT SUM(pgsize) AS n FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = 'records')`).get();
    return Number(row.n);
  } finally {
    db.close();
  }
}
