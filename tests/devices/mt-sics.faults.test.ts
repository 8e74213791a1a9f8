// DEVICES.md §7, for MT-SICS, through a real pty: each fault gives its error/status event and loses no good reading.
import { afterEach, describe, expect, it } from 'vitest';
import { createBalanceDriver, MtSicsSimulator, PtyPair, type BalanceDriver, type BalanceDriverOptions, type MtSicsSimulatorOptions } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { EventLog, isError, isStatus, isWeight } from './support/events.js';

const skip = requireTool('socat');

describe.skipIf(skip !== undefined)(`MT-SICS faults through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function simulator(options: MtSicsSimulatorOptions = {}): Promise<MtSicsSimulator> {
    const sim = await MtSicsSimulator.start({ load: '0', ...options });
    cleanups.push(() => sim.close());
    return sim;
  }

  function driverFor(path: string, options: Partial<BalanceDriverOptions> = {}): { driver: BalanceDriver; log: EventLog } {
    const driver = createBalanceDriver({ driver: 'mt-sics', deviceId: 'BAL-F1', path, pollIntervalMs: 40, commandTimeoutMs: 500, reconnect: { initialMs: 50, maxMs: 300 }, ...options });
    cleanups.push(() => driver.close());
    return { driver, log: new EventLog(driver) };
  }

  async function running(options: MtSicsSimulatorOptions = {}, driverOptions: Partial<BalanceDriverOptions> = {}) {
    const sim = await simulator(options);
    const { driver, log } = driverFor(sim.path, driverOptions);
    await driver.start();
    await log.waitFor(isStatus('connected'), { what: 'connected' });
    return { sim, driver, log };
  }

  it('fragmentation: replies written one byte at a time still give exact readings and captures', async () => {
    const { sim, driver, log } = await running({ load: '-0.0082' });
    sim.setFragmentation(1);
    const from = log.length;
    await log.waitFor(isWeight('-0.0082'), { from, what: 'fragmented weight' });
    expect(await driver.captureStable({ timeoutMs: 3000 })).toMatchObject({ ok: true, reading: { value: { text: '-0.0082', units: '-82', exponent: -4 }, raw: 'S S    -0.0082 g' } });
    expect(log.errors()).toEqual([]);
  });

  it('line cap: an overlong line is reported once and discarded; the next readings are intact', async () => {
    const { sim, driver, log } = await running({ load: '7.0000' });
    await sim.writeRaw('S S ' + '9'.repeat(400) + ' g\r\n');
    const error = await log.waitFor(isError('line-too-long'), { what: 'line-too-long' });
    expect(error.message).toContain(sim.path);
    expect(error.message).toContain('256');
    expect(error.raw.startsWith('S S 999')).toBe(true);
    const from = log.events.indexOf(error);
    await log.waitFor(isWeight('7.0000'), { from, what: 'weight after overflow' });
    expect(await driver.captureStable()).toMatchObject({ ok: true, reading: { value: { text: '7.0000' } } });
    expect(log.weights().some((w) => w.value.text.includes('999'))).toBe(false);
    expect(log.errors('line-too-long')).toHaveLength(1);
  });

  it('noise: NUL/0xFF and XON/XOFF are stripped, garbage is a syntax error, and the unsolicited line inside is kept', async () => {
    const { sim, log } = await running({ load: '1.0000' });
    await sim.writeRaw(Buffer.from([0x00, 0xff, 0x00, 0x11, ...Buffer.from('S S  \x13   42.1000 g\r\n', 'latin1'), 0xff, ...Buffer.from('S S ab?c g\r\n', 'latin1')]));
    const printed = await log.waitFor(isWeight('42.1000'), { what: 'weight inside noise' });
    expect(printed).toMatchObject({ stable: true, raw: 'S S     42.1000 g' });
    const syntax = await log.waitFor(isError('syntax-error'), { what: 'syntax error' });
    expect(syntax.raw).toBe('S S ab?c g');
    expect(syntax.message).toContain(sim.path);
    await log.waitFor(isWeight('1.0000'), { from: log.events.indexOf(syntax), what: 'polling goes on' });
  });

  it('print key in the middle of a tare: the unsolicited line is a reading and the tare still gets its own reply', async () => {
    const { sim, driver, log } = await running({ load: '0' });
    sim.setLoad('30.0000', { motion: true });
    const tare = driver.tare();
    await sim.waitForCommand((line) => line === 'T');
    await sim.pressPrint();
    const printed = await log.waitFor(isWeight('30.0000', false), { what: 'print-key line' });
    expect(printed.raw).toBe('S D    30.0000 g');
    sim.setMotion(false);
    expect(await tare).toMatchObject({ ok: true, tare: { basis: 'tare', value: { text: '30.0000' } } });
  });

  it('a SIR stream left running by a previous session is flushed/stopped with @ before identification', async () => {
    const sim = await simulator({ load: '5.0000', updateIntervalMs: 10 });
    sim.startStream();
    const { driver, log } = driverFor(sim.path);
    await driver.start();
    await log.waitFor(isStatus('connected'), { what: 'connected' });
    expect(sim.commands[0]).toBe('@');
    const identity = log.events.findIndex((e) => e.kind === 'identity');
    expect(identity).toBeGreaterThan(-1);
    expect(log.events.slice(0, identity).filter((e) => e.kind === 'weight')).toEqual([]);
    await log.waitFor(isWeight('5.0000'), { what: 'polled weight' });
    expect(log.errors()).toEqual([]);
  });

  it('stale replies: a reply after the timeout is dropped, the driver resyncs with @ and reads the new value', async () => {
    const { sim, log } = await running({ load: '1.0000' });
    await log.waitFor(isWeight('1.0000'));
    sim.setReplyDelay(700);
    const timeout = await log.waitFor(isError('no-reply'), { what: 'no-reply', timeoutMs: 3000 });
    expect(timeout.message).toMatch(/did not answer SI within 500 ms/);
    const from = log.events.indexOf(timeout);
    sim.setLoad('2.0000');
    sim.setReplyDelay(0);
    await log.waitFor(isWeight('2.0000'), { from, timeoutMs: 5000, what: 'weight after resync' });
    // the late "S S 1.0000" belonged to the timed-out SI: it must not come out as a fresh reading
    expect(log.weights(from).filter((w) => w.value.text === '1.0000')).toEqual([]);
    expect(sim.commands.slice(sim.commands.indexOf('SI')).includes('@')).toBe(true);
  });

  it('no reply at all: no-reply error and reconnect attempts, then it connects once the balance answers', async () => {
    const sim = await simulator({ load: '4.0000' });
    sim.setMode('silent');
    const { driver, log } = driverFor(sim.path, { commandTimeoutMs: 200 });
    await driver.start();
    const error = await log.waitFor(isError('no-reply'), { what: 'no-reply' });
    expect(error.message).toContain(sim.path);
    expect(error.message).toMatch(/did not identify itself/);
    await log.waitFor(isStatus('reconnecting'), { what: 'reconnecting' });
    expect(log.weights()).toEqual([]);
    sim.setMode('dialog');
    await log.waitFor(isStatus('connected'), { timeoutMs: 5000, what: 'connected after answering' });
    await log.waitFor(isWeight('4.0000'), { what: 'weight' });
  });

  it('Cannot lock port: a second driver on the same port gets port-locked, the first keeps reading', async () => {
    const { sim, log } = await running({ load: '8.0000' });
    const second = driverFor(sim.path);
    await second.driver.start();
    const locked = await second.log.waitFor(isError('port-locked'), { what: 'port-locked' });
    expect(locked.message).toBe(`Serial port ${sim.path} is in use by another program (Cannot lock port)`);
    await second.driver.close();
    await log.waitFor(isWeight('8.0000'), { from: log.length, what: 'first driver still reading' });
  });

  it('a missing port gives port-not-found and keeps retrying with backoff', async () => {
    const { driver, log } = driverFor('/dev/ttyLINESIDE-NONE');
    await driver.start();
    const missing = await log.waitFor(isError('port-not-found'));
    expect(missing.message).toBe('Serial port /dev/ttyLINESIDE-NONE does not exist');
    await log.waitFor(isStatus('reconnecting'));
    await log.waitFor(isError('port-not-found'), { from: log.events.indexOf(missing) + 1, what: 'a second attempt' });
  });

  it('unplug during a capture: the capture fails with disconnected, and readings come back after replug', async () => {
    const { sim, driver, log } = await running({ load: '0' });
    sim.setLoad('9.0000', { motion: true });
    const capture = driver.captureStable({ timeoutMs: 5000 });
    await sim.waitForCommand((line) => line === 'S');
    await sim.unplug();
    expect(await capture).toMatchObject({ ok: false, code: 'disconnected' });
    const down = await log.waitFor(isStatus('disconnected'));
    sim.setMotion(false);
    await sim.replug();
    await log.waitFor(isStatus('connected'), { from: log.events.indexOf(down), timeoutMs: 5000 });
    expect(await driver.captureStable()).toMatchObject({ ok: true, reading: { value: { text: '9.0000' } } });
  });

  it('a partial line cut off by an unplug is never taken as a reading', async () => {
    const { sim, log } = await running({ load: '1.0000' });
    await log.waitFor(isWeight('1.0000'));
    sim.setMode('printer');
    await sim.writeRaw('S S     55.0000');
    await sim.unplug();
    const down = await log.waitFor(isStatus('disconnected'));
    sim.setMode('dialog');
    await sim.replug();
    await log.waitFor(isStatus('connected'), { from: log.events.indexOf(down), timeoutMs: 5000 });
    await log.waitFor(isWeight('1.0000'), { from: log.events.indexOf(down) });
    expect(log.weights().filter((w) => w.value.text === '55.0000')).toEqual([]);
    // the stub was forgotten, not glued to the next session's first reply
    expect(log.errors('syntax-error')).toEqual([]);
  });

  it('printer mode (commands ignored): no-reply, and print-key lines of an unidentified balance are not readings', async () => {
    const sim = await simulator({ load: '8.0000' });
    sim.setMode('printer');
    const { driver, log } = driverFor(sim.path, { commandTimeoutMs: 200 });
    await driver.start();
    await sim.pressPrint();
    const error = await log.waitFor(isError('no-reply'));
    expect(error.message).toMatch(/dialog mode/);
    expect(log.weights()).toEqual([]);
    sim.setMode('dialog');
    await log.waitFor(isWeight('8.0000'), { timeoutMs: 5000 });
  });

  it('re-enumeration: the port comes back at another /dev/pts behind the same symlink, and the driver follows', async () => {
    const { sim, log } = await running({ load: '6.0000' });
    const before = await sim.ptyPair.deviceTarget();
    await sim.unplug();
    const down = await log.waitFor(isStatus('disconnected'));
    // Another pty pair takes the freed numbers, so the balance re-enumerates elsewhere.
    const squatter = await PtyPair.open();
    cleanups.push(() => squatter.close());
    await sim.replug();
    const after = await sim.ptyPair.deviceTarget();
    expect(after).not.toBe(before);
    await log.waitFor(isStatus('connected'), { from: log.events.indexOf(down), timeoutMs: 5000 });
    await log.waitFor(isWeight('6.0000'), { from: log.events.indexOf(down) });
  });

  it('serial number changed after a replug: refused, reading stops, nothing from the other balance', async () => {
    const { sim, driver, log } = await running({ load: '2.0000', serialNumber: 'B100000001' });
    await log.waitFor(isWeight('2.0000'));
    await sim.unplug();
    await log.waitFor(isStatus('disconnected'));
    sim.setSerialNumber('B999999999');
    sim.setLoad('50.0000');
    await sim.replug();
    const refused = await log.waitFor(isError('serial-number-changed'), { timeoutMs: 5000 });
    expect(refused.message).toContain('"B999999999"');
    expect(refused.message).toContain('"B100000001"');
    expect(refused.raw).toBe('I4 A "B999999999"');
    const stopped = await log.waitFor(isStatus('disconnected'), { from: log.events.indexOf(refused) });
    expect(stopped.message).toMatch(/different balance/);
    expect(log.weights().filter((w) => w.value.text === '50.0000')).toEqual([]);
    expect(await driver.captureStable({ timeoutMs: 200 })).toMatchObject({ ok: false, code: 'not-connected' });
  });

  it('expectedSerialNumber from the equipment register refuses the wrong balance at first contact', async () => {
    const sim = await simulator({ serialNumber: 'B222' });
    const { driver, log } = driverFor(sim.path, { expectedSerialNumber: 'B111' });
    await driver.start();
    await log.waitFor(isError('serial-number-changed'));
    expect(log.events.filter((e) => e.kind === 'identity' || e.kind === 'weight')).toEqual([]);
  });

  it('ET is resent once; a second ET fails the command with transmission-error', async () => {
    const { sim, driver } = await running({ load: '3.3000' });
    sim.answerTransmissionErrors(1);
    expect(await driver.captureStable()).toMatchObject({ ok: true, reading: { value: { text: '3.3000' } } });
    sim.answerTransmissionErrors(2);
    const from = sim.commands.length;
    expect(await driver.tare()).toMatchObject({ ok: false, code: 'transmission-error' });
    expect(sim.commands.slice(from).filter((c) => c === 'T')).toEqual(['T', 'T']);
  });

  it('ES: SIR unsupported falls back to SI polling; S unsupported falls back to a stable SI reading', async () => {
    const sim = await simulator({ load: '11.0000' });
    sim.setUnsupported(['SIR', 'S']);
    const { driver, log } = driverFor(sim.path, { mode: 'stream' });
    await driver.start();
    const fallback = await log.waitFor(isError('command-not-supported'));
    expect(fallback.message).toMatch(/does not support SIR.*polling SI/);
    await log.waitFor(isWeight('11.0000'), { what: 'polled weight' });
    expect(await driver.captureStable()).toMatchObject({ ok: true, reading: { stable: true, value: { text: '11.0000' } } });
  });

  it('SIR streaming: readings arrive without polling, and a tare stops and restarts the stream', async () => {
    const { sim, driver, log } = await running({ load: '4.2000', updateIntervalMs: 20 }, { mode: 'stream' });
    const start = sim.commands.length;
    await log.waitFor(isWeight('4.2000'), { from: log.length });
    await log.waitFor(isWeight('4.2000'), { from: log.length });
    expect(sim.commands.slice(start).filter((c) => c === 'SI')).toEqual([]);
    expect(await driver.tare()).toMatchObject({ ok: true, tare: { value: { text: '4.2000' } } });
    await log.waitFor(isWeight('0.0000'), { from: log.length });
    expect(sim.commands.slice(start)).toEqual(expect.arrayContaining(['@', 'T', 'SIR']));
  });

  it('SIR stream: a general error inside the stream (ES/EL/ET) withdraws the weight, named, until the next stream line', async () => {
    const { sim, driver, log } = await running({ load: '4.2000', updateIntervalMs: 20 }, { mode: 'stream' });
    await log.waitFor(isWeight('4.2000'), { from: log.length });
    const latestAtError: unknown[] = [];
    driver.on((event) => {
      if (event.kind === 'error') latestAtError.push(driver.latest());
    });
    for (const [line, code] of [['EL', 'logical-error'], ['ES', 'command-not-supported'], ['ET', 'transmission-error']] as const) {
      const from = log.length;
      await sim.writeRaw(`${line}\r\n`);
      const error = await log.waitFor(isError(code), { from, what: `${line} in the stream` });
      expect(error.raw).toBe(line);
      await log.waitFor(isWeight('4.2000'), { from: log.events.indexOf(error), what: `stream weight after ${line}` });
    }
    expect(latestAtError).toEqual([undefined, undefined, undefined]);
  });

  it('SIR stream that goes quiet: detected, the link is reopened, and streaming resumes', async () => {
    const { sim, log } = await running({ load: '4.2000', updateIntervalMs: 20 }, { mode: 'stream', commandTimeoutMs: 200 });
    await log.waitFor(isWeight('4.2000'), { from: log.length });
    sim.setMode('silent');
    const from = log.length;
    const silent = await log.waitFor(isError('no-reply'), { from, timeoutMs: 3000 });
    expect(silent.message).toContain(sim.path);
    await log.waitFor(isStatus('reconnecting'), { from, timeoutMs: 3000 });
    sim.setMode('dialog');
    await log.waitFor(isStatus('connected'), { from, timeoutMs: 5000 });
    const again = log.length;
    await log.waitFor(isWeight('4.2000'), { from: again });
    await log.waitFor(isWeight('4.2000'), { from: log.length });
    const lastSir = sim.commands.lastIndexOf('SIR');
    expect(lastSir).toBeGreaterThan(sim.commands.lastIndexOf('@'));
    expect(sim.commands.slice(lastSir + 1).filter((c) => c === 'SI')).toEqual([]);
  });

  it('weight error 15 (adjustment needed) and underload are reported, never as weights', async () => {
    const { sim, log } = await running({ load: '1.0000' });
    sim.setWeightError(15);
    const adjust = await log.waitFor(isError('adjustment-needed'));
    expect(adjust.raw).toBe('S S   Error 15b');
    expect(adjust.message).toMatch(/adjustment needed/);
    sim.setWeightError(undefined);
    sim.setUnderload(true);
    const under = await log.waitFor(isStatus('underload'));
    const between = log.events.slice(log.events.indexOf(adjust), log.events.indexOf(under));
    expect(between.filter((e) => e.kind === 'weight')).toEqual([]);
  });

  it('tare and zero outside their ranges are refused with codes', async () => {
    const { sim, driver } = await running({ load: '0' });
    sim.setLoad('100.0000');
    expect(await driver.zero()).toMatchObject({ ok: false, code: 'zero-range-exceeded' });
    sim.setLoad('-50.0000');
    expect(await driver.tare()).toMatchObject({ ok: false, code: 'tare-range-exceeded' });
  });
});
