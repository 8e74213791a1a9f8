// lineside-devices simulate + read --once for the pH meters and scanners, as a technician runs them.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, startProcess, stopAll } from '../support/processes.js';
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

async function simulate(args: string[]): Promise<{ path: string; stop: () => Promise<number | null> }> {
  const simulator = startProcess(process.execPath, [cli, 'simulate', ...args], { name: `simulate ${args.join(' ')}` });
  const announced = JSON.parse((await simulator.waitForLine(/^\{"driver"/)).input!) as { path: string };
  return { path: announced.path, stop: () => simulator.stop('SIGINT') };
}

describe.skipIf(skip !== undefined)(`lineside-devices CLI: pH meters and scanners${skip ? ` (skipped: ${skip})` : ''}`, () => {
  beforeAll(() => {
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-b', 'packages/device-drivers'], { cwd: repoRoot, stdio: 'inherit' });
  }, 120_000);
  afterEach(async () => {
    await stopAll();
  });

  it.each(['orion-star', 'hanna'])('simulate --driver %s --ph 6.50, then read --once prints the stable pH', async (driver) => {
    const sim = await simulate(['--driver', driver, '--ph', '6.50', '--mv', '29.6', '--temperature', '21.4']);
    const result = run(['read', '--driver', driver, '--port', sim.path, '--once', '--device-id', 'PH-01', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'ph', deviceId: 'PH-01', ph: { text: '6.50', units: '650', exponent: -2 }, mV: { text: '29.6' }, temperatureC: { text: '21.4' }, stable: true });
    expect(await sim.stop()).toBe(0);
  });

  it('read --once on an out-of-calibration Hanna prints the reason and exits 1 at the timeout', async () => {
    const sim = await simulate(['--driver', 'hanna', '--ph', '6.50', '--out-of-calibration']);
    const result = run(['read', '--driver', 'hanna', '--port', sim.path, '--once', '--timeout-ms', '1500']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('out-of-calibration');
    expect(result.stderr).toContain('no stable pH');
  });

  it('simulate --driver scanner-serial --scan, then read --once prints the scan with its symbology and GS', async () => {
    const sim = await simulate(['--driver', 'scanner-serial', '--scan', ']d2010950110154002610MCC-118{GS}17280131', '--every-ms', '100']);
    const result = run(['read', '--driver', 'scanner-serial', '--port', sim.path, '--once', '--device-id', 'SCN-01', '--timeout-ms', '10000']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ kind: 'scan', deviceId: 'SCN-01', symbology: ']d2', data: '010950110154002610MCC-118\x1d17280131' });
    expect(await sim.stop()).toBe(0);
  });

  it('read --driver scanner-hid-pos names a missing vid:pid and exits 1', () => {
    const result = run(['read', '--driver', 'scanner-hid-pos', '--port', 'ffff:fffe', '--once', '--timeout-ms', '1000']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('device-not-found');
    expect(result.stderr).toContain('ffff:fffe');
  });

  it('refuses --hid-length-rule for a serial driver or with an unknown rule, with exit code 2', () => {
    const serial = run(['read', '--driver', 'hanna', '--port', '/dev/null', '--hid-length-rule', 'data-bytes']);
    expect(serial.code).toBe(2);
    expect(serial.stderr).toContain('--hid-length-rule is for --driver scanner-hid-pos');
    const unknown = run(['read', '--driver', 'scanner-hid-pos', '--port', 'ffff:fffe', '--hid-length-rule', 'bytes']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('"bytes"');
  });

  it('refuses simulate --driver scanner-serial without a --scan, with exit code 2', () => {
    const result = run(['simulate', '--driver', 'scanner-serial']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--scan');
  });

  it('--help lists every driver for read and simulate', () => {
    const help = run(['--help']).stdout;
    for (const driver of ['orion-star', 'hanna', 'scanner-serial', 'scanner-hid-pos']) expect(help).toContain(driver);
  });
});
