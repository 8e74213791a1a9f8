// The label printer driver against the printer simulator over a real TCP socket and a real pty (socat):
// labels arrive and decode, ~HS tells out of paper and paused before anything is sent, and the driver
// reconnects after the printer went offline.
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  labelZpl,
  parseElementString,
  SerialPrinterConnection,
  TcpPrinterConnection,
  ZplPrinterDriver,
  ZplPrinterPtySimulator,
  ZplPrinterTcpSimulator,
  type DeviceEvent,
  type LabelSpec,
} from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';

const demo: LabelSpec = {
  elements: [
    { ai: '00', value: '095011010010000008' },
    { ai: '01', value: '09501101540019' },
    { ai: '17', value: '270630' },
    { ai: '3104', value: '252015' },
    { ai: '10', value: 'PCM-2401' },
  ],
  humanReadable: [
    'Paracetamol',
    'Order ORD-0001 · Batch B-2026-0001',
    'Container 1 · Net 25.2015 kg',
    'Lot PCM-2401 · Exp 2027-06-30',
    'SSCC 095011010010000008',
  ],
};

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function waitForEvent(
  driver: ZplPrinterDriver,
  match: (e: DeviceEvent) => boolean,
  timeoutMs = 8000,
): Promise<DeviceEvent> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching printer event within ${timeoutMs} ms; saw: ${seen.join(' | ') || 'nothing'}`));
    }, timeoutMs);
    const off = driver.on((event) => {
      seen.push(JSON.stringify(event));
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

const connectedEvent = (e: DeviceEvent) => e.kind === 'status' && e.state === 'connected';

function decodedSscc(label: {
  barcodes: readonly { symbology: string; data: string }[];
}): string | undefined {
  const matrix = label.barcodes.find((b) => b.symbology === 'gs1-datamatrix');
  return parseElementString(matrix?.data ?? '').elements.find((e) => e.ai === '00')?.raw;
}

describe('label printer over TCP (port 9100 style)', () => {
  async function setUp() {
    const sim = await ZplPrinterTcpSimulator.start();
    cleanups.push(() => sim.close());
    const driver = new ZplPrinterDriver({
      deviceId: 'PRN-01',
      connect: () => new TcpPrinterConnection('127.0.0.1', sim.port),
      reconnect: { initialMs: 50, maxMs: 200 },
    });
    cleanups.push(() => driver.close());
    await driver.start();
    return { sim, driver };
  }

  it('prints a container label: the simulator keeps the format and its DataMatrix decodes to the SSCC', async () => {
    const { sim, driver } = await setUp();
    const printed = await driver.print(labelZpl(demo));
    expect(printed).toMatchObject({ ok: true, status: { paperOut: false, paused: false } });
    const [label] = await sim.model.waitForPrinted(1);
    expect(decodedSscc(label!)).toBe('095011010010000008');
    expect(label!.texts).toContain('Paracetamol');
  });

  it('out of paper: ~HS says so, nothing is sent, and the label prints once paper is loaded', async () => {
    const { sim, driver } = await setUp();
    sim.model.setPaperOut(true);
    expect(await driver.hostStatus()).toMatchObject({ ok: true, status: { paperOut: true } });
    const refused = await driver.print(labelZpl(demo));
    expect(refused).toMatchObject({
      ok: false,
      code: 'printer-paper-out',
      message: expect.stringContaining('out of labels'),
    });
    expect(sim.model.printed).toHaveLength(0);
    expect(sim.model.held).toHaveLength(0);
    sim.model.setPaperOut(false);
    expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: true });
    expect(await sim.model.waitForPrinted(1)).toHaveLength(1);
  });

  it('paused: refused with the reason', async () => {
    const { sim, driver } = await setUp();
    sim.model.setPaused(true);
    expect(await driver.print(labelZpl(demo))).toMatchObject({
      ok: false,
      code: 'printer-paused',
      message: expect.stringContaining('paused'),
    });
  });

  it('offline: refused as offline, then the driver reconnects by itself and prints', async () => {
    const { sim, driver } = await setUp();
    const lost = waitForEvent(driver, (e) => e.kind === 'status' && e.state === 'disconnected');
    await sim.setOffline(true);
    await lost;
    expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: false, code: 'printer-offline' });
    const back = waitForEvent(driver, connectedEvent);
    await sim.setOffline(false);
    await back;
    expect(await driver.print(labelZpl({ ...demo, copyNo: 1 }))).toMatchObject({ ok: true });
    const [label] = await sim.model.waitForPrinted(1);
    expect(label!.texts).toContain('COPY 1');
  });

  it('a printer that never answers ~HS is reported, not waited on for ever', async () => {
    const { createServer } = await import('node:net');
    const accepted = new Set<Socket>();
    const mute = createServer((socket) => {
      accepted.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(async () => {
      for (const socket of accepted) socket.destroy();
      await new Promise<void>((resolve) => mute.close(() => resolve()));
    });
    const driver = new ZplPrinterDriver({
      deviceId: 'PRN-MUTE',
      connect: () => new TcpPrinterConnection('127.0.0.1', (mute.address() as { port: number }).port),
      statusTimeoutMs: 300,
    });
    cleanups.push(() => driver.close());
    await driver.start();
    expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: false, code: 'printer-no-reply' });
  });
});

const skip = requireTool('socat');
describe.skipIf(skip !== undefined)(
  `label printer on a serial pty${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('prints, is refused out of paper, and reconnects after the pty is unplugged and plugged back', async () => {
      const sim = await ZplPrinterPtySimulator.start();
      cleanups.push(() => sim.close());
      const driver = new ZplPrinterDriver({
        deviceId: 'PRN-SER',
        connect: () => new SerialPrinterConnection(sim.path),
        reconnect: { initialMs: 50, maxMs: 200 },
      });
      cleanups.push(() => driver.close());
      await driver.start();
      expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: true });
      expect(decodedSscc((await sim.model.waitForPrinted(1))[0]!)).toBe('095011010010000008');

      sim.model.setPaperOut(true);
      expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: false, code: 'printer-paper-out' });
      sim.model.setPaperOut(false);

      const lost = waitForEvent(driver, (e) => e.kind === 'status' && e.state === 'disconnected');
      await sim.setOffline(true);
      await lost;
      expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: false, code: 'printer-offline' });
      const back = waitForEvent(driver, connectedEvent);
      await sim.setOffline(false);
      await back;
      expect(await driver.print(labelZpl(demo))).toMatchObject({ ok: true });
      expect(await sim.model.waitForPrinted(2)).toHaveLength(2);
    });
  },
);
