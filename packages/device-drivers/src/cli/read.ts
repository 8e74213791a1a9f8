import { parseArgs } from 'node:util';
import {
  BALANCE_DRIVERS,
  createBalanceDriver,
  type BalanceDriverOptions,
  type SerialOptions,
} from '../balance.js';
import type { DeviceEvent } from '../events.js';
import { createPhMeterDriver, PH_METER_DRIVERS, type PhMeterDriverName } from '../ph-meter.js';
import { createScannerDriver, SCANNER_DRIVERS } from '../scanner-driver.js';
import { EXIT, joinNegativeValues, UsageError, type CliIo } from './io.js';

export const READ_DRIVERS = [...BALANCE_DRIVERS, ...PH_METER_DRIVERS, ...SCANNER_DRIVERS] as const;
export type ReadDriverName = (typeof READ_DRIVERS)[number];

export const READ_HELP = `lineside-devices read --driver <${READ_DRIVERS.join('|')}> --port <path> [options]
  Prints one JSON line per device event (kind identity, weight, ph, scan, status, error) until Ctrl-C.
  --port <path>         serial port (/dev/serial/by-id/...); for scanner-hid-pos the hidraw path or vid:pid (hex)
  --baud <n>            default 9600
  --parity <p>          none|even|odd|mark|space (default none)
  --data-bits <n>       5|6|7|8 (default 8)
  --stop-bits <n>       1|1.5|2 (default 1)
  --device-id <id>      id carried by every event (default: the port path)
  --expected-serial-number <sn>  refuse an instrument with another serial number (exit code 3)
  --once                print the first stable weight, the first stable pH or the first scan, then exit 0
  --timeout-ms <n>      with --once: give up after n ms with exit code 1 and one line naming the last
                        problem seen (overload, busy, no-reply, ...) (default 30000)
  --hid-length-rule <r> scanner-hid-pos: how the report's length byte counts, data-bytes (Access-IS, default)
                        or length-minus-one (Honeywell/WebHID reference)`;

const HID_LENGTH_RULES = ['data-bytes', 'length-minus-one'] as const;

const PARITIES = ['none', 'even', 'odd', 'mark', 'space'] as const;

export interface ReadOptions extends SerialOptions {
  driver: ReadDriverName;
  deviceId: string;
  hidLengthRule?: (typeof HID_LENGTH_RULES)[number];
  expectedSerialNumber?: string;
}

const VALUE_FLAGS = [
  '--driver',
  '--port',
  '--baud',
  '--parity',
  '--data-bits',
  '--stop-bits',
  '--device-id',
  '--timeout-ms',
  '--hid-length-rule',
  '--expected-serial-number',
];

