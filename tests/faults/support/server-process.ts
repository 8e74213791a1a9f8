import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DatabaseOptions } from '@lineside/sync-server';
import { repoRoot, startProcess, tempDir, type Started } from '../../support/processes.js';

export const serverBin = path.join(repoRoot, 'apps/sync-server/dist/bin.js');

export function requireBuiltServer(): void {
  if (!existsSync(serverBin)) throw new Error(`${serverBin} is missing: run npx tsc -b (these tests run the built server as a real process)`);
}

/**
 * The data folder for a server process on `database`: the bin keeps SQLite in `<data>/lineside.sqlite`, so
 * for SQLite it is the database's own folder; for PostgreSQL a temp folder for the demo credentials only.
 */
export function serverDataDir(database: DatabaseOptions, prefix: string): string {
  if (database.engine === 'postgres') return tempDir(prefix);
  if (path.basename(database.file) !== 'lineside.sqlite') throw new Error(`the server bin only opens <data>/lineside.sqlite, not ${database.file}`);
  return path.dirname(database.file);
}

/** The built sync server as its own process (data in `dataDir`, on `database`); `seed` only for the first start. */
export async function startServerProcess(dataDir: string, seed: boolean, database: DatabaseOptions): Promise<{ proc: Started; url: string; port: number }> {
  if (database.engine === 'sqlite' && database.file !== path.join(dataDir, 'lineside.sqlite')) throw new Error(`SQLite ${database.file} is not in the data folder ${dataDir}: use serverDataDir()`);
  const engineArgs = database.engine === 'postgres' ? ['--database-url', database.url, ...(database.schema ? ['--database-schema', database.schema] : [])] : [];
  const proc = startProcess('node', [serverBin, '--port', '0', '--data', dataDir, ...engineArgs, ...(seed ? ['--seed-demo'] : [])], {
    name: 'sync-server',
    // The engine comes from the flags alone: an inherited DATABASE_URL would send a SQLite run to PostgreSQL.
    env: { DATABASE_URL: undefined },
  });
  const [, url, engine] = await proc.waitForLine(/listening on (http:\/\/\S+) \((\w+):/);
  if (!url) throw new Error('the server printed no URL');
  if (engine !== database.engine) throw new Error(`the server runs on ${engine}, not on ${database.engine} as this test asked`);
  return { proc, url, port: Number(new URL(url).port) };
}

export function adminPassword(dataDir: string): string {
  const credentials = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as Record<string, { password?: string }>;
  const password = credentials['ada.admin']?.password;
  if (!password) throw new Error(`no ada.admin password in ${dataDir}/demo-credentials.json`);
  return password;
}
