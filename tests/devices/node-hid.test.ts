// The real node-hid transport loads on this machine (libusb-1.0-0) and lists devices; no virtual HID
// device can be made here (no /dev/uhid), so an empty list passes, a load failure does not.
import { describe, expect, it } from 'vitest';
import { NodeHidTransport } from '@lineside/device-drivers';

describe('node-hid transport', () => {
  it('loads node-hid and lists HID devices', async () => {
    const devices = await new NodeHidTransport().devices();
    expect(Array.isArray(devices)).toBe(true);
    for (const device of devices) expect(typeof device.vendorId).toBe('number');
  });

  it('names the device and the reason when a vid:pid is not present', async () => {
    const transport = new NodeHidTransport();
    try {
      const opened = await transport.open('ffff:fffe');
      expect(opened).toMatchObject({ ok: false, code: 'device-not-found' });
      expect(opened.ok === false && opened.message).toContain('ffff:fffe');
    } finally {
      await transport.close();
    }
  });
});
