// One pH meter conformance suite, run against the Orion Star and Hanna simulators through a socat pty.
import { afterEach, describe, expect, it } from 'vitest';
import { createPhMeterDriver, HannaSimulator, OrionStarSimulator, type DeviceEvent, type PhMeterDriver, type PhMeterDriverName } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { EventLog, isError, isStatus } from './support/events.js';

const skip = requireTool('socat');

type Simulator = OrionStarSimulator | HannaSimulator;
const isPh = (ph?: string, stable?: boolean) => (e: DeviceEvent): e is Extract<DeviceEvent, { kind: 'ph' }> =>
  e.kind === 'ph' && (ph === undefined || e.ph.text === ph) && (stable === undefined || e.stable === stable);

const FAMILIES: { driver: PhMeterDriverName; start: () => Promise<Simulator>; model: string }[] = [
  { driver: 'orion-star', start: () => OrionStarSimulator.start({ ph: '4.61', mV: '111.2', temperatureC: '25.0' }), model: 'A215 pH' },
  { driver: 'hanna', start: () => HannaSimulator.start({ ph: '4.61', mV: '111.2', temperatureC: '25.0' }), model: 'HI98190' },
];

describe.skipIf(skip !== undefined)(`pH meters through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  for (const family of FAMILIES) {
    describe(`pH conformance: ${family.driver} simulator`, () => {
      const cleanups: (() => Promise<void>)[] = [];
      afterEach(async () => {
        for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
      });

      async function connected(extra: { expectedSerialNumber?: string } = {}): Promise<{ sim: Simulator; driver: PhMeterDriver; log: EventLog }> {
        const sim = await family.start();
        cleanups.push(() => sim.close());
        const driver = createPhMeterDriver({ driver: family.driver, deviceId: 'PH-T1', path: sim.path, pollIntervalMs: 30, commandTimeoutMs: 400, reconnect: { initialMs: 50, maxMs: 400 }, ...extra });
        cleanups.push(() => driver.close());
        const log = new EventLog(driver);
        await driver.start();
        await log.waitFor(isStatus('connected'), { what: 'connected status' });
        return { sim, driver, log };
      }

      it('identifies the meter, then reads pH, mV and temperature as exact decimals with the frame', async () => {
        const { log } = await connected();
        expect(log.events.find((e) => e.kind === 'identity')).toMatchObject({ kind: 'identity', deviceId: 'PH-T1', model: family.model });
        const reading = await log.waitFor(isPh('4.61', true), { what: 'stable pH 4.61' });
        expect(reading).toMatchObject({ deviceId: 'PH-T1', ph: { text: '4.61', units: '461', exponent: -2 }, mV: { text: '111.2' }, temperatureC: { text: '25.0' } });
        expect(reading.raw).toContain('4.61');
        expect(Number.isNaN(Date.parse(reading.at))).toBe(false);
      });

      it('captures a stable reading only once the electrode has settled', async () => {
        const { sim, driver, log } = await connected();
        sim.setUnstable(true);
        const from = log.length;
        await log.waitFor(isPh(undefined, false), { from, what: 'unstable pH' });
        const early = await driver.captureStable({ timeoutMs: 300 });
        expect(early).toMatchObject({ ok: false, code: 'no-stable-reading' });
        const capture = driver.captureStable({ timeoutMs: 3000 });
        sim.setReading({ ph: '7.01' });
        sim.setUnstable(false);
        const result = await capture;
        expect(result).toMatchObject({ ok: true, reading: { kind: 'ph', ph: { text: '7.01' }, stable: true } });
        expect(driver.latest()?.ph.text).toBe('7.01');
      });

      it('survives noise, XON/XOFF and replies cut into single bytes without losing a reading', async () => {
        const { sim, log } = await connected();
        await sim.writeRaw('\x00\xff\x11\x13garbage');
        sim.setNoise('\x00\xff\x11\x13\x00');
        sim.setFragmentation(1);
        sim.setReading({ ph: '6.86' });
        const reading = await log.waitFor(isPh('6.86', true), { from: log.length, what: 'pH 6.86 read byte by byte' });
        expect(reading.temperatureC?.text).toBe('25.0');
        expect(reading.raw).toContain('6.86');
      });

      it('reports no-reply when the meter is silent and reads again once it answers', async () => {
        const { sim, log } = await connected();
        sim.setSilent(true);
        await log.waitFor(isError('no-reply'), { from: log.length, what: 'no-reply error' });
        sim.setReading({ ph: '9.18' });
        sim.setSilent(false);
        await log.waitFor(isPh('9.18', true), { from: log.length, timeoutMs: 8000, what: 'pH after silence' });
      });

      it('reconnects after an unplug and refuses a meter whose serial number changed', async () => {
        const { sim, driver, log } = await connected({ expectedSerialNumber: family.driver === 'orion-star' ? 'X51250' : undefined });
        await sim.unplug();
        await log.waitFor(isStatus('disconnected'), { timeoutMs: 10_000, what: 'disconnected' });
        expect(driver.latest()).toBeUndefined();
        await sim.replug();
        const from = log.length;
        await log.waitFor(isStatus('connected'), { from, timeoutMs: 8000, what: 'reconnected' });
        await log.waitFor(isPh('4.61'), { from, what: 'pH after reconnect' });
        if (family.driver === 'orion-star') {
          // Hanna MDR carries no serial number; the Orion record does.
          sim.setSerialNumber('Z99999');
          await sim.unplug();
          await sim.replug();
          const refused = await log.waitFor(isError('serial-number-changed'), { timeoutMs: 8000, what: 'serial-number-changed' });
          expect(refused.message).toContain('Z99999');
        }
      });
    });
  }
});
