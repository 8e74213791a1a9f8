// The lineside-devices CLI as an operator runs it: built JS, real child processes, a simulator on a pty.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { repoRoot, removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { requireTool } from '../support/tools.js';

const skip = requireTool('socat');
const cli = path.join(repoRoot, 'packages/device-drivers/dist/cli/main.js');

function run(args: string[]): { code: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(skip !== undefined)(`lineside-devices CLI${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/device-drivers'], { cwd: repoRoot, stdio: 'inherit' });
  }, 120_000);
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await stopAll();
    removeTempDirs();
  });

  it('read --once prints the first stable reading as one JSON line and exits 0', async () => {
    const sim = await MtSicsSimulator.start({ load: '-0.0082' });
    cleanups.push(() => sim.close());
    const reader = startProcess(process.execPath, [cli, 'read', '--driver', 'mt-sics', '--port', sim.path, '--once', '--device-id', 'BAL-CLI'], { name: 'read' });
    const exited = new Promise<number | null>((resolve) => reader.child.once('exit', (code) => resolve(code)));
    const line = await reader.waitForLine(/^\{"kind":"weight"/);
    expect(await exited).toBe(0);
    expect(JSON.parse(line.input!)).toMatchObject({
      kind: 'weight',
      deviceId: 'BAL-CLI',
      raw: 'S S    -0.0082 g',
      value: { text: '-0.0082', units: '-82', exponent: -4 },
      unit: 'g',
      stable: true,
      basis: 'net',
    });
    expect(reader.output.filter((l) => l.startsWith('{'))).toHaveLength(1);
  });

  it('simulate --scenario prints the pty path, a reader gets the scenario load, and Ctrl-C cleans up', async () => {
    const dir = tempDir('cli-scenario');
    const scenario = path.join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify({ driver: 'mt-sics', balance: { serialNumber: 'SIM-42', decimals: 2, capacity: '6000.00' }, steps: [{ atMs: 0, load: '1234.50' }] }));
    const simulator = startProcess(process.execPath, [cli, 'simulate', '--driver', 'mt-sics', '--scenario', scenario], { name: 'simulate' });
    const announced = JSON.parse((await simulator.waitForLine(/^\{"driver"/)).input!) as { path: string };
    expect(existsSync(announced.path)).toBe(true);
    const result = run(['read', '--driver', 'mt-sics', '--port', announced.path, '--once', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ value: { text: '1234.50' }, stable: true });
    expect(await simulator.stop('SIGINT')).toBe(0);
    expect(existsSync(path.dirname(announced.path))).toBe(false);
  });

  it.each(['sartorius-sbi', 'and', 'ohaus'])('simulate --driver %s and read --once against it', async (driver) => {
    const simulator = startProcess(process.execPath, [cli, 'simulate', '--driver', driver, '--load', '61.25'], { name: `simulate ${driver}` });
    const announced = JSON.parse((await simulator.waitForLine(/^\{"driver"/)).input!) as { driver: string; path: string };
    expect(announced.driver).toBe(driver);
    const result = run(['read', '--driver', driver, '--port', announced.path, '--once', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'weight', value: { text: '61.25', units: '6125', exponent: -2 }, unit: 'g', stable: true });
    expect(await simulator.stop('SIGINT')).toBe(0);
  });

  it('simulate refuses a bad scenario, naming the field', () => {
    const dir = tempDir('cli-bad-scenario');
    const scenario = path.join(dir, 'bad.json');
    writeFileSync(scenario, JSON.stringify({ driver: 'mt-sics', steps: [{ atMs: 0, load: 12 }] }));
    const result = run(['simulate', '--driver', 'mt-sics', '--scenario', scenario]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.steps[0].load');
  });
});

describe('lineside-devices CLI usage errors', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/device-drivers'], { cwd: repoRoot, stdio: 'inherit' });
  }, 120_000);

  it.each([
    [['read', '--driver', 'mt-sics'], /--port <path> is required/],
    [['read', '--driver', 'mt-sics', '--port', '/dev/x', '--bogus'], /Unknown option '--bogus'/],
    [['read', '--driver', 'scale9000', '--port', '/dev/x'], /unknown --driver "scale9000"/],
    [['read', '--driver', 'mt-sics', '--port', '/dev/x', '--parity', 'maybe'], /--parity must be one of/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('%j exits 2 with one line on stderr', (args, message) => {
    const result = run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  });

  it.each([['read'], ['simulate'], ['list'], ['gs1']])('%s --help prints usage and exits 0', (command) => {
    const result = run([command, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`lineside-devices ${command}`);
  });

  it('list prints JSON with serial ports and HID devices, and exits 0 even where udev is missing', () => {
    const result = run(['list']);
    expect(result.code).toBe(0);
    const listed = JSON.parse(result.stdout) as { serialPorts: unknown[]; hidDevices: unknown[] };
    expect(Array.isArray(listed.serialPorts)).toBe(true);
    expect(Array.isArray(listed.hidDevices)).toBe(true);
    if (listed.serialPorts.length === 0) expect(result.stderr).toMatch(/cannot list serial ports|^$/);
  });

  it('gs1 parses an element string and exits 1 on a bad check digit', () => {
    const good = run(['gs1', ']d20109501101530003{GS}10ABC']);
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ symbology: ']d2', elements: [{ ai: '01', raw: '09501101530003' }, { ai: '10', raw: 'ABC' }], problems: [] });
    const bad = run(['gs1', ']d20109501101530004']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).problems[0].code).toBe('bad-check-digit');
  });
});
