import type { DeviceEvent, Failure, PhEvent } from './events.js';
import type { SerialDriverOptions } from './driver/serial-device-driver.js';
import { HannaDriver } from './ph/hanna-driver.js';
import { OrionStarDriver } from './ph/orion-driver.js';

export const PH_METER_DRIVERS = ['orion-star', 'hanna'] as const;
export type PhMeterDriverName = (typeof PH_METER_DRIVERS)[number];

export interface PhMeterDriverOptions extends SerialDriverOptions {
  driver: PhMeterDriverName;
  /** Hanna only: the byte sent before each command (default DLE 0x10, unverified on a meter); null sends none */
  hannaCommandPrefix?: number | null;
  /** Hanna only: RAS readings that must agree exactly before one counts as stable (default 3); RAS has no stability flag */
  hannaStableReadings?: number;
}

export type PhCaptureResult = { ok: true; reading: PhEvent } | Failure;

export interface PhMeterDriver {
  readonly deviceId: string;
  /** returns unsubscribe */
  on(listener: (event: DeviceEvent) => void): () => void;
  /** never rejects for device problems: emits error/status events and keeps retrying with backoff */
  start(): Promise<void>;
  /** the first stable (endpoint) reading within the timeout; out of calibration or range is a refusal */
  captureStable(options?: { timeoutMs?: number }): Promise<PhCaptureResult>;
  /** the last in-calibration reading, or undefined once it is no longer current */
  latest(): PhEvent | undefined;
  close(): Promise<void>;
}

export function createPhMeterDriver(options: PhMeterDriverOptions): PhMeterDriver {
  switch (options.driver) {
    case 'orion-star':
      return new OrionStarDriver(options);
    case 'hanna':
      // MDR and RAS carry no serial number: a check that could never fail must not look configured.
      if (options.expectedSerialNumber !== undefined) throw new RangeError(`Hanna meters do not report a serial number, so expectedSerialNumber ${JSON.stringify(options.expectedSerialNumber)} for ${options.deviceId} cannot be checked; register the meter by port instead`);
      return new HannaDriver(options);
    default: {
      const unknown: never = options.driver;
      throw new RangeError(`Unknown pH meter driver ${JSON.stringify(unknown)}; expected one of ${PH_METER_DRIVERS.join(', ')}`);
    }
  }
}
