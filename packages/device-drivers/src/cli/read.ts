import { parseArgs } from 'node:util';
import { BALANCE_DRIVERS, createBalanceDriver, type BalanceDriverOptions, type SerialOptions } from '../balance.js';
import type { DeviceEvent } from '../events.js';
import { createPhMeterDriver, PH_METER_DRIVERS, type PhMeterDriverName } from '../ph-meter.js';
import { createScannerDriver, SCANNER_DRIVERS } from '../scanner-driver.js';
import { UsageError, type CliIo } from './io.js';

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
  --once                print the first stable weight, the first stable pH or the first scan, then exit 0
  --timeout-ms <n>      with --once: give up after n ms with exit code 1 (default 30000)
  --hid-length-rule <r> scanner-hid-pos: how the report's length byte counts, data-bytes (Access-IS, default)
                        or length-minus-one (Honeywell/WebHID reference)`;

const HID_LENGTH_RULES = ['data-bytes', 'length-minus-one'] as const;

const PARITIES = ['none', 'even', 'odd', 'mark', 'space'] as const;

export interface ReadOptions extends SerialOptions {
  driver: ReadDriverName;
  deviceId: string;
  hidLengthRule?: (typeof HID_LENGTH_RULES)[number];
}

export function parseReadArgs(args: string[]): { help: true } | { help: false; options: ReadOptions; once: boolean; timeoutMs: number } {
  const { values } = parseArgs({
    args,
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) return { help: true };
  const driver = values.driver;
  if (driver === undefined) throw new UsageError(`--driver is required (one of ${READ_DRIVERS.join(', ')})`);
  if (!(READ_DRIVERS as readonly string[]).includes(driver)) throw new UsageError(`unknown --driver ${JSON.stringify(driver)} (one of ${READ_DRIVERS.join(', ')})`);
  if (values.port === undefined) throw new UsageError(driver === 'scanner-hid-pos' ? '--port <hidraw path or vid:pid> is required (see lineside-devices list)' : '--port <path> is required (e.g. /dev/serial/by-id/...)');
  const hidLengthRule = values['hid-length-rule'];
  if (hidLengthRule !== undefined && (driver !== 'scanner-hid-pos' || !(HID_LENGTH_RULES as readonly string[]).includes(hidLengthRule))) {
    throw new UsageError(`--hid-length-rule is for --driver scanner-hid-pos and one of ${HID_LENGTH_RULES.join(', ')}, got ${JSON.stringify(hidLengthRule)}`);
  }
  const parity = values.parity ?? 'none';
  if (!(PARITIES as readonly string[]).includes(parity)) throw new UsageError(`--parity must be one of ${PARITIES.join(', ')}, got ${JSON.stringify(parity)}`);
  const dataBits = integer(values['data-bits'] ?? '8', '--data-bits');
  if (![5, 6, 7, 8].includes(dataBits)) throw new UsageError(`--data-bits must be 5, 6, 7 or 8, got ${dataBits}`);
  const stopBits = Number(values['stop-bits'] ?? '1');
  if (stopBits !== 1 && stopBits !== 1.5 && stopBits !== 2) throw new UsageError(`--stop-bits must be 1, 1.5 or 2, got ${JSON.stringify(values['stop-bits'])}`);
  return {
    help: false,
    once: values.once === true,
    timeoutMs: integer(values['timeout-ms'] ?? '30000', '--timeout-ms'),
    options: {
      driver: driver as ReadDriverName,
      path: values.port,
      ...(hidLengthRule !== undefined ? { hidLengthRule: hidLengthRule as (typeof HID_LENGTH_RULES)[number] } : {}),
      deviceId: values['device-id'] ?? values.port,
      baudRate: integer(values.baud ?? '9600', '--baud'),
      parity: parity as NonNullable<BalanceDriverOptions['parity']>,
      dataBits: dataBits as 5 | 6 | 7 | 8,
      stopBits,
    },
  };
}

function integer(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

/** What --once waits for: a reading a technician can trust. */
function isFirstGood(event: DeviceEvent): boolean {
  if (event.kind === 'weight') return event.stable && event.basis !== 'tare';
  if (event.kind === 'ph') return event.stable;
  return event.kind === 'scan';
}

function createDriver(options: ReadOptions): { on(listener: (event: DeviceEvent) => void): () => void; start(): Promise<void>; close(): Promise<void> } {
  const { driver, hidLengthRule, ...rest } = options;
  if (driver === 'scanner-serial') return createScannerDriver({ ...rest, driver });
  if (driver === 'scanner-hid-pos') return createScannerDriver({ driver, path: rest.path, deviceId: rest.deviceId, ...(hidLengthRule !== undefined ? { lengthRule: hidLengthRule } : {}) });
  if ((PH_METER_DRIVERS as readonly string[]).includes(driver)) return createPhMeterDriver({ ...rest, driver: driver as PhMeterDriverName });
  return createBalanceDriver({ ...rest, driver: driver as BalanceDriverOptions['driver'] });
}

export async function readCommand(args: string[], io: CliIo): Promise<number> {
  const parsed = parseReadArgs(args);
  if (parsed.help) {
    io.out(READ_HELP);
    return 0;
  }
  const driver = createDriver(parsed.options);
  const wanted = parsed.options.driver.startsWith('scanner') ? 'scan' : (PH_METER_DRIVERS as readonly string[]).includes(parsed.options.driver) ? 'stable pH' : 'stable weight';
  const done = new Promise<number>((resolve) => {
    if (parsed.once) {
      driver.on((event: DeviceEvent) => {
        if (isFirstGood(event)) {
          io.out(JSON.stringify(event));
          resolve(0);
        } else if (event.kind === 'error') {
          io.err(`${event.code}: ${event.message}`);
        }
      });
      setTimeout(() => {
        io.err(`read --once: no ${wanted} from ${parsed.options.path} within ${parsed.timeoutMs} ms`);
        resolve(1);
      }, parsed.timeoutMs).unref();
    } else {
      driver.on((event) => io.out(JSON.stringify(event)));
    }
    void io.interrupted().then(() => resolve(0));
  });
  await driver.start();
  const code = await done;
  await driver.close();
  return code;
}
