import { describe, expect, it } from 'vitest';
import type { CliIo } from './io.js';
import { listCommand } from './list.js';

function captureIo(): CliIo & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (l) => stdout.push(l),
    err: (l) => stderr.push(l),
    interrupted: () => new Promise(() => undefined),
  };
}

describe('lineside-devices list', () => {
  it('without udev: says why on stderr, prints an empty serial list as JSON, exits 0', async () => {
    const io = captureIo();
    const code = await listCommand(io, {
      serialPorts: () => Promise.reject(new Error('spawn udevadm ENOENT')),
      hidDevices: () => Promise.resolve([{ path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b61 }]),
    });
    expect(code).toBe(0);
    expect(io.stderr).toEqual([
      'cannot list serial ports: udev is not available (udevadm not found); give the port path with --port',
    ]);
    expect(JSON.parse(io.stdout[0]!)).toEqual({
      serialPorts: [],
      hidDevices: [{ path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b61 }],
    });
  });

  it('when node-hid cannot load: names libusb, still lists serial ports', async () => {
    const io = captureIo();
    const code = await listCommand(io, {
      serialPorts: () => Promise.resolve([{ path: '/dev/ttyUSB0' }]),
      hidDevices: () => Promise.reject(new Error('libusb-1.0.so.0: cannot open shared object file')),
    });
    expect(code).toBe(0);
    expect(io.stderr[0]).toMatch(
      /^cannot list HID devices: node-hid could not load .*libusb-1\.0\.so\.0.*is libusb-1\.0-0 installed\?$/,
    );
    expect(JSON.parse(io.stdout[0]!)).toEqual({ serialPorts: [{ path: '/dev/ttyUSB0' }], hidDevices: [] });
  });
});
