// The serial scanner driver reading a simulated scanner through a socat pty.
import { afterEach, describe, expect, it } from 'vitest';
import { createScannerDriver, DEMO_LOT_LABEL, parseElementString, SerialScannerSimulator, type DeviceEvent, type ScannerDriver } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { EventLog, isError, isStatus } from './support/events.js';

const skip = requireTool('socat');
const GS = '\x1d';
const isScan = (data: string) => (e: DeviceEvent): e is Extract<DeviceEvent, { kind: 'scan' }> => e.kind === 'scan' && e.data === data;

describe.skipIf(skip !== undefined)(`serial scanner through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function connected(maxLineLength?: number): Promise<{ sim: SerialScannerSimulator; driver: ScannerDriver; log: EventLog }> {
    const sim = await SerialScannerSimulator.start();
    cleanups.push(() => sim.close());
    const driver = createScannerDriver({ driver: 'scanner-serial', deviceId: 'SCN-T1', path: sim.path, reconnect: { initialMs: 50, maxMs: 400 }, ...(maxLineLength ? { maxLineLength } : {}) });
    cleanups.push(() => driver.close());
    const log = new EventLog(driver);
    await driver.start();
    await log.waitFor(isStatus('connected'), { what: 'connected' });
    return { sim, driver, log };
  }

  it('reads a demo-plant GS1 DataMatrix lot label with its AIM symbology, and the GS1 parser takes it', async () => {
    const { sim, log } = await connected();
    await sim.scan(DEMO_LOT_LABEL.data, DEMO_LOT_LABEL.symbology);
    const scan = await log.waitFor(isScan(DEMO_LOT_LABEL.data), { what: 'lot label scan' });
    expect(scan).toMatchObject({ deviceId: 'SCN-T1', symbology: ']d2', raw: `]d2${DEMO_LOT_LABEL.data}` });
    const parsed = parseElementString(scan.symbology + scan.data, { today: { year: 2026, month: 11, day: 25 } });
    expect(parsed.problems).toEqual([]);
    expect(parsed.elements.map((e) => [e.ai, e.raw])).toEqual([['01', '09501101540019'], ['17', '270331'], ['3103', '050403'], ['10', 'PCM-2401']]);
  });

  it('keeps the GS separator after a variable-length AI in the data', async () => {
    const { sim, log } = await connected();
    const data = `010950110154002610MCC-118${GS}17280131`;
    await sim.scan(data, ']C1');
    const scan = await log.waitFor(isScan(data), { what: 'scan with GS' });
    expect(scan.data.includes(GS)).toBe(true);
  });

  it('frames scans cut at every byte, with CR LF suffix, and several scans in one write', async () => {
    const { sim, log } = await connected();
    sim.setFragmentation(1);
    sim.setSuffix('\r\n');
    await sim.scan('PCM-2401', ']C0');
    await log.waitFor(isScan('PCM-2401'), { what: 'fragmented scan' });
    sim.setFragmentation(undefined);
    await sim.writeRaw(']E09501101540019\r]E09501101540026\r');
    await log.waitFor(isScan('9501101540026'), { what: 'second scan of one write' });
    expect(log.events.filter((e) => e.kind === 'scan').map((e) => (e.kind === 'scan' ? e.data : ''))).toEqual(['PCM-2401', '9501101540019', '9501101540026']);
  });

  it('drops power-up noise and XON/XOFF, reports an empty scan and an over-long line, and reads the next scan', async () => {
    const { sim, log } = await connected(64);
    await sim.writeRaw('\x00\xff\x11');
    await sim.writeRaw(']C0\r');
    await log.waitFor(isError('empty-scan'), { what: 'empty-scan' });
    await sim.writeRaw('X'.repeat(100) + '\r');
    await log.waitFor(isError('line-too-long'), { what: 'line-too-long' });
    await sim.scan('MGS-210', ']C0');
    const scan = await log.waitFor(isScan('MGS-210'), { what: 'scan after noise' });
    expect(scan.symbology).toBe(']C0');
  });

  it('discards a scan that stops mid-label with an error naming its characters, and reads the next scan whole (issue 8 §3)', async () => {
    const { sim, log } = await connected();
    await sim.writeRaw(']d2010950110154');
    const interrupted = await log.waitFor(isError('scan-interrupted'), { what: 'scan-interrupted' });
    expect(interrupted).toMatchObject({ deviceId: 'SCN-T1', raw: ']d2010950110154', message: expect.stringContaining('discarded "]d2010950110154"') });
    expect(interrupted.message).toMatch(/^scanner SCN-T1 on .*: scan stopped after 15 characters without its end-of-scan suffix \(nothing for 100 ms\)/);
    await sim.scan(DEMO_LOT_LABEL.data, DEMO_LOT_LABEL.symbology);
    await log.waitFor(isScan(DEMO_LOT_LABEL.data), { what: 'the next scan, whole' });
    expect(log.events.filter((e) => e.kind === 'scan').map((e) => (e.kind === 'scan' ? e.data : ''))).toEqual([DEMO_LOT_LABEL.data]);
  });

  it('reconnects after an unplug and reads the next scan', async () => {
    const { sim, log } = await connected();
    await sim.unplug();
    await log.waitFor(isStatus('disconnected'), { timeoutMs: 10_000, what: 'disconnected' });
    await sim.replug();
    await log.waitFor(isStatus('connected'), { from: log.length, timeoutMs: 10_000, what: 'reconnected' });
    await sim.scan('IOY-009', ']C0');
    await log.waitFor(isScan('IOY-009'), { timeoutMs: 10_000, what: 'scan after replug' });
  });
});
