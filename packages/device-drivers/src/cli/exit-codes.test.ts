// The README's exit-code table is the one the CLI uses: same codes, nothing missing, nothing extra.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXIT } from './io.js';

describe('lineside-devices exit codes', () => {
  it('the README documents exactly the codes in EXIT', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.slice(readme.indexOf('| exit code |'));
    const documented = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| (\d+) \|/gm)].map((m) =>
      Number(m[1]),
    );
    expect(documented).toEqual(Object.values(EXIT).sort((a, b) => a - b));
  });
});
