// Every lineside-devices failure is one line on stderr and an exit code from the README's table.
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MtSicsSimulator, PrintLineSimulator, type BalanceSimulatorControl } from '@lineside/device-drivers';
import { repoRoot, startProcess, stopAll } from '../support/processes.js';
import { requireTool } from '../support/tools.js';

const skip = requireTool('socat');
const cli = path.join(repoRoot, 'packages/device-drivers/dist/cli/main.js');

/** Runs the CLI without blocking this process (an in-process simulator must keep answering). */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line !== '');
  expect(lines, `stderr: ${stderr}`).toHaveLength(1);
  return lines[0]!;
}

beforeAll(() => {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/device-drivers'], { cwd: repoRoot, stdio: 'inherit' });
}, 120_000);

describe('lineside-devices failures without a device', () => {
  it.each([
    [['read', '--driver', 'mt-sics', '--port', ''], /--port "" names no port/],
    [['read', '--driver', 'mt-sics', '--port', '   ', '--once'], /--port " {3}" names no port/],
    [[], /a command is required/],
    [['read', '--driver', 'hanna', '--port', '/dev/null', '--expected-serial-number', 'X1'], /Hanna meters do not report a serial number/],
    [['simulate', '--driver', 'mt-sics', '--decimals', '7'], /--decimals "7"/],
  ])('%j: exit 2 (usage) and one line', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(oneLine(result.stderr)).toMatch(message);
  });

  it('read --once on a missing port: exit 1 at the timeout, one line naming the last problem', async () => {
    const result = await run(['read', '--driver', 'mt-sics', '--port', '/dev/lineside-no-such-port', '--once', '--timeout-ms', '600']);
    expect(result.code).toBe(1);
    expect(oneLine(result.stderr)).toMatch(/^read --once: no stable weight from \/dev\/lineside-no-such-port within 600 ms; last: port-not-found: /);
  });
});

describe.skipIf(skip !== undefined)(`lineside-devices failures against a simulator${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await stopAll();
  });

  async function balance(driver: 'mt-sics' | 'sartorius-sbi' | 'ohaus', options: { serialNumber?: string } = {}) {
    const sim = driver === 'mt-sics' ? await MtSicsSimulator.start({ load: '10.0000', ...options }) : await PrintLineSimulator.start(driver, { load: '10.00', ...options });
    cleanups.push(() => sim.close());
    return sim;
  }

  it.each<['mt-sics' | 'sartorius-sbi' | 'ohaus', 'overload' | 'busy', (sim: BalanceSimulatorControl) => void]>([
    ['mt-sics', 'overload', (sim) => sim.setOverload()],
    ['mt-sics', 'busy', (sim) => sim.setBusy(true)],
    ['sartorius-sbi', 'overload', (sim) => sim.setOverload()],
    ['ohaus', 'busy', (sim) => sim.setBusy(true)],
  ])('read --once on a %s balance that is %s names the status in one line and exits 1', async (driver, state, set) => {
    const sim = await balance(driver);
    set(sim);
    const result = await run(['read', '--driver', driver, '--port', sim.path, '--once', '--timeout-ms', '1500']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(oneLine(result.stderr)).toMatch(new RegExp(`^read --once: no stable weight from .* within 1500 ms; last: ${state}: `));
  });

  it.each([['--once'], []])('a serial-number refusal exits 3 with one line naming both numbers (%j)', async (...flags) => {
    const sim = await balance('mt-sics', { serialNumber: 'B999' });
    const result = await run(['read', '--driver', 'mt-sics', '--port', sim.path, '--expected-serial-number', 'B123', ...flags, '--timeout-ms', '5000']);
    expect(result.code).toBe(3);
    expect(result.stdout.split('\n').filter((l) => l.includes('"kind":"weight"'))).toEqual([]);
    const line = oneLine(result.stderr);
    expect(line).toContain('"B999"');
    expect(line).toContain('"B123"');
  });

  it('simulate --mv -1.2 (a negative value, not a flag): read --once shows it', async () => {
    const simulator = startProcess(process.execPath, [cli, 'simulate', '--driver', 'orion-star', '--ph', '7.05', '--mv', '-1.2', '--temperature', '-0.5'], { name: 'simulate orion' });
    const announced = JSON.parse((await simulator.waitForLine(/^\{"driver"/)).input!) as { path: string };
    const result = await run(['read', '--driver', 'orion-star', '--port', announced.path, '--once', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ph', ph: { text: '7.05' }, mV: { text: '-1.2' }, temperatureC: { text: '-0.5' } });
    expect(await simulator.stop('SIGINT')).toBe(0);
  });

  it('simulate --decimals 3 without --capacity: a 220 g balance at 3 decimals', async () => {
    const simulator = startProcess(process.execPath, [cli, 'simulate', '--driver', 'mt-sics', '--decimals', '3', '--load', '-12.5'], { name: 'simulate mt-sics' });
    const announced = JSON.parse((await simulator.waitForLine(/^\{"driver"/)).input!) as { path: string };
    const result = await run(['read', '--driver', 'mt-sics', '--port', announced.path, '--once', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'weight', value: { text: '-12.500' }, raw: 'S S    -12.500 g' });
    expect(await simulator.stop('SIGINT')).toBe(0);
  });
});
