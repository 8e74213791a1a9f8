import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseScenario, type Scenario } from '../simulator/scenario.js';
import { SIMULATED_DRIVERS, startSimulator, type SimulatedDriver } from '../simulator/index.js';
import { UsageError, type CliIo } from './io.js';
import { INSTRUMENT_SIMULATORS, startInstrumentSimulator, type InstrumentSimulatorName } from './simulate-instruments.js';

const ALL_SIMULATORS = [...SIMULATED_DRIVERS, ...INSTRUMENT_SIMULATORS] as const;

export const SIMULATE_HELP = `lineside-devices simulate --driver <${ALL_SIMULATORS.join('|')}> [options]
  Starts a simulated device on a pseudo-terminal (needs socat), prints {"driver": ..., "path": "<pty to open>"}
  and runs until Ctrl-C.
  balances:  [--scenario <file.json>] [--load <decimal>]. A scenario file is
             {"driver":"<same driver>","balance":{...},"steps":[{"atMs":0,"load":"12.34"}],"loopMs":10000}.
  pH meters: [--ph <decimal>] [--mv <decimal>] [--temperature <decimal °C>] [--unstable] [--out-of-calibration (hanna)]
  scanner-serial: --scan <AIM prefix + data> (repeatable; {GS} is the GS separator) [--every-ms <n>, default 1000]:
             sends the scans in turn, one every n ms.`;

export async function simulateCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    io.out(SIMULATE_HELP);
    return 0;
  }
  const driver = values.driver;
  if (driver === undefined) throw new UsageError(`--driver is required (one of ${ALL_SIMULATORS.join(', ')})`);
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
  if (!(SIMULATED_DRIVERS as readonly string[]).includes(driver)) throw new UsageError(`no simulator for --driver ${JSON.stringify(driver)} (available: ${ALL_SIMULATORS.join(', ')})`);
  let scenario: Scenario | undefined;
  if (values.scenario !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(values.scenario, 'utf8'));
    } catch (error) {
      io.err(`simulate: cannot read scenario ${values.scenario}: ${error instanceof Error ? error.message : String(error)}`);
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
  let running;
  try {
    running = await startSimulator({ driver: driver as SimulatedDriver, ...(scenario !== undefined ? { scenario } : {}), ...(values.load !== undefined ? { load: values.load } : {}) });
  } catch (error) {
    io.err(`simulate: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  io.out(JSON.stringify({ driver, path: running.path }));
  await io.interrupted();
  await running.close();
  return 0;
}