export function parseReadArgs(
  args: string[],
): { help: true } | { help: false; options: ReadOptions; once: boolean; timeoutMs: number } {
  const { values } = parseArgs({
    args: joinNegativeValues(args, VALUE_FLAGS),
    strict: true,
    options: {
      driver: { type: 'string' },
      port: { type: 'string' },
      baud: { type: 'string' },
      parity: { type: 'string' },
      'data-bits': { type: 'string' },
      'stop-bits': { type: 'string' },
      'device-id': { type: 'string' },
      once: { type: 'boolean' },
      'timeout-ms': { type: 'string' },
      'hid-length-rule': { type: 'string' },
      'expected-serial-number': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true };
  const driver = values.driver;
  if (driver === undefined) throw new UsageError(`--driver is required (one of ${READ_DRIVERS.join(', ')})`);
  if (!(READ_DRIVERS as readonly string[]).includes(driver))
    throw new UsageError(`unknown --driver ${JSON.stringify(driver)} (one of ${READ_DRIVERS.join(', ')})`);
  if (values.port === undefined)
    throw new UsageError(
      driver === 'scanner-hid-pos'
        ? '--port <hidraw path or vid:pid> is required (see lineside-devices list)'
        : '--port <path> is required (e.g. /dev/serial/by-id/...)',
    );
  if (values.port.trim() === '')
    throw new UsageError(
      `--port ${JSON.stringify(values.port)} names no port (e.g. /dev/serial/by-id/...; see lineside-devices list)`,
    );
  const expectedSerialNumber = values['expected-serial-number'];
  if (
    expectedSerialNumber !== undefined &&
    (expectedSerialNumber.trim() === '' || driver.startsWith('scanner'))
  ) {
    throw new UsageError(
      `--expected-serial-number is for balances and pH meters and may not be empty, got ${JSON.stringify(expectedSerialNumber)} for --driver ${driver}`,
    );
  }
  const hidLengthRule = values['hid-length-rule'];
  if (
    hidLengthRule !== undefined &&
    (driver !== 'scanner-hid-pos' || !(HID_LENGTH_RULES as readonly string[]).includes(hidLengthRule))
  ) {
    throw new UsageError(
      `--hid-length-rule is for --driver scanner-hid-pos and one of ${HID_LENGTH_RULES.join(', ')}, got ${JSON.stringify(hidLengthRule)}`,
    );
  }
  const parity = values.parity ?? 'none';
  if (!(PARITIES as readonly string[]).includes(parity))
    throw new UsageError(`--parity must be one of ${PARITIES.join(', ')}, got ${JSON.stringify(parity)}`);
  const dataBits = integer(values['data-bits'] ?? '8', '--data-bits');
  if (![5, 6, 7, 8].includes(dataBits))
    throw new UsageError(`--data-bits must be 5, 6, 7 or 8, got ${dataBits}`);
  const stopBits = Number(values['stop-bits'] ?? '1');
  if (stopBits !== 1 && stopBits !== 1.5 && stopBits !== 2)
    throw new UsageError(`--stop-bits must be 1, 1.5 or 2, got ${JSON.stringify(values['stop-bits'])}`);
  return {
    help: false,
    once: values.once === true,
    timeoutMs: integer(values['timeout-ms'] ?? '30000', '--timeout-ms'),
    options: {
      driver: driver as ReadDriverName,
      path: values.port,
      ...(hidLengthRule !== undefined
        ? { hidLengthRule: hidLengthRule as (typeof HID_LENGTH_RULES)[number] }
        : {}),
      ...(expectedSerialNumber !== undefined ? { expectedSerialNumber } : {}),
      deviceId: values['device-id'] ?? values.port,
      baudRate: integer(values.baud ?? '9600', '--baud'),
      parity: parity as NonNullable<BalanceDriverOptions['parity']>,
      dataBits: dataBits as 5 | 6 | 7 | 8,
      stopBits,
    },
  };
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0)
    throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** What --once waits for: a reading a technician can trust. */
function isFirstGood(event: DeviceEvent): boolean {
  if (event.kind === 'weight') return event.stable && event.basis !== 'tare';
  if (event.kind === 'ph') return event.stable;
  return event.kind === 'scan';
}

function createDriver(options: ReadOptions): {
  on(listener: (event: DeviceEvent) => void): () => void;
  start(): Promise<void>;
  close(): Promise<void>;
} {
  const { driver, hidLengthRule, expectedSerialNumber, ...rest } = options;
  if (driver === 'scanner-serial') return createScannerDriver({ ...rest, driver });
  if (driver === 'scanner-hid-pos')
    return createScannerDriver({
      driver,
      path: rest.path,
      deviceId: rest.deviceId,
      ...(hidLengthRule !== undefined ? { lengthRule: hidLengthRule } : {}),
    });
  const expected = expectedSerialNumber !== undefined ? { expectedSerialNumber } : {};
  if ((PH_METER_DRIVERS as readonly string[]).includes(driver))
    return createPhMeterDriver({ ...rest, ...expected, driver: driver as PhMeterDriverName });
  return createBalanceDriver({ ...rest, ...expected, driver: driver as BalanceDriverOptions['driver'] });
}

/** What stands between --once and a good reading, in one line: the last error or state the device reported. */
function problemOf(event: DeviceEvent): string | undefined {
  if (event.kind === 'error') return `${event.code}: ${event.message}`;
  // 'reconnecting' follows the error that says why; the error is the news.
  if (
    event.kind === 'status' &&
    event.state !== 'connected' &&
    event.state !== 'connecting' &&
    event.state !== 'reconnecting' &&
    event.state !== 'closed'
  )
    return `${event.state}: ${event.message}`;
  return undefined;
}

export async function readCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseReadArgs(args);
  if (parsed.help) {
    io.out(READ_HELP);
    return EXIT.ok;
  }
  let driver: ReturnType<typeof createDriver>;
  try {
    driver = createDriver(parsed.options);
  } catch (error) {
    // The driver refuses an option combination (e.g. a serial number check on a meter that has none).
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const wanted = parsed.options.driver.startsWith('scanner')
    ? 'scan'
    : (PH_METER_DRIVERS as readonly string[]).includes(parsed.options.driver)
      ? 'stable pH'
      : 'stable weight';
  // A timer keeps the process alive while the driver waits for a reconnect that may never come.
  let keepAlive: NodeJS.Timeout | undefined;
  const done = new Promise<number>((resolve) => {
    let problem: string | undefined;
    driver.on((event: DeviceEvent) => {
      if (event.kind === 'error' && event.code === 'serial-number-changed') {
        // The driver stops reading for good: say so in one line and end.
        io.err(`read: ${event.message}`);
        resolve(EXIT.wrongInstrument);
        return;
      }
      if (!parsed.once) {
        io.out(JSON.stringify(event));
        return;
      }
      if (isFirstGood(event)) {
        io.out(JSON.stringify(event));
        resolve(EXIT.ok);
        return;
      }
      // Back in range (the driver says 'connected' again) clears the problem: it is no longer why there is no good reading.
      if (event.kind === 'status' && event.state === 'connected') problem = undefined;
      else problem = problemOf(event) ?? problem;
    });
    if (parsed.once) {
      keepAlive = setTimeout(() => {
        io.err(
          `read --once: no ${wanted} from ${parsed.options.path} within ${parsed.timeoutMs} ms${problem !== undefined ? `; last: ${problem}` : ''}`,
        );
        resolve(EXIT.failed);
      }, parsed.timeoutMs);
    } else {
      keepAlive = setInterval(() => undefined, 1 << 30);
    }
    void io.interrupted().then(() => resolve(EXIT.ok));
  });
  await driver.start();
  const code = await done;
  clearTimeout(keepAlive);
  await driver.close();
  return code;
}
