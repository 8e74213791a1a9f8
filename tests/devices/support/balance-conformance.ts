// The behaviour every balance driver owes the kiosk, run against a simulator through a real pty.
// Each family supplies a factory; with LINESIDE_TEST_PORT the same suite can be pointed at hardware later.
import { afterEach, describe, expect, it } from 'vitest';
import { createBalanceDriver, type BalanceDriver, type BalanceDriverOptions, type DeviceEvent } from '@lineside/device-drivers';
import { EventLog, isError, isStatus, isWeight } from './events.js';

export interface SimulatedBalance {
  path: string;
  serialNumber: string;
  /** gross load in the balance unit with the balance's decimals, e.g. '12.3456' */
  setLoad(text: string, options?: { motion?: boolean }): void;
  setMotion(moving: boolean): void;
  setOverload(): void;
  setUnderload(underload: boolean): void;
  /** busy (adjusting itself): weight requests get the protocol's busy answer */
  setBusy(busy: boolean): void;
  /** the balance answers weight requests with its error line (MT 'S S Error 15b', SBI/Ohaus 'Err 15', A&D 'EC,E00') */
  setWeightError(code: number | undefined): void;
  /** continuous output of the present state, as a stream or autoprint */
  startStream(): void;
  /** resolves once the driver has polled the weight again (MT-SICS: SI) */
  pollRequested(): Promise<void>;
  /** resolves once the driver has asked the balance for a stable weight (MT-SICS: the S command) */
  stableRequested(): Promise<void>;
  unplug(): Promise<void>;
  replug(): Promise<void>;
  close(): Promise<void>;
}

export interface ConformanceSetup {
  driver: BalanceDriverOptions['driver'];
  /** a balance at `load`, whose stability wait gives up after `stabilityTimeoutMs` */
  start(options: { load: string; stabilityTimeoutMs: number }): Promise<SimulatedBalance>;
  /** the same numbers as the simulator shows them, e.g. ['0.0000', '12.3456'] */
  format(text: string): string;
  /** what a plain reading says it is: MT-SICS S/SI are net by definition; SBI/A&D/Ohaus lines without a legend do not say */
  basis: 'net' | 'unknown';
  /** the error code a weight error line is reported with */
  weightErrorCode: string;
  /** driver options for streaming: MT-SICS asks for SIR; the others poll rarely while the balance autoprints */
  streamOptions: Partial<BalanceDriverOptions>;
}

