// lineside-devices label as a commissioning engineer runs it: built JS, real child processes; what it
// prints parses back with lineside-devices gs1 to exactly the flags given.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readZpl } from '@lineside/device-drivers';
import { repoRoot, removeTempDirs, tempDir } from '../support/processes.js';

const cli = path.join(repoRoot, 'packages/device-drivers/dist/cli/main.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

const flags = [
  '--sscc',
  '095011010010000008',
  '--gtin',
  '09501101540019',
  '--lot',
  'PCM-2401',
  '--expiry',
  '2027-06-30',
  '--net-kg',
  '25.2015',
];
const expected = [
  { ai: '00', raw: '095011010010000008' },
  { ai: '01', raw: '09501101540019' },
  { ai: '17', raw: '270630' },
  { ai: '3104', raw: '252015' },
  { ai: '10', raw: 'PCM-2401' },
];

function gs1(data: string): { code: number; elements: { ai: string; raw: string }[]; problems: unknown[] } {
  const result = run(['gs1', data]);
  const parsed = JSON.parse(result.stdout) as {
    elements: { ai: string; raw: string }[];
    problems: unknown[];
  };
  return {
    code: result.code,
    elements: parsed.elements.map(({ ai, raw }) => ({ ai, raw })),
    problems: parsed.problems,
  };
}

describe('lineside-devices label', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/device-drivers'],
      { cwd: repoRoot, stdio: 'inherit' },
    );
  }, 120_000);
  afterEach(() => removeTempDirs());

  it('--format zpl: every barcode of the ZPL parses back with `lineside-devices gs1` to the flags, unchanged', () => {
    const result = run(['label', ...flags, '--format', 'zpl']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const [format] = readZpl(result.stdout);
    const matrix = format!.barcodes.find((b) => b.symbology === 'gs1-datamatrix')!;
    expect(gs1(matrix.data.replaceAll('\x1d', '{GS}'))).toEqual({
      code: 0,
      elements: expected,
      problems: [],
    });
    const linear = format!.barcodes
      .filter((b) => b.symbology === 'gs1-128')
      .flatMap((b) => gs1(b.data).elements);
    expect(linear).toEqual(expected);
  });

  it('--format svg and png with --out: the file is written and the data printed parses back unchanged', () => {
    const dir = tempDir('cli-label');
    for (const format of ['svg', 'png'] as const) {
      const file = path.join(dir, `label.${format}`);
      const result = run(['label', ...flags, '--format', format, '--out', file]);
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout) as { file: string; data: string };
      expect(printed.file).toBe(file);
      expect(gs1(printed.data)).toEqual({ code: 0, elements: expected, problems: [] });
      const bytes = readFileSync(file);
      if (format === 'png') expect(bytes.subarray(1, 4).toString()).toBe('PNG');
      else
        expect(bytes.toString()).toContain(
          '<desc>(00)095011010010000008(01)09501101540019(17)270630(3104)252015(10)PCM-2401</desc>',
        );
    }
  });

  it.each([
    [['--sscc', '095011010010000007'], /--sscc 095011010010000007 has a wrong check digit/],
    [['--sscc', '12345'], /--sscc "12345" must be 18 digits/],
    [['--gtin', '09501101540018'], /--gtin 09501101540018 has a wrong check digit/],
    [['--lot', 'PCM 2401'], /--lot "PCM 2401" must be 1 to 20/],
    [['--expiry', '2027-02-30'], /--expiry "2027-02-30" is not a date YYYY-MM-DD/],
    [['--net-kg', '1.234567'], /--net-kg 1.234567 has 6 decimals; AI 310n carries at most 5/],
    [['--net-kg', '1234567'], /--net-kg 1234567 needs 7 digits; AI 3100 carries 6/],
    [['--net-kg', 'heavy'], /--net-kg "heavy" is not a decimal number/],
    [['--format', 'pdf'], /--format "pdf" is not one of zpl, png, svg/],
    [['--format', 'png'], /--format png needs --out/],
    [['--colour', 'red'], /Unknown option '--colour'/],
  ])('%j is a usage error (exit 2) naming the flag and the reason', (change, message) => {
    const args = [...flags];
    const at = args.indexOf(change[0]!);
    if (at >= 0) args.splice(at, 2, ...change);
    else args.push(...change);
    const result = run(['label', ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('a missing flag is named', () => {
    const result = run(['label', '--sscc', '095011010010000008']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('missing --gtin, --lot, --expiry, --net-kg');
  });
});
