// @ts-check
// The workspaces' bins: npm links a bin only if its file exists at install time, and dist/ is built later,
// so each bin is a committed launcher that builds the workspace once on first use, then runs dist/.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const repoRoot = path.resolve(import.meta.dirname, '..');

/**
 * Runs a built entry point, building the workspace first (npm run build) when one of its files is missing.
 * @param {string} name the command's name, for its one-line messages
 * @param {readonly string[]} files repo-relative files the command needs; the first is the entry point
 */
export async function runBuilt(name, files) {
  const missing = files.filter((file) => !existsSync(path.join(repoRoot, file)));
  if (missing.length > 0) {
    // stdout stays the command's own (e.g. --help); the build talks on stderr.
    process.stderr.write(`${name}: ${missing[0]} is not built yet; running npm run build once (about a minute) …\n`);
    const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
    const stillMissing = files.find((file) => !existsSync(path.join(repoRoot, file)));
    if (build.error || build.status !== 0 || stillMissing) {
      const why = build.error ? build.error.message : build.status !== 0 ? `exit code ${build.status}` : `${stillMissing} still missing`;
      process.stderr.write(`${name}: the build failed (${why}); run npm run build in ${repoRoot} to see why\n`);
      process.exit(1);
    }
  }
  await import(pathToFileURL(path.join(repoRoot, files[0] ?? '')).href);
}
