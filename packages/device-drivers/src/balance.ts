import type { DeviceEvent, Failure, WeightEvent } from './events.js';
import { MtSicsDriver } from './mt-sics/driver.js';
import { PrintLineBalanceDriver } from './print-line/driver.js';
import { AND_STANDARD } from './print-line/and.js';
import { OHAUS } from './print-line/ohaus.js';
import { SARTORIUS_SBI } from './print-line/sartorius-sbi.js';

export const BALANCE_DRIVERS = ['mt-sics', 'sartorius-sbi', 'and', 'ohaus'] as const;
export type BalanceDriverName = (typeof BALANCE_DRIVERS)[number];

export interface SerialOptions {
  path: string;
  baudRate?: number;
  dataBits?: 5 | 6 | 7 | 8;
  parity?: 'none' | 'even' | 'odd' | 'mark' | 'space';
  stopBits?: 1 | 1.5 | 2;
}

export interface BalanceDriverOptions extends SerialOptions {
  driver: BalanceDriverName;
  deviceId: string;
  /** SI polling period (default 100 ms) */
  pollIntervalMs?: number;
  now?: () => Date;
  /** MT-SICS only: 'poll' sends SI every pollIntervalMs; 'stream' asks for SIR and falls back to polling on ES */
  mode?: 'poll' | 'stream';
  /** the serial number the equipment register expects; a different balance is refused */
  expectedSerialNumber?: string;
  /** answer time allowed for immediate commands (default 1000 ms) */
  commandTimeoutMs?: number;
  /** answer time allowed for commands that wait for stability: S, T, Z (default 10000 ms) */
  stabilityTimeoutMs?: number;
  /** reconnect backoff: first delay and ceiling (defaults 250 ms and 10 s), with ±20% jitter */
  reconnect?: { initialMs?: number; maxMs?: number };
}

export type CaptureResult = { ok: true; reading: WeightEvent } | Failure;
export type TareResult = { ok: true; tare?: WeightEvent } | Failure;
export type ZeroResult = { ok: true } | Failure;

export interface BalanceDriver {
  readonly deviceId: string;
  /** returns unsubscribe */
  on(listener: (event: DeviceEvent) => void): () => void;
  /** never rejects for device problems: emits error/status events and keeps retrying with backoff */
  start(): Promise<void>;
  captureStable(options?: { timeoutMs?: number }): Promise<CaptureResult>;
  tare(): Promise<TareResult>;
  zero(): Promise<ZeroResult>;
  latest(): WeightEvent | undefined;
  close(): Promise<void>;
}

export function createBalanceDriver(options: BalanceDriverOptions): BalanceDriver {
  switch (options.driver) {
    case 'mt-sics':
      return new MtSicsDriver(options);
    case 'sartorius-sbi':
      return new PrintLineBalanceDriver(options, SARTORIUS_SBI);
    case 'and':
      return new PrintLineBalanceDriver(options, AND_STANDARD);
    case 'ohaus':
      return new PrintLineBalanceDriver(options, OHAUS);
    default: {
      const unknown: never = options.driver;
      throw new RangeError(`Unknown balance driver ${JSON.stringify(unknown)}; expected one of ${BALANCE_DRIVERS.join(', ')}`);
    }
  }
}
