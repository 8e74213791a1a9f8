// `simulate` for the pH meters and the serial scanner: options straight from the command line.
import { parseDecimal } from '../decimal.js';
import { HannaSimulator } from '../simulator/ph/hanna-simulator.js';
import { OrionStarSimulator } from '../simulator/ph/orion-simulator.js';
import { SerialScannerSimulator } from '../simulator/scanner/serial-scanner-simulator.js';
import { splitAimPrefix } from '../scanner/aim.js';
import { UsageError } from './io.js';

export const INSTRUMENT_SIMULATORS = ['orion-star', 'hanna', 'scanner-serial'] as const;
export type InstrumentSimulatorName = (typeof INSTRUMENT_SIMULATORS)[number];

export interface InstrumentFlags {
  ph?: string;
  mv?: string;
  temperature?: string;
  unstable?: boolean;
  'out-of-calibration'?: boolean;
  scan?: string[];
  'every-ms'?: string;
}

export async function startInstrumentSimulator(
  driver: InstrumentSimulatorName,
  flags: InstrumentFlags,
): Promise<{ path: string; close(): Promise<void> }> {
  if (driver === 'scanner-serial') return startScanner(flags);
  const reading = {
    ph: decimal(flags.ph ?? '7.00', '--ph'),
    mV: decimal(flags.mv ?? '0.0', '--mv'),
    temperatureC: decimal(flags.temperature ?? '25.0', '--temperature'),
  };
  if (flags['out-of-calibration'] === true && driver !== 'hanna')
    throw new UsageError('--out-of-calibration is a Hanna status; the Orion record has none');
  const simulator =
    driver === 'hanna' ? await HannaSimulator.start(reading) : await OrionStarSimulator.start(reading);
  simulator.setUnstable(flags.unstable === true);
  if (simulator instanceof HannaSimulator)
    simulator.setOutOfCalibration(flags['out-of-calibration'] === true);
  return { path: simulator.path, close: () => simulator.close() };
}

async function startScanner(flags: InstrumentFlags): Promise<{ path: string; close(): Promise<void> }> {
  const scans = (flags.scan ?? []).map((text) => text.replaceAll('{GS}', '\x1d'));
  if (scans.length === 0)
    throw new UsageError(
      '--scan <data> is required for scanner-serial, e.g. --scan "]d2010950110154001917270331310305040310PCM-2401"',
    );
  const everyMs = Number(flags['every-ms'] ?? '1000');
  if (!Number.isInteger(everyMs) || everyMs <= 0)
    throw new UsageError(`--every-ms must be a positive integer, got ${JSON.stringify(flags['every-ms'])}`);
  const simulator = await SerialScannerSimulator.start();
  let next = 0;
  const timer = setInterval(() => {
    const split = splitAimPrefix(scans[next++ % scans.length] ?? '');
    void simulator.scan(split.data, split.symbology);
  }, everyMs);
  return {
    path: simulator.path,
    close: async () => {
      clearInterval(timer);
      await simulator.close();
    },
  };
}

function decimal(text: string, flag: string): string {
  if (parseDecimal(text) === null)
    throw new UsageError(`${flag} must be a decimal like 7.01, got ${JSON.stringify(text)}`);
  return text;
}
