// The HID POS driver on 64-byte reports in the Access-IS / Honeywell layout (report ID 0x02, length,
// AIM, data, code ID 'w' = DataMatrix, continuation bit), fed by a fake HidTransport: no uhid on this VM.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceEvent, Failure } from '../events.js';
import { createScannerDriver, type ScannerDriver } from '../scanner-driver.js';
import type { HidDeviceInfo, HidTransport } from './hid-transport.js';

const REPORTS = {
  // ]d2 + demo lot label (44 data bytes), zero padded, no continuation
  single: '022c5d643230313039353031313031353430303139313732373033333133313033303530343033313050434d2d32343031000000000000000000000000770000',
  // a 72-byte label with GS: 56 bytes with the continuation bit, then 16 bytes
  first: '02385d643230313039353031313031353430303139313732373033333133313033303530343033313050434d2d323430311d323153455249414c2d3030770001',
  second: '02105d64323030303030303030303030303030303100000000000000000000000000000000000000000000000000000000000000000000000000000000770000',
} as const;
const report = (name: keyof typeof REPORTS): Uint8Array => Uint8Array.from(Buffer.from(REPORTS[name], 'hex'));

class FakeHidTransport implements HidTransport {
  static opened: FakeHidTransport[] = [];
  static refuse: Failure | undefined;
  private readonly data = new Set<(report: Uint8Array) => void>();
  private readonly errors = new Set<(error: Error) => void>();
  closed = false;

