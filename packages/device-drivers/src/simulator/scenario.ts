// Scenario files for `lineside-devices simulate --scenario`: a balance and a timeline of what happens to it.
import type { BalanceSimulatorControl, BalanceSimulatorOptions } from './balance-host.js';
import { SIMULATED_DRIVERS, type SimulatedDriver } from './drivers.js';

export interface ScenarioStep {
  /** milliseconds after the simulator started (or after the loop restarted) */
  atMs: number;
  load?: string;
  motion?: boolean;
  overload?: boolean;
  underload?: boolean;
  weightError?: number | null;
  print?: boolean;
  /** latin1 bytes written as they are */
  noise?: string;
}

export interface Scenario {
  driver: SimulatedDriver;
  balance: BalanceSimulatorOptions;
  steps: ScenarioStep[];
  /** restart the steps after this many ms */
  loopMs?: number;
}

type Result<T> = { ok: true; value: T } | { ok: false; code: 'invalid-scenario'; message: string };

const invalid = (where: string, reason: string): Result<never> => ({ ok: false, code: 'invalid-scenario', message: `scenario ${where}: ${reason}` });

export function parseScenario(json: unknown, source = 'file'): Result<Scenario> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return invalid(source, 'must be a JSON object');
  const object = json as Record<string, unknown>;
  const driver = object['driver'];
  if (typeof driver !== 'string' || !(SIMULATED_DRIVERS as readonly string[]).includes(driver)) {
    return invalid(`${source} .driver`, `must be one of ${SIMULATED_DRIVERS.map((d) => JSON.stringify(d)).join(', ')}, got ${JSON.stringify(driver)}`);
  }
  const balance = object['balance'] ?? {};
  if (typeof balance !== 'object' || balance === null || Array.isArray(balance)) return invalid(`${source} .balance`, 'must be an object');
  for (const [key, value] of Object.entries(balance)) {
    const allowed: Record<string, string> = { serialNumber: 'string', model: 'string', firmware: 'string', capacity: 'string', unit: 'string', decimals: 'number', load: 'string', stabilityTimeoutMs: 'number', updateIntervalMs: 'number' };
    if (allowed[key] === undefined) return invalid(`${source} .balance.${key}`, `unknown setting; known: ${Object.keys(allowed).join(', ')}`);
    if (typeof value !== allowed[key]) return invalid(`${source} .balance.${key}`, `must be a ${allowed[key]}`);
  }
  const stepsValue = object['steps'] ?? [];
  if (!Array.isArray(stepsValue)) return invalid(`${source} .steps`, 'must be an array');
  const steps: ScenarioStep[] = [];
  for (const [index, step] of stepsValue.entries()) {
    const where = `${source} .steps[${index}]`;
    if (typeof step !== 'object' || step === null) return invalid(where, 'must be an object');
    const s = step as Record<string, unknown>;
    if (typeof s['atMs'] !== 'number' || !(s['atMs'] >= 0)) return invalid(`${where}.atMs`, 'must be a number >= 0');
    for (const key of Object.keys(s)) {
      if (!['atMs', 'load', 'motion', 'overload', 'underload', 'weightError', 'print', 'noise'].includes(key)) return invalid(`${where}.${key}`, 'unknown field');
    }
    if (s['load'] !== undefined && typeof s['load'] !== 'string') return invalid(`${where}.load`, 'must be a decimal string like "12.3400"');
    for (const flag of ['motion', 'overload', 'underload', 'print'] as const) {
      if (s[flag] !== undefined && typeof s[flag] !== 'boolean') return invalid(`${where}.${flag}`, 'must be true or false');
    }
    if (s['weightError'] !== undefined && s['weightError'] !== null && typeof s['weightError'] !== 'number') return invalid(`${where}.weightError`, 'must be an error number or null');
    if (s['noise'] !== undefined && typeof s['noise'] !== 'string') return invalid(`${where}.noise`, 'must be a string');
    steps.push(s as unknown as ScenarioStep);
  }
  const loopMs = object['loopMs'];
  if (loopMs !== undefined && (typeof loopMs !== 'number' || !(loopMs > 0))) return invalid(`${source} .loopMs`, 'must be a number > 0');
  return { ok: true, value: { driver: driver as SimulatedDriver, balance: balance as BalanceSimulatorOptions, steps, ...(loopMs !== undefined ? { loopMs } : {}) } };
}

/** Plays the steps against a running simulator; returns a stop function. */
export function playScenario(scenario: Scenario, control: BalanceSimulatorControl): () => void {
  const timers: NodeJS.Timeout[] = [];
  const schedule = (): void => {
    for (const step of scenario.steps) timers.push(setTimeout(() => applyStep(step, control), step.atMs));
    if (scenario.loopMs !== undefined) timers.push(setTimeout(schedule, scenario.loopMs));
  };
  schedule();
  return () => {
    for (const timer of timers) clearTimeout(timer);
  };
}

function applyStep(step: ScenarioStep, control: BalanceSimulatorControl): void {
  if (step.load !== undefined) control.setLoad(step.load);
  if (step.motion !== undefined) control.setMotion(step.motion);
  if (step.overload === true) control.setOverload();
  if (step.underload !== undefined) control.setUnderload(step.underload);
  if (step.weightError !== undefined) control.setWeightError(step.weightError ?? undefined);
  if (step.noise !== undefined) void control.writeRaw(step.noise);
  if (step.print === true) void control.pressPrint();
}
