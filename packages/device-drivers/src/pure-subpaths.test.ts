// ./scanner and ./gs1 are exported for the kiosk renderer (a browser): their whole import graph must be
// free of node:* and of any package, or the renderer bundle would break.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = dirname(fileURLToPath(import.meta.url));
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

function importGraph(entry: string): { files: string[]; outside: string[] } {
  const files = new Set<string>();
  const outside: string[] = [];
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2] ?? match[3] ?? '';
      if (specifier.startsWith('.')) visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else outside.push(`${relative(src, file)} imports ${specifier}`);
    }
  };
  visit(join(src, entry));
  return { files: [...files].map((f) => relative(src, f)), outside };
}

describe('pure subpath exports', () => {
  it.each(['scanner/index.ts', 'gs1/index.ts'])('%s imports nothing from node:* or any package', (entry) => {
    const graph = importGraph(entry);
    expect(graph.files.length).toBeGreaterThan(1);
    expect(graph.outside).toEqual([]);
  });

  it('package.json exports ./scanner and ./gs1 with source and dist entries', () => {
    const pkg = JSON.parse(readFileSync(join(src, '../package.json'), 'utf8')) as { exports: Record<string, Record<string, string>> };
    expect(pkg.exports['./scanner']).toEqual({ types: './dist/scanner/index.d.ts', source: './src/scanner/index.ts', default: './dist/scanner/index.js' });
    expect(pkg.exports['./gs1']).toEqual({ types: './dist/gs1/index.d.ts', source: './src/gs1/index.ts', default: './dist/gs1/index.js' });
  });
});
