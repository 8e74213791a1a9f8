// lineside-verify: checks a batch-record bundle offline (README §5). Exit 0 verified, 1 a check failed, 2 bad input.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyBundle } from './bundle-verify.js';

const USAGE = `Usage: lineside-verify [--server-key <fingerprint>] [--quiet] <bundle.json>

Verifies a Lineside batch-record bundle (GET /api/v1/batch-records/<order>/bundle) offline:
every server key rotation, the server's manifest and receipts, every audit entry, every kiosk key
and its enrollment, every record's signature and chain link, every review signature's hash.
  --server-key <fp>  trust only the server key with this fingerprint (16 hex, as in CODE@fp)
  --quiet            print only the verdict
Exit status: 0 verified, 1 a check failed (the first failure is named), 2 the input is not usable.`;

function fail(message: string): never {
  process.stderr.write(`lineside-verify: ${message}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parseArgs<{ options: { 'server-key': { type: 'string' }; quiet: { type: 'boolean' }; help: { type: 'boolean'; short: 'h' } }; allowPositionals: true }>>;
try {
  parsed = parseArgs({ options: { 'server-key': { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true });
} catch (error) {
  fail(`${(error as Error).message} (see --help)`);
}
const { values, positionals } = parsed;
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (positionals.length !== 1) fail(positionals.length === 0 ? 'name the bundle file to verify (see --help)' : `verify one bundle at a time, not ${positionals.length}`);
const pinned = values['server-key'];
if (pinned !== undefined && !/^[0-9a-fA-F]{16}$/.test(pinned)) fail(`--server-key ${pinned} is not a key fingerprint (16 hex digits)`);
const file = positionals[0]!;

let text: string;
try {
  text = readFileSync(file, 'utf8');
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  fail(code === 'ENOENT' ? `${file}: no such file` : code === 'EISDIR' ? `${file} is a folder, not a bundle file` : `${file} cannot be read: ${(error as Error).message}`);
}
let input: unknown;
try {
  input = JSON.parse(text);
} catch (error) {
  fail(`${file} is not JSON: ${(error as Error).message}`);
}

const result = verifyBundle(input, pinned === undefined ? {} : { pinnedServerKey: pinned });
if (!result.ok && result.checks.length === 0) fail(`${file}: ${result.failure}`);
if (!values.quiet) for (const check of result.checks) process.stdout.write(`  ok  ${check}\n`);
if (result.ok) {
  process.stdout.write(`VERIFIED: ${file} — order ${result.orderId}, ${result.checks.length} checks passed\n`);
  process.exit(0);
}
process.stdout.write(`FAILED: ${result.failure}\n`);
process.exit(1);
