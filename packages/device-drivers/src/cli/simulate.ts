import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseScenario, type Scenario } from '../simulator/scenario.js';
import { SIMULATED_DRIVERS, startSimulator, type SimulatedDriver } from '../simulator/index.js';
import type { BalanceSimulatorControl } from '../simulator/balance-host.js';
import { joinNegativeValues, UsageError, type CliIo } from './io.js';
import {
  INSTRUMENT_SIMULATORS,
  startInstrumentSimulator,
  type InstrumentSimulatorName,
} from './simulate-instruments.js';

const ALL_SIMULATORS = [...SIMULATED_DRIVERS, ...INSTRUMENT_SIMULATORS] as const;

export const SIMULATE_HELP = `lineside-devices simulate --driver <${ALL_SIMULATORS.join('|')}> [options]
  Starts a simulated device on a pseudo-terminal (needs socat), prints {"driver": ..., "path": "<pty to open>"}
  and runs until Ctrl-C.
  balances:  [--scenario <file.json>] [--load <decimal>] [--decimals <0-6>] [--capacity <decimal>, default 220
             at the given decimals]
             [--model <text>] [--stdin-control]. A scenario file is
             {"driver":"<same driver>","balance":{...},"steps":[{"atMs":0,"load":"12.34"}],"loopMs":10000}.
             --stdin-control reads one command a line from stdin: "load <decimal>" puts that load on the
             pan, "motion on|off" makes the reading unstable or stable again; each is answered on stdout
             with {"load": ...} or {"motion": ...}, a bad line on stderr (the simulator keeps running).
  pH meters: [--ph <decimal>] [--mv <decimal>] [--temperature <decimal °C>] [--unstable] [--out-of-calibration (hanna)]
  scanner-serial: --scan <AIM prefix + data> (repeatable; {GS} is the GS separator) [--every-ms <n>, default 1000]:
             sends the scans in turn, one every n ms.`;

const VALUE_FLAGS = [
  '--driver',
  '--scenario',
  '--load',
  '--ph',
  '--mv',
  '--temperature',
  '--scan',
  '--every-ms',
  '--decimals',
  '--capacity',
  '--model',
];

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: joinNegativeValues(args, VALUE_FLAGS),
    strict: true,
    options: {
      driver: { type: 'string' },
      scenario: { type: 'string' },
      load: { type: 'string' },
      ph: { type: 'string' },
      mv: { type: 'string' },
      temperature: { type: 'string' },
      unstable: { type: 'boolean' },
      'out-of-calibration': { type: 'boolean' },
      scan: { type: 'string', multiple: true },
      'every-ms': { type: 'string' },
      'stdin-control': { type: 'boolean' },
      decimals: { type: 'string' },
      capacity: { type: 'string' },
      model: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(SIMULATE_HELP);
    return 0;
  }
  const driver = values.driver;
  if (driver === undefined)
    throw new UsageError(`--driver is required (one of ${ALL_SIMULATORS.join(', ')})`);
  if ((INSTRUMENT_SIMULATORS as readonly string[]).includes(driver)) {
    let running;
    try {
      running = await startInstrumentSimulator(driver as InstrumentSimulatorName, values);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      io.err(`simulate: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    io.out(JSON.stringify({ driver, path: running.path }));
    await io.interrupted();
    await running.close();
    return 0;
  }
  if (!(SIMULATED_DRIVERS as readonly string[]).includes(driver))
    throw new UsageError(
      `no simulator for --driver ${JSON.stringify(driver)} (available: ${ALL_SIMULATORS.join(', ')})`,
    );
  let scenario: Scenario | undefined;
  if (values.scenario !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(values.scenario, 'utf8'));
    } catch (error) {
      io.err(
        `simulate: cannot read scenario ${values.scenario}: ${error instanceof Error ? error.message : String(error)}`,
      );
      return 1;
    }
    const parsed = parseScenario(json, values.scenario);
    if (!parsed.ok) {
      io.err(`simulate: ${parsed.message}`);
      return 1;
    }
    if (parsed.value.driver !== driver) {
      io.err(`simulate: scenario ${values.scenario} is for ${parsed.value.driver}, not --driver ${driver}`);
      return 1;
    }
    scenario = parsed.value;
  }
  const balance: { decimals?: number; capacity?: string; model?: string } = {};
  if (values.decimals !== undefined) {
    if (!/^[0-6]$/.test(values.decimals))
      throw new UsageError(
        `--decimals ${JSON.stringify(values.decimals)}: expected a whole number from 0 to 6`,
      );
    balance.decimals = Number(values.decimals);
  }
  if (values.capacity !== undefined) {
    if (!/^\d+(\.\d+)?$/.test(values.capacity))
      throw new UsageError(
        `--capacity ${JSON.stringify(values.capacity)}: expected a positive decimal such as 220.00000`,
      );
    balance.capacity = values.capacity;
  }
  if (values.model !== undefined) balance.model = values.model;
  let running;
  try {
    running = await startSimulator({
      driver: driver as SimulatedDriver,
      ...balance,
      ...(scenario !== undefined ? { scenario } : {}),
      ...(values.load !== undefined ? { load: values.load } : {}),
    });
  } catch (error) {
    io.err(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  io.out(JSON.stringify({ driver, path: running.path }));
  const stopControl =
    values['stdin-control'] === true
      ? io.lines?.((line) => controlLine(line, running.control, io))
      : undefined;
  await io.interrupted();
  stopControl?.();
  await running.close();
  return 0;
}

/** One --stdin-control line: change the simulated pan and say what it now holds, or why not. */
export function controlLine(
  line: string,
  control: BalanceSimulatorControl,
  io: Pick<CliIo, 'out' | 'err'>,
): void {
  const [command, argument, ...rest] = line.trim().split(/\s+/);
  if (!command) return;
  if (command === 'load' && argument !== undefined && rest.length === 0) {
    if (!/^-?\d+(\.\d+)?$/.test(argument)) {
      io.err(
        `simulate: stdin-control: load ${JSON.stringify(argument)} is not a decimal number (e.g. load 62.50000)`,
      );
      return;
    }
    try {
      control.setLoad(argument);
    } catch (error) {
      io.err(
        `simulate: stdin-control: load ${argument} refused: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    io.out(JSON.stringify({ load: argument }));
    return;
  }
  if (command === 'motion' && (argument === 'on' || argument === 'off') && rest.length === 0) {
    control.setMotion(argument === 'on');
    io.out(JSON.stringify({ motion: argument }));
    return;
  }
  io.err(
    `simulate: stdin-control: ${JSON.stringify(line.trim())} is not a command; expected "load <decimal>" or "motion on|off"`,
  );
}