  devices(): Promise<HidDeviceInfo[]> {
    return Promise.resolve([{ path: '/dev/hidraw0', vendorId: 0x0c2e, productId: 0x0b61, usagePage: 0x8c, usage: 0x02 }]);
  }
  open(): Promise<{ ok: true } | Failure> {
    if (FakeHidTransport.refuse) return Promise.resolve(FakeHidTransport.refuse);
    FakeHidTransport.opened.push(this);
    return Promise.resolve({ ok: true });
  }
  on(event: 'data', listener: (report: Uint8Array) => void): () => void;
  on(event: 'error', listener: (error: Error) => void): () => void;
  on(event: 'data' | 'error', listener: ((report: Uint8Array) => void) | ((error: Error) => void)): () => void {
    const set = (event === 'data' ? this.data : this.errors) as Set<typeof listener>;
    set.add(listener);
    return () => set.delete(listener);
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
  deliver(bytes: Uint8Array): void {
    for (const listener of this.data) listener(bytes);
  }
  fail(error: Error): void {
    for (const listener of this.errors) listener(error);
  }
}

describe('HID POS scanner driver on recorded-layout reports', () => {
  let driver: ScannerDriver | undefined;
  const events: DeviceEvent[] = [];
  afterEach(async () => {
    await driver?.close();
    driver = undefined;
    events.length = 0;
    FakeHidTransport.opened = [];
    FakeHidTransport.refuse = undefined;
  });

  async function started(): Promise<FakeHidTransport> {
    driver = createScannerDriver({ driver: 'scanner-hid-pos', deviceId: 'SCN-02', path: '0c2e:0b61', transport: () => new FakeHidTransport(), reconnect: { initialMs: 5, maxMs: 20 } });
    driver.on((event) => events.push(event));
    await driver.start();
    const transport = FakeHidTransport.opened.at(-1);
    if (transport === undefined) throw new Error('driver opened no transport');
    return transport;
  }

  it('emits one scan per report, without the 0x00 padding, with the AIM symbology and the report as raw', async () => {
    const hid = await started();
    hid.deliver(report('single'));
    const scans = events.filter((e) => e.kind === 'scan');
    expect(scans).toEqual([expect.objectContaining({ kind: 'scan', deviceId: 'SCN-02', symbology: ']d2', data: '010950110154001917270331310305040310PCM-2401' })]);
    expect(scans[0]?.raw).toBe(Buffer.from(REPORTS.single, 'hex').toString('latin1'));
  });

  it('joins a continued report with the next one, keeping the GS separator', async () => {
    const hid = await started();
    hid.deliver(report('first'));
    expect(events.filter((e) => e.kind === 'scan')).toEqual([]);
    hid.deliver(report('second'));
    const scan = events.find((e) => e.kind === 'scan');
    expect(scan).toMatchObject({ symbology: ']d2', data: '010950110154001917270331310305040310PCM-2401\x1d21SERIAL-000000000000000001' });
    expect(scan?.raw.length).toBe(128);
  });

  // Issue 8 §3: a continued report whose continuation never comes is not glued onto the next scan.
  it('drops a continued scan whose next report does not come within the timeout, naming its data, and reads the next scan alone', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const hid = await started();
      hid.deliver(report('first'));
      vi.advanceTimersByTime(99);
      expect(events.filter((e) => e.kind === 'error')).toEqual([]);
      vi.advanceTimersByTime(1);
      const interrupted = events.filter((e) => e.kind === 'error');
      expect(interrupted).toEqual([
        expect.objectContaining({
          code: 'scan-interrupted',
          message: 'HID POS scanner on 0c2e:0b61: scan stopped after 56 characters: the continuation report did not come within 100 ms; discarded "]d2010950110154001917270331310305040310PCM-2401\\u001d21SERIAL-00" — scan the label again',
        }),
      ]);
      hid.deliver(report('single'));
      expect(events.filter((e) => e.kind === 'scan').map((e) => (e.kind === 'scan' ? e.data : ''))).toEqual(['010950110154001917270331310305040310PCM-2401']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a device removed mid-scan, drops the half scan, reopens and reads the next scan whole', async () => {
    const hid = await started();
    hid.deliver(report('first'));
    hid.fail(new Error('could not read from HID device'));
    const error = events.find((e) => e.kind === 'error');
    expect(error).toMatchObject({ code: 'device-removed' });
    expect(error?.kind === 'error' && error.message).toContain('scan it again');
    expect(hid.closed).toBe(true);
    await new Promise<void>((resolve) => {
      const stop = driver?.on((e) => {
        if (e.kind === 'status' && e.state === 'connected') {
          stop?.();
          resolve();
        }
      });
    });
    const reopened = FakeHidTransport.opened.at(-1);
    expect(reopened).not.toBe(hid);
    reopened?.deliver(report('first'));
    reopened?.deliver(report('second'));
    expect(events.filter((e) => e.kind === 'scan').map((e) => (e.kind === 'scan' ? e.data : ''))).toEqual(['010950110154001917270331310305040310PCM-2401\x1d21SERIAL-000000000000000001']);
  });

  it('reports a short report and a wrong report ID and goes on', async () => {
    const hid = await started();
    hid.deliver(report('single').subarray(0, 20));
    const wrong = report('single');
    wrong[0] = 0x01;
    hid.deliver(wrong);
    hid.deliver(report('single'));
    expect(events.filter((e) => e.kind === 'error').map((e) => (e.kind === 'error' ? e.code : ''))).toEqual(['short-report', 'wrong-report-id']);
    expect(events.filter((e) => e.kind === 'scan')).toHaveLength(1);
  });

  it('says why a device cannot be opened and keeps retrying', async () => {
    FakeHidTransport.refuse = { ok: false, code: 'device-not-found', message: 'HID device 0c2e:0b61 was not found' };
    driver = createScannerDriver({ driver: 'scanner-hid-pos', deviceId: 'SCN-02', path: '0c2e:0b61', transport: () => new FakeHidTransport(), reconnect: { initialMs: 5, maxMs: 20 } });
    driver.on((event) => events.push(event));
    await driver.start();
    expect(events.find((e) => e.kind === 'error')).toMatchObject({ code: 'device-not-found', message: 'HID device 0c2e:0b61 was not found' });
    expect(events.find((e) => e.kind === 'status' && e.state === 'reconnecting')).toBeDefined();
  });
});