export function describeBalanceConformance(name: string, setup: ConformanceSetup): void {
  describe(`balance conformance: ${name}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    async function connected(load = '0', stabilityTimeoutMs = 2000, options: Partial<BalanceDriverOptions> = {}): Promise<{ balance: SimulatedBalance; driver: BalanceDriver; log: EventLog }> {
      const balance = await setup.start({ load, stabilityTimeoutMs });
      cleanups.push(() => balance.close());
      const driver = createBalanceDriver({ driver: setup.driver, deviceId: 'BAL-T1', path: balance.path, pollIntervalMs: 50, commandTimeoutMs: 500, reconnect: { initialMs: 50, maxMs: 400 }, ...options });
      cleanups.push(() => driver.close());
      const log = new EventLog(driver);
      await driver.start();
      await log.waitFor(isStatus('connected'), { what: 'connected status' });
      return { balance, driver, log };
    }

    it('identifies the balance, then reports live weights with the device decimals', async () => {
      const { balance, log } = await connected('100.0000');
      const identity = log.events.find((e) => e.kind === 'identity');
      expect(identity).toMatchObject({ kind: 'identity', deviceId: 'BAL-T1', serialNumber: balance.serialNumber });
      const weight = await log.waitFor(isWeight(setup.format('100.0000')), { what: 'weight 100' });
      expect(weight).toMatchObject({ deviceId: 'BAL-T1', unit: 'g', stable: true, basis: setup.basis });
      expect(weight.raw).toContain(setup.format('100.0000'));
      expect(Number.isNaN(Date.parse(weight.at))).toBe(false);
    });

    it('captures a stable weight only once the motion has stopped', async () => {
      const { balance, driver, log } = await connected();
      balance.setLoad('12.3456', { motion: true });
      await log.waitFor(isWeight(setup.format('12.3456'), false), { what: 'dynamic weight' });
      const capture = driver.captureStable({ timeoutMs: 3000 });
      await balance.stableRequested();
      expect(driver.latest()?.stable).toBe(false);
      balance.setMotion(false);
      const result = await capture;
      expect(result).toMatchObject({ ok: true, reading: { stable: true, unit: 'g', value: { text: setup.format('12.3456') } } });
      expect(driver.latest()?.stable).toBe(true);
    });

    it('refuses a capture while the load keeps moving', async () => {
      const { balance, driver } = await connected('0', 300);
      balance.setLoad('5.0000', { motion: true });
      const result = await driver.captureStable({ timeoutMs: 1500 });
      expect(result).toMatchObject({ ok: false, code: 'no-stable-reading' });
      if (!result.ok) expect(result.message).toContain(balance.path);
    });

    it('tares and zeroes, and the net weight follows', async () => {
      const { balance, driver, log } = await connected('0');
      balance.setLoad('25.0000');
      await log.waitFor(isWeight(setup.format('25.0000')), { what: 'weight 25' });
      const tared = await driver.tare();
      expect(tared).toMatchObject({ ok: true });
      if (tared.ok && tared.tare !== undefined) expect(tared.tare).toMatchObject({ basis: 'tare', value: { text: setup.format('25.0000') } });
      await log.waitFor(isWeight(setup.format('0.0000')), { from: log.length, what: 'net zero after tare' });
      balance.setLoad('0');
      expect(await driver.zero()).toEqual({ ok: true });
      balance.setLoad('1.5000');
      await log.waitFor(isWeight(setup.format('1.5000')), { from: log.length, what: 'net 1.5 after zero' });
    });

    it('reports overload as a status, never as a weight, and resumes after it', async () => {
      const { balance, driver, log } = await connected('10.0000');
      await log.waitFor(isWeight(setup.format('10.0000')));
      balance.setOverload();
      const overload = await log.waitFor(isStatus('overload'), { what: 'overload status' });
      expect(driver.latest()).toBeUndefined();
      const from = log.events.indexOf(overload);
      balance.setLoad('10.0000');
      const back = await log.waitFor(isWeight(setup.format('10.0000')), { from, what: 'weight after overload' });
      const between = log.events.slice(from, log.events.indexOf(back));
      expect(between.filter((e) => e.kind === 'weight')).toEqual([]);
    });

    for (const mode of ['poll', 'stream'] as const) {
      it(`${mode}: after overload, underload, busy or an error no weight is offered until a fresh reading, and the state is named`, async () => {
        const { balance, driver, log } = await connected('10.0000', 2000, mode === 'stream' ? setup.streamOptions : {});
        if (mode === 'stream') balance.startStream();
        const ten = isWeight(setup.format('10.0000'));
        await log.waitFor(ten, { what: 'weight 10' });
        const states: [string, (on: boolean) => void, (e: DeviceEvent) => boolean][] = [
          ['overload', (on) => (on ? balance.setOverload() : balance.setLoad('10.0000')), isStatus('overload')],
          ['underload', (on) => balance.setUnderload(on), isStatus('underload')],
          ['busy', (on) => balance.setBusy(on), isStatus('busy')],
          [setup.weightErrorCode, (on) => balance.setWeightError(on ? 15 : undefined), isError(setup.weightErrorCode)],
        ];
        for (const [name, set, reported] of states) {
          set(true);
          const state = await log.waitFor(reported, { from: log.length, what: `${name} reported` });
          expect(driver.latest(), `latest() after ${name}`).toBeUndefined();
          const from = log.events.indexOf(state);
          set(false);
          const back = await log.waitFor(ten, { from, what: `fresh weight after ${name}` });
          expect(log.events.slice(from, log.events.indexOf(back)).filter((e) => e.kind === 'weight'), `weights while ${name}`).toEqual([]);
          expect(driver.latest()?.value.text).toBe(setup.format('10.0000'));
        }
      });
    }

    it('an error repeated on every poll is reported once, and again only after a change of state', async () => {
      const { balance, log } = await connected('10.0000');
      await log.waitFor(isWeight(setup.format('10.0000')));
      balance.setWeightError(15);
      const first = await log.waitFor(isError(setup.weightErrorCode), { what: 'weight error' });
      for (let poll = 0; poll < 5; poll++) await balance.pollRequested();
      expect(log.errors(setup.weightErrorCode)).toHaveLength(1);
      balance.setWeightError(undefined);
      await log.waitFor(isStatus('connected'), { from: log.events.indexOf(first), what: 'back in range' });
      balance.setWeightError(15);
      await log.waitFor(isError(setup.weightErrorCode), { from: log.events.indexOf(first) + 1, what: 'the error again' });
      expect(log.errors(setup.weightErrorCode)).toHaveLength(2);
    });

    it('survives an unplug: disconnected, then reconnected with readings again', async () => {
      const { balance, driver, log } = await connected('3.0000');
      await log.waitFor(isWeight(setup.format('3.0000')));
      await balance.unplug();
      const disconnected = await log.waitFor(isStatus('disconnected'), { what: 'disconnected status' });
      expect(disconnected.message).toContain(balance.path);
      // a reading from before the unplug must not pass for the current weight
      expect(driver.latest()).toBeUndefined();
      const from = log.events.indexOf(disconnected);
      await balance.replug();
      await log.waitFor(isStatus('connected'), { from, timeoutMs: 8000, what: 'reconnected' });
      await log.waitFor(isWeight(setup.format('3.0000')), { from, what: 'weight after replug' });
    });

    it('closes cleanly: a closed status and no events after it', async () => {
      const { driver, log } = await connected('1.0000');
      await log.waitFor(isWeight());
      await driver.close();
      const count = log.length;
      expect(log.events.at(-1)).toMatchObject({ kind: 'status', state: 'closed' });
      expect(await driver.captureStable({ timeoutMs: 200 })).toMatchObject({ ok: false, code: 'not-connected' });
      expect(log.length).toBe(count);
      for (const event of log.events) {
        expect(event.deviceId).toBe('BAL-T1');
        expect(typeof event.raw).toBe('string');
        expect(event.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      }
    });
  });
}
