import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, fileKeyProvider, seedDemoPlant, type DatabaseOptions } from '@lineside/sync-server';
import type { SyncStatusView } from '../../../apps/kiosk/src/shared/api.js';
import type { Clock } from '../../../apps/kiosk/src/core/clock.js';
import { startKioskCore, type KioskCore, type KioskCoreOptions } from '../../../apps/kiosk/src/core/kiosk.js';

export type Cleanup = () => Promise<void> | void;

/** Runs the registered cleanups last-first; call from afterEach. */
export function cleanupList() {
  const cleanups: Cleanup[] = [];
  return {
    add: (cleanup: Cleanup) => void cleanups.push(cleanup),
    async run() {
      const errors: unknown[] = [];
      for (const cleanup of cleanups.splice(0).reverse()) {
        try {
          await cleanup();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length > 0) throw errors[0];
    },
  };
}

export function ownTempDir(cleanups: ReturnType<typeof cleanupList>, prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `lineside-${prefix}-`));
  cleanups.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One clock for kiosk and server that the test moves: wall and monotonic advance together. */
export function simulatedClock(startMs: number) {
  let wall = startMs;
  let mono = 1_000_000n;
  const clock: Clock & { advance(ms: number): void; now(): Date } = {
    wallMs: () => wall,
    monoMs: () => mono,
    utcOffsetMinutes: () => 0,
    advance(ms) {
      wall += ms;
      mono += BigInt(ms);
    },
    now: () => new Date(wall),
  };
  return clock;
}

export interface AdminClient {
  (method: string, route: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }>;
  login(): Promise<void>;
}

/** Signs in as the seeded admin (or `userId`) and calls /api/v1/*; login() again after the test clock passed the session's expiry. */
export function adminClient(url: string, password: string, userId = 'ada.admin'): AdminClient {
  let token = '';
  const call = (async (method: string, route: string, body?: unknown) => {
    const response = await fetch(url + route, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }) as AdminClient;
  call.login = async () => {
    const response = await fetch(`${url}/api/v1/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, password }) });
    if (response.status !== 200 && response.status !== 201) throw new Error(`login of ${userId} failed: HTTP ${response.status} ${await response.text()}`);
    token = ((await response.json()) as { token: string }).token;
  };
  return call;
}

/** The real sync server in this process, seeded with the demo plant: on `database`, or SQLite in a temp folder. */
export async function startInProcessServer(cleanups: ReturnType<typeof cleanupList>, options: { now?: () => Date; database?: DatabaseOptions } = {}) {
  const database = options.database ?? { engine: 'sqlite', file: path.join(ownTempDir(cleanups, 'faults-server'), 'server.sqlite') };
  // The signing key is kept out of the database: beside a SQLite file by default, in a temp folder for PostgreSQL.
  const serverKeys = database.engine === 'postgres' ? fileKeyProvider(ownTempDir(cleanups, 'faults-server-keys')) : undefined;
  const app = await buildApp({ database, ...(serverKeys ? { serverKeys } : {}), ...(options.now ? { now: options.now } : {}) });
  cleanups.add(() => app.close());
  const credentials = await seedDemoPlant(app.db, app.engine, options.now?.() ?? new Date());
  const admin = credentials?.['ada.admin'];
  if (!admin?.password) throw new Error('the demo seed has no ada.admin password');
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const asAdmin = adminClient(url, admin.password);
  await asAdmin.login();
  return { url, app, asAdmin, credentials };
}

export async function newEnrollCode(asAdmin: AdminClient, stationId = 'DISP-1'): Promise<string> {
  const { status, body } = await asAdmin('POST', '/api/v1/enrollment-codes', { reason: 'test: enroll a kiosk', stationId });
  if (status !== 201) throw new Error(`enrollment code refused: HTTP ${status} ${JSON.stringify(body)}`);
  return String(body.code);
}

export async function startCore(cleanups: ReturnType<typeof cleanupList>, options: Omit<KioskCoreOptions, 'dataDir'> & { dataDir?: string }): Promise<KioskCore> {
  const dataDir = options.dataDir ?? ownTempDir(cleanups, 'faults-kiosk');
  const started = await startKioskCore({
    ...options,
    dataDir,
    sync: { approvalPollMs: 50, idlePollMs: 60_000, haltedPollMs: 60_000, backoff: { baseMs: 20, maxMs: 200 }, ...options.sync },
  });
  if (!started.ok) throw new Error(started.message);
  cleanups.add(() => started.core.close());
  return started.core;
}

/** Resolves on the first sync status that satisfies `predicate` (an event, not a poll). */
export function syncReaches(core: KioskCore, predicate: (view: SyncStatusView) => boolean, what: string, timeoutMs = 20_000): Promise<SyncStatusView> {
  return new Promise((resolve, reject) => {
    const check = (view: SyncStatusView) => {
      if (!predicate(view)) return;
      off();
      clearTimeout(timer);
      resolve(view);
    };
    const off = core.sync.onStatus(check);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`sync never reached: ${what}; last status ${JSON.stringify(core.sync.status())}`));
    }, timeoutMs);
    check(core.sync.status());
  });
}

export async function approve(asAdmin: AdminClient, core: KioskCore, kioskId = 'K-DISP-1'): Promise<void> {
  await syncReaches(core, (v) => v.phase === 'pending', 'pending after enrollment');
  const { status, body } = await asAdmin('POST', `/api/v1/kiosks/${kioskId}/approve`);
  if (status !== 200) throw new Error(`approve refused: HTTP ${status} ${JSON.stringify(body)}`);
}

export interface ServerRecord {
  readonly kioskId: string;
  readonly seq: number;
  readonly hash: string;
  readonly occurredAt: string;
  readonly payload: Record<string, unknown>;
  readonly signatureVerified: boolean;
  readonly flags: ReadonlyArray<{ code: string; message: string }>;
}

/** Every record the server holds from a kiosk, through the supervisor API, page by page. */
export async function serverRecords(asAdmin: AdminClient, kioskId = 'K-DISP-1'): Promise<ServerRecord[]> {
  const all: ServerRecord[] = [];
  for (;;) {
    const { status, body } = await asAdmin('GET', `/api/v1/records?kioskId=${kioskId}&afterSeq=${all.at(-1)?.seq ?? 0}&limit=1000`);
    if (status !== 200) throw new Error(`records refused: HTTP ${status} ${JSON.stringify(body)}`);
    const page = body.records as ServerRecord[];
    all.push(...page);
    if (page.length < 1000) return all;
  }
}
