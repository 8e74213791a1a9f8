#!/usr/bin/env node
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from './app.js';
import type { DatabaseOptions } from './db/engine.js';
import { DEMO_SCRYPT_COST_ENV, demoScryptCost, seedDemoPlant } from './seed/demo-plant.js';
import { fileKeyProvider } from './security/server-key-store.js';
import { readTlsFiles, type TlsFiles } from './tls-files.js';

const USAGE = `Usage: lineside-server [options]

  --port <n>              port to listen on (default 8080; 0 picks a free port)
  --host <addr>           address to listen on (default 127.0.0.1)
  --data <dir>            data folder; the SQLite file is <dir>/lineside.sqlite (default ./data);
                          the server's private signing key is <dir>/keys/server-1.pem (0600),
                          also with PostgreSQL: every server process on one database needs it
  --database-url <url>    use PostgreSQL instead of SQLite (or set DATABASE_URL)
  --database-schema <s>   PostgreSQL schema to use (created if missing; default public)
  --seed-demo             seed the demo plant into an empty database and write
                          <data>/demo-credentials.json (mode 0600) with generated passwords/PINs;
                          ${DEMO_SCRYPT_COST_ENV}=<n> makes their scrypt cost n (tests: 1024)
  --verify-workers <n>    threads verifying push signatures, each batch split across them
                          (default: one per core; 0 verifies on the event loop)
  --tls-cert <file>       PEM certificate (chain) to serve HTTPS with; needs --tls-key
  --tls-key <file>        PEM private key of that certificate (unencrypted; keep it 0600)
  --help                  print this help

Exit codes: 0 stopped on request (SIGINT/SIGTERM), 1 could not start or close (database,
port in use), 2 wrong command line or a file it names (e.g. --tls-cert) unusable.
`;

function fail(message: string): never {
  process.stderr.write(`lineside-server: ${message} (see --help)\n`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      data: { type: 'string', default: './data' },
      'database-url': { type: 'string' },
      'database-schema': { type: 'string' },
      'seed-demo': { type: 'boolean', default: false },
      'verify-workers': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const port = Number(values.port);
if (!/^\d+$/.test(values.port) || port > 65535) fail(`--port must be a number from 0 to 65535, not ${JSON.stringify(values.port)}`);

// One core stays with the event loop; the others verify signatures.
const verifyWorkers = values['verify-workers'] === undefined ? Math.max(1, availableParallelism()) : Number(values['verify-workers']);
if (!Number.isInteger(verifyWorkers) || verifyWorkers < 0 || verifyWorkers > 64) fail(`--verify-workers must be a whole number from 0 to 64, not ${JSON.stringify(values['verify-workers'])}`);

const certFile = values['tls-cert'];
const keyFile = values['tls-key'];
if ((certFile === undefined) !== (keyFile === undefined)) fail(certFile === undefined ? '--tls-key needs --tls-cert as well' : '--tls-cert needs --tls-key as well');
let https: TlsFiles | undefined;
if (certFile !== undefined && keyFile !== undefined) {
  const tls = readTlsFiles(certFile, keyFile);
  if (!tls.ok) fail(tls.message);
  https = tls.value;
}

let demoCost: number | undefined;
try {
  demoCost = demoScryptCost();
} catch (error) {
  fail((error as Error).message);
}

// Records, the signing key and demo credentials live here: files 0600, folders 0700.
process.umask(0o077);
const dataDir = values.data;
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
const schema = values['database-schema'];
const database: DatabaseOptions = databaseUrl ? { engine: 'postgres', url: databaseUrl, ...(schema ? { schema } : {}) } : { engine: 'sqlite', file: path.join(dataDir, 'lineside.sqlite') };
mkdirSync(dataDir, { recursive: true, mode: 0o700 });

let app: Awaited<ReturnType<typeof buildApp>>;
try {
  app = await buildApp({ database, serverKeys: fileKeyProvider(path.join(dataDir, 'keys')), verifyWorkers, logger: { level: process.env.LINESIDE_LOG_LEVEL ?? 'warn' }, ...(https ? { https } : {}) });
} catch (error) {
  // A database that cannot be opened or migrated is an operator's problem: one clear line, exit 1.
  process.stderr.write(`lineside-server: cannot start: ${firstLine(error)}\n`);
  process.exit(1);
}

let closing = false;
async function shutdown(signal: string) {
  if (closing) return;
  closing = true;
  app.log.info(`${signal}: closing`);
  try {
    await app.close(); // closes the database too (database plugin's onClose)
    process.exit(0);
  } catch (error) {
    process.stderr.write(`lineside-server: failed to close cleanly: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

if (values['seed-demo']) {
  const credentials = await seedDemoPlant(app.db, app.engine, new Date(), { scryptCost: demoCost });
  const file = path.join(dataDir, 'demo-credentials.json');
  if (credentials) {
    writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
    process.stdout.write(`Seeded the demo plant; demo passwords and PINs are in ${file}\n`);
  } else {
    process.stdout.write(`The database already holds data; not seeding (credentials stay in ${file})\n`);
  }
}

let address: string;
try {
  address = await app.listen({ port, host: values.host });
} catch (error) {
  process.stderr.write(`lineside-server: cannot listen on ${values.host}:${port}: ${firstLine(error)}\n`);
  await app.close().catch(() => {});
  process.exit(1);
}
const where = database.engine === 'sqlite' ? `sqlite: ${database.file}` : `postgres: ${redact(database.url)}`;
process.stdout.write(`Lineside server listening on ${address} (${where})\n`);

/** Never print a database password. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres';
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
