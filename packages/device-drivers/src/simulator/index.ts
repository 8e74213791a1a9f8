// Simulators speak the real protocol over a real pty, so drivers are tested exactly as in production.
import type { BalanceSimulatorControl, BalanceSimulatorOptions } from './balance-host.js';
import { MtSicsSimulator, type MtSicsControl } from './mt-sics/simulator.js';
import { PrintLineSimulator } from './print-line/simulator.js';
import { playScenario, type Scenario } from './scenario.js';
import { SIMULATED_DRIVERS, type SimulatedDriver } from './drivers.js';

export * from './drivers.js';
export * from './pty-pair.js';
export * from './balance-host.js';
export * from './scenario.js';
export * from './balance-model.js';
export * from './mt-sics/simulator.js';
export * from './print-line/dialects.js';
export * from './print-line/simulator.js';

export interface StartSimulatorOptions<D extends SimulatedDriver = SimulatedDriver> extends BalanceSimulatorOptions {
  driver: D;
  scenario?: Scenario;
}

export interface RunningSimulator<C extends BalanceSimulatorControl = BalanceSimulatorControl> {
  /** the pty (a stable symlink) the driver opens */
  path: string;
  control: C;
  close(): Promise<void>;
}

export function startSimulator(options: StartSimulatorOptions<'mt-sics'>): Promise<RunningSimulator<MtSicsControl>>;
export function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator>;
export async function startSimulator(options: StartSimulatorOptions): Promise<RunningSimulator> {
  const { driver, scenario, ...settings } = options;
  if (!(SIMULATED_DRIVERS as readonly string[]).includes(driver)) throw new RangeError(`no simulator for driver ${JSON.stringify(driver)}; available: ${SIMULATED_DRIVERS.join(', ')}`);
  if (scenario !== undefined && scenario.driver !== driver) throw new RangeError(`scenario is for ${scenario.driver}, not ${driver}`);
  const balance = { ...scenario?.balance, ...settings };
  const simulator = driver === 'mt-sics' ? await MtSicsSimulator.start(balance) : await PrintLineSimulator.start(driver, balance);
  const stop = scenario !== undefined ? playScenario(scenario, simulator) : () => undefined;
  return {
    path: simulator.path,
    control: simulator,
    close: async () => {
      stop();
      await simulator.close();
    },
  };
}
export * from './pty-host.js';
export * from './ph/ph-model.js';
export * from './ph/orion-simulator.js';
export * from './ph/hanna-simulator.js';
export * from './scanner/serial-scanner-simulator.js';
