// Hanna and Orion inputs a pH driver must survive: out-of-calibration status, bad checksum, NAK, CAN, echo-only frames.
import { afterEach, describe, expect, it } from 'vitest';
import { createPhMeterDriver, encodeHannaAnswer, HannaSimulator, OrionStarSimulator, type DeviceEvent, type PhMeterDriver } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { EventLog, isError, isStatus } from './support/events.js';

const skip = requireTool('socat');
const isPh = (ph: string) => (e: DeviceEvent): e is Extract<DeviceEvent, { kind: 'ph' }> => e.kind === 'ph' && e.ph.text === ph;

describe.skipIf(skip !== undefined)(`pH meter faults through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(sim: HannaSimulator | OrionStarSimulator, driverName: 'hanna' | 'orion-star'): Promise<{ driver: PhMeterDriver; log: EventLog }> {
    cleanups.push(() => sim.close());
    const driver = createPhMeterDriver({ driver: driverName, deviceId: 'PH-F1', path: sim.path, pollIntervalMs: 30, commandTimeoutMs: 400, reconnect: { initialMs: 50, maxMs: 400 } });
    cleanups.push(() => driver.close());
    const log = new EventLog(driver);
    await driver.start();
    await log.waitFor(isStatus('connected'), { what: 'connected' });
    return { driver, log };
  }

  it('hanna: an out-of-calibration status is an error once, refuses capture, and clears when recalibrated', async () => {
    const sim = await HannaSimulator.start({ ph: '7.00' });
    const { driver, log } = await open(sim, 'hanna');
    await log.waitFor(isPh('7.00'), { what: 'first reading' });
    sim.setOutOfCalibration(true);
    const error = await log.waitFor(isError('out-of-calibration'), { from: log.length, what: 'out-of-calibration' });
    expect(error.message).toContain('recalibrate');
    expect(error.raw.startsWith('\x02')).toBe(true);
    expect(await driver.captureStable({ timeoutMs: 1000 })).toMatchObject({ ok: false, code: 'out-of-calibration' });
    expect(driver.latest()).toBeUndefined();
    expect(log.errors('out-of-calibration')).toHaveLength(1);
    sim.setOutOfCalibration(false);
    sim.setReading({ ph: '7.02' });
    expect(await driver.captureStable({ timeoutMs: 3000 })).toMatchObject({ ok: true, reading: { ph: { text: '7.02' }, stable: true } });
  });

  it('hanna: a bad checksum, a stray NAK and a stray CAN are reported and reading goes on', async () => {
    const sim = await HannaSimulator.start({ ph: '5.00' });
    const { log } = await open(sim, 'hanna');
    await log.waitFor(isPh('5.00'), { what: 'first reading' });
    const good = encodeHannaAnswer(sim.rasAnswer());
    await sim.writeRaw(good.slice(0, -3) + 'ZZ\x03');
    await log.waitFor(isError('bad-checksum'), { what: 'bad-checksum' });
    await sim.writeRaw('\x15');
    await log.waitFor(isError('command-not-recognized'), { what: 'NAK' });
    await sim.writeRaw('\x18');
    await log.waitFor(isError('command-corrupted'), { what: 'CAN' });
    sim.setReading({ ph: '5.01' });
    await log.waitFor(isPh('5.01'), { from: log.length, what: 'reading after the faults' });
  });

  it('hanna: a bad-checksum answer during a capture is reported and the capture asks again', async () => {
    const sim = await HannaSimulator.start({ ph: '6.00' });
    const { driver, log } = await open(sim, 'hanna');
    await log.waitFor(isPh('6.00'), { what: 'first reading' });
    sim.setSilent(true);
    const asked = sim.commands.length;
    const capture = driver.captureStable({ timeoutMs: 5000 });
    await sim.waitForCommand((line) => line === 'RAS', { from: asked });
    const good = encodeHannaAnswer(sim.rasAnswer());
    await sim.writeRaw(good.slice(0, -3) + 'ZZ\x03');
    await log.waitFor(isError('bad-checksum'), { from: log.length, what: 'bad-checksum' });
    sim.setSilent(false);
    expect(await capture).toMatchObject({ ok: true, reading: { ph: { text: '6.00' }, stable: true } });
  });

  it('orion: a record printed by itself (DataLog left on) is a reading, an echo-only reply is not', async () => {
    const sim = await OrionStarSimulator.start({ ph: '4.01' });
    const { log } = await open(sim, 'orion-star');
    await log.waitFor(isPh('4.01'), { what: 'first reading' });
    sim.setSilent(true);
    sim.setReading({ ph: '10.01' });
    await sim.writeRaw('GETMEAS         \r\n\r\n\r>');
    await sim.writeRaw(sim.record() + '\n\r\r>');
    const reading = await log.waitFor(isPh('10.01'), { what: 'unsolicited record' });
    expect(reading.raw).toContain('10.01');
    expect(log.errors().filter((e) => e.code !== 'no-reply')).toEqual([]);
  });
});

describe.skipIf(skip !== undefined)(`Orion reply cap through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('orion: a reply longer than the cap without a prompt is reported once and the next reply is read', async () => {
    const sim = await OrionStarSimulator.start({ ph: '7.00' });
    const driver = createPhMeterDriver({ driver: 'orion-star', deviceId: 'PH-F2', path: sim.path, pollIntervalMs: 30, commandTimeoutMs: 400, reconnect: { initialMs: 50, maxMs: 400 } });
    const log = new EventLog(driver);
    try {
      await driver.start();
      await log.waitFor(isPh('7.00'), { what: 'first reading' });
      sim.setSilent(true);
      await sim.writeRaw('X'.repeat(5000));
      await log.waitFor(isError('line-too-long'), { what: 'line-too-long' });
      await sim.writeRaw('>');
      sim.setReading({ ph: '7.05' });
      sim.setSilent(false);
      await log.waitFor(isPh('7.05'), { from: log.length, timeoutMs: 8000, what: 'reading after the over-long reply' });
      expect(log.errors('line-too-long')).toHaveLength(1);
    } finally {
      await driver.close();
      await sim.close();
    }
  });
});
