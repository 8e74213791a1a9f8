import type { DeviceEvent } from './events.js';
import type { SerialDriverOptions } from './driver/serial-device-driver.js';
import type { HidPosLengthRule } from './scanner/hid-pos.js';
import type { HidTransport } from './scanner-drivers/hid-transport.js';
import { HidPosScannerDriver } from './scanner-drivers/hid-pos-driver.js';
import { SerialScannerDriver } from './scanner-drivers/serial-scanner-driver.js';

export const SCANNER_DRIVERS = ['scanner-serial', 'scanner-hid-pos'] as const;
export type ScannerDriverName = (typeof SCANNER_DRIVERS)[number];

export interface SerialScannerOptions extends Omit<SerialDriverOptions, 'pollIntervalMs' | 'commandTimeoutMs' | 'stabilityTimeoutMs' | 'expectedSerialNumber'> {
  driver: 'scanner-serial';
  /** longest scan accepted, in bytes (default 4096); longer lines are reported and dropped */
  maxLineLength?: number;
  /**
   * a gap of this many ms or more before the end-of-scan suffix discards the scan so far, reported as
   * 'scan-interrupted' with its characters (default 100: a scanner sends a label in one burst)
   */
  interCharacterTimeoutMs?: number;
}

export interface HidScannerOptions {
  driver: 'scanner-hid-pos';
  /** the hidraw path from `lineside-devices list`, or `vid:pid` in hex (e.g. 0c2e:0b61) */
  path: string;
  deviceId: string;
  now?: () => Date;
  /** node-hid keeps the report ID as byte 0 (default true) */
  reportIdPresent?: boolean;
  /** how the vendor counts the length byte (default 'data-bytes', Access-IS) */
  lengthRule?: HidPosLengthRule;
  /** a report flagged "more follows" whose next report does not come within this many ms drops the scan as 'scan-interrupted' (default 100) */
  interReportTimeoutMs?: number;
  /** a fresh transport per connection; default node-hid, loaded on demand */
  transport?: () => HidTransport;
  reconnect?: { initialMs?: number; maxMs?: number };
}

export type ScannerDriverOptions = SerialScannerOptions | HidScannerOptions;

export interface ScannerDriver {
  readonly deviceId: string;
  /** returns unsubscribe */
  on(listener: (event: DeviceEvent) => void): () => void;
  /** never rejects for device problems: emits error/status events and keeps retrying with backoff */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createScannerDriver(options: ScannerDriverOptions): ScannerDriver {
  switch (options.driver) {
    case 'scanner-serial':
      return new SerialScannerDriver(options);
    case 'scanner-hid-pos':
      return new HidPosScannerDriver(options);
    default: {
      const unknown: never = options;
      throw new RangeError(`Unknown scanner driver ${JSON.stringify((unknown as { driver: unknown }).driver)}; expected one of ${SCANNER_DRIVERS.join(', ')}`);
    }
  }
}
