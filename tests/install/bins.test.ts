import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeTempDirs, repoRoot, startProcess, stopAll, tempDir } from '../support/processes.js';

// What npm needs to link a workspace bin on `npm install` (it links only files that exist then), and what
// the linked launcher does before and after `npm run build`. .ci/run checks the same from a real fresh clone.
const WORKSPACES = [
  { dir: 'apps/sync-server', name: 'lineside-server', usage: 'Usage: lineside-server [options]' },
  { dir: 'apps/kiosk', name: 'lineside-kiosk', usage: 'Usage: lineside-kiosk [options]' },
  { dir: 'packages/device-drivers', name: 'lineside-devices', usage: 'lineside-devices' },
  { dir: 'packages/sync-protocol', name: 'lineside-verify', usage: 'Usage: lineside-verify' },
] as const;

async function run(file: string, args: string[], cwd = repoRoot): Promise<{ code: number | null; stdout: string[]; all: string[] }> {
  const proc = startProcess(process.execPath, [file, ...args], { name: path.basename(file), cwd });
  const code = await new Promise<number | null>((resolve) => proc.child.once('close', resolve));
  return { code, stdout: proc.output, all: proc.output };
}

afterEach(async () => {
  await stopAll();
  removeTempDirs();
});

describe('the commands npm links on install', () => {
  const tracked = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' }).split('\n');

  for (const workspace of WORKSPACES) {
    it(`${workspace.name}: its bin is a committed executable file, so a fresh clone's npm install links it, and --help works`, async () => {
      const manifest = JSON.parse(readFileSync(path.join(repoRoot, workspace.dir, 'package.json'), 'utf8')) as { bin: Record<string, string> };
      const target = manifest.bin[workspace.name];
      expect(target).toBeDefined();
      const file = path.posix.join(workspace.dir, path.posix.normalize(target!));
      expect(tracked).toContain(file);
      expect(file).not.toMatch(/\/dist\//);
      expect(statSync(path.join(repoRoot, file)).mode & 0o111).not.toBe(0);
      expect(readFileSync(path.join(repoRoot, file), 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
      const help = await run(path.join(repoRoot, file), ['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout.join('\n')).toContain(workspace.usage);
    });
  }

  it('builds on first use when dist/ is missing, then runs the command; a failed build is one line, exit 1', async () => {
    // A stand-in repository: the real launcher and run-built.js, and a build script that writes the entry point.
    const root = tempDir('bins-first-run');
    mkdirSync(path.join(root, 'scripts'));
    mkdirSync(path.join(root, 'apps/sync-server/bin'), { recursive: true });
    copyFileSync(path.join(repoRoot, 'scripts/run-built.js'), path.join(root, 'scripts/run-built.js'));
    copyFileSync(path.join(repoRoot, 'apps/sync-server/bin/lineside-server.js'), path.join(root, 'apps/sync-server/bin/lineside-server.js'));
    const launcher = path.join(root, 'apps/sync-server/bin/lineside-server.js');
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'stand-in', private: true, type: 'module', scripts: { build: 'node build.js' } }));
    writeFileSync(
      path.join(root, 'build.js'),
      "import { mkdirSync, writeFileSync } from 'node:fs';\nif (process.env.FAIL_BUILD) process.exit(3);\nmkdirSync('apps/sync-server/dist', { recursive: true });\nwriteFileSync('apps/sync-server/dist/bin.js', 'console.log(`server ran with ${process.argv.slice(2).join(\" \")}`);\\n');\n",
    );

    const failed = startProcess(process.execPath, [launcher, '--help'], { name: 'first-run-fail', cwd: root, env: { FAIL_BUILD: '1' } });
    expect(await new Promise((resolve) => failed.child.once('close', resolve))).toBe(1);
    expect(failed.output).toEqual([
      'lineside-server: apps/sync-server/dist/bin.js is not built yet; running npm run build once (about a minute) …',
      `lineside-server: the build failed (exit code 3); run npm run build in ${root} to see why`,
    ]);

    const first = await run(launcher, ['--help'], root);
    expect(first.code).toBe(0);
    expect(first.all).toEqual(['lineside-server: apps/sync-server/dist/bin.js is not built yet; running npm run build once (about a minute) …', 'server ran with --help']);
    const second = await run(launcher, ['--port', '0'], root);
    expect(second.all).toEqual(['server ran with --port 0']);
  });
});
