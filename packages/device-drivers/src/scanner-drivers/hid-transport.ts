// One HID device, as the HID POS driver needs it; node-hid in production, recorded reports in tests.
import type { Failure } from '../events.js';

export interface HidDeviceInfo {
  path?: string;
  vendorId: number;
  productId: number;
  usagePage?: number;
  usage?: number;
  product?: string;
  manufacturer?: string;
  serialNumber?: string;
}

export interface HidTransport {
  devices(): Promise<HidDeviceInfo[]>;
  /** a hidraw path, or vid:pid in hex */
  open(path: string): Promise<{ ok: true } | Failure>;
  on(event: 'data', listener: (report: Uint8Array) => void): () => void;
  on(event: 'error', listener: (error: Error) => void): () => void;
  close(): Promise<void>;
}

/** HID POS barcode scanners announce usage page 0x8C (DEVICES.md §4.1). */
export const HID_POS_USAGE_PAGE = 0x8c;
