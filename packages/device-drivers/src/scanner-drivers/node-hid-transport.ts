// node-hid behind HidTransport. Loaded by dynamic import: it needs libusb-1.0 on Linux, and a kiosk
// without a HID scanner must start without it.
import type * as NodeHid from 'node-hid';
import type { HIDAsync } from 'node-hid';
import type { Failure } from '../events.js';
import type { HidDeviceInfo, HidTransport } from './hid-transport.js';

type Listeners = { data: Set<(report: Uint8Array) => void>; error: Set<(error: Error) => void> };

export class NodeHidTransport implements HidTransport {
  private device: HIDAsync | undefined;
  private readonly listeners: Listeners = { data: new Set(), error: new Set() };

  async devices(): Promise<HidDeviceInfo[]> {
    const hid = await import('node-hid');
    return (await hid.devicesAsync()).map((d) => ({
      vendorId: d.vendorId,
      productId: d.productId,
      ...(d.path !== undefined ? { path: d.path } : {}),
      ...(d.usagePage !== undefined ? { usagePage: d.usagePage } : {}),
      ...(d.usage !== undefined ? { usage: d.usage } : {}),
      ...(d.product !== undefined ? { product: d.product } : {}),
      ...(d.manufacturer !== undefined ? { manufacturer: d.manufacturer } : {}),
      ...(d.serialNumber !== undefined ? { serialNumber: d.serialNumber } : {}),
    }));
  }

  async open(path: string): Promise<{ ok: true } | Failure> {
    let hid: typeof NodeHid;
    try {
      hid = await import('node-hid');
    } catch (error) {
      return { ok: false, code: 'hid-unavailable', message: `node-hid could not be loaded to open ${path}: ${reason(error)} (is libusb-1.0-0 installed?)` };
    }
    try {
      const ids = /^([0-9a-f]{4}):([0-9a-f]{4})$/i.exec(path);
      const device = ids?.[1] !== undefined && ids[2] !== undefined ? await hid.HIDAsync.open(parseInt(ids[1], 16), parseInt(ids[2], 16)) : await hid.HIDAsync.open(path);
      device.on('data', (report: Buffer) => {
        for (const listener of [...this.listeners.data]) listener(report);
      });
      device.on('error', (error: Error) => {
        for (const listener of [...this.listeners.error]) listener(error);
      });
      this.device = device;
      return { ok: true };
    } catch (error) {
      const text = reason(error);
      if (/not found|No HID devices|could not open/i.test(text)) return { ok: false, code: 'device-not-found', message: `HID device ${path} was not found: ${text}` };
      if (/permission|EACCES/i.test(text)) return { ok: false, code: 'permission-denied', message: `No permission to open HID device ${path} (add a udev rule for its hidraw node): ${text}` };
      return { ok: false, code: 'open-failed', message: `HID device ${path} could not be opened: ${text}` };
    }
  }

  on(event: 'data', listener: (report: Uint8Array) => void): () => void;
  on(event: 'error', listener: (error: Error) => void): () => void;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: Error) => void)): () => void {
    const set = this.listeners[event] as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }

  async close(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    await device?.close().catch(() => undefined);
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
