import { SerialPort } from 'serialport';
import type { CliIo } from './io.js';

export const LIST_HELP = `lineside-devices list
  Lists serial ports (needs udev) and HID devices (node-hid) as one JSON object.`;

export interface ListSources {
  serialPorts(): Promise<unknown[]>;
  hidDevices(): Promise<unknown[]>;
}

const systemSources: ListSources = {
  serialPorts: () => SerialPort.list(),
  async hidDevices() {
    // Loaded on demand: node-hid needs libusb-1.0 on Linux, and only this command uses it.
    const hid = await import('node-hid');
    return (await hid.devicesAsync()).map((d) => ({
      path: d.path,
      vendorId: d.vendorId,
      productId: d.productId,
      product: d.product,
      manufacturer: d.manufacturer,
      usagePage: d.usagePage,
      usage: d.usage,
    }));
  },
};

export async function listCommand(io: CliIo, sources: ListSources = systemSources): Promise<number> {
  let serialPorts: unknown[] = [];
  try {
    serialPorts = await sources.serialPorts();
  } catch (error) {
    const reason =
      error instanceof Error && /udevadm/.test(error.message)
        ? 'udev is not available (udevadm not found)'
        : String(error);
    io.err(`cannot list serial ports: ${reason}; give the port path with --port`);
  }
  let hidDevices: unknown[] = [];
  try {
    hidDevices = await sources.hidDevices();
  } catch (error) {
    io.err(
      `cannot list HID devices: node-hid could not load or enumerate (${error instanceof Error ? error.message : String(error)}); is libusb-1.0-0 installed?`,
    );
  }
  io.out(JSON.stringify({ serialPorts, hidDevices }));
  return 0;
}
