import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A query nobody calls is code a maintainer reads, tests and migrates for nothing (issue 8 §5).
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const dbDir = path.join(root, 'apps/sync-server/src/db');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name === 'artifacts') return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(ts|tsx|js|mjs)$/.test(entry.name) ? [full] : [];
  });
}

describe('the sync server’s queries', () => {
  it('are each called from somewhere outside their own module (server, tests, demo or scripts)', () => {
    const everywhere = ['apps/sync-server/src', 'tests', 'demo', 'scripts'].flatMap((dir) => sources(path.join(root, dir))).map((file) => ({ file, text: readFileSync(file, 'utf8') }));
    const modules = readdirSync(dbDir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    const unused: string[] = [];
    for (const name of modules) {
      const file = path.join(dbDir, name);
      for (const [, fn] of readFileSync(file, 'utf8').matchAll(/^export (?:async )?function (\w+)/gm)) {
        const called = new RegExp(`\\b${fn}\\b`);
        if (!everywhere.some((s) => s.file !== file && called.test(s.text))) unused.push(`${name}: ${fn}`);
      }
    }
    expect(unused).toEqual([]);
  });
});
