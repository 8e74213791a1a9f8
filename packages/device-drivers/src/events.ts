import type { ExactDecimal } from './decimal.js';

// What every device driver emits; the kiosk core stores `raw` with each accepted reading (audit trail).

export interface DeviceEventBase {
  readonly deviceId: string;
  /** ISO time the frame was completed */
  readonly at: string;
  /** frame bytes as latin1, one char per byte, lossless; '' when no frame */
  readonly raw: string;
}

export interface IdentityEvent extends DeviceEventBase {
  kind: 'identity';
  model?: string;
  serialNumber?: string;
  firmware?: string;
  capacity?: string;
}

export const WEIGHT_BASES = ['net', 'gross', 'tare', 'unknown'] as const;

export interface WeightEvent extends DeviceEventBase {
  kind: 'weight';
  value: ExactDecimal;
  unit: string;
  stable: boolean;
  basis: (typeof WEIGHT_BASES)[number];
}

export interface PhEvent extends DeviceEventBase {
  kind: 'ph';
  ph: ExactDecimal;
  mV?: ExactDecimal;
  temperatureC?: ExactDecimal;
  stable: boolean;
  slopePercent?: ExactDecimal;
}

export interface ScanEvent extends DeviceEventBase {
  kind: 'scan';
  /** AIM symbology identifier like ']d2' */
  symbology?: string;
  data: string;
}

export const DEVICE_STATES = ['connecting', 'connected', 'disconnected', 'reconnecting', 'overload', 'underload', 'busy', 'closed'] as const;

export interface StatusEvent extends DeviceEventBase {
  kind: 'status';
  state: (typeof DEVICE_STATES)[number];
  message: string;
}

export interface ErrorEvent extends DeviceEventBase {
  kind: 'error';
  /** kebab-case, e.g. 'port-not-found', 'port-locked', 'no-reply', 'line-too-long', 'syntax-error', 'serial-number-changed' */
  code: string;
  /** names the port/device and the reason */
  message: string;
}

export type DeviceEvent = IdentityEvent | WeightEvent | PhEvent | ScanEvent | StatusEvent | ErrorEvent;

/** A refusal or failure the caller is expected to handle. */
export interface Failure {
  ok: false;
  code: string;
  message: string;
}
