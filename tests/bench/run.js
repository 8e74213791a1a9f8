// @ts-check
// `npm run bench`: runs every tests/bench/**/*.bench.mjs in its own Node process, one after another
// (never in parallel: on a 2-core machine, two benchmarks would measure each other). Each prints its
// figures beside the limit they are measured against. `npm run bench -- <filter>` runs the matching ones.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const benchDir = import.meta.dirname;
const filter = process.argv[2];
/** @param {string} dir @returns {string[]} */
const find = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'results' ? [] : find(full);
    return entry.name.endsWith('.bench.mjs') ? [full] : [];
  });
const files = find(benchDir).filter((f) => !filter || f.includes(filter)).sort();
console.log(`Lineside benchmarks on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log('Absolute times on a shared machine wander by ±30 %; read the ratios.\n');
let failed = 0;
for (const file of files) {
  console.log(`== ${path.relative(benchDir, file)}`);
  const result = spawnSync(process.execPath, ['--expose-gc', file], { stdio: 'inherit', cwd: path.resolve(benchDir, '../..') });
  if (result.status !== 0) {
    failed++;
    console.log(`!! ${path.relative(benchDir, file)} exited with ${result.status ?? result.signal}`);
  }
  console.log('');
}
if (files.length === 0) console.log(filter ? `no benchmark matches "${filter}"` : 'no benchmarks found');
process.exit(failed ? 1 : 0);
