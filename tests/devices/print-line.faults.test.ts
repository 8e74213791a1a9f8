// Faults specific to balances without reply IDs, through a real pty.
import { afterEach, describe, expect, it } from 'vitest';
import { createBalanceDriver, PrintLineSimulator, type BalanceDriver, type BalanceDriverOptions, type BalanceSimulatorOptions, type PrintLineDriverName } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { EventLog, isError, isStatus, isWeight } from './support/events.js';

const skip = requireTool('socat');

describe.skipIf(skip !== undefined)(`print-line balance faults through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function running(driverName: PrintLineDriverName, options: BalanceSimulatorOptions = {}, driverOptions: Partial<BalanceDriverOptions> = {}) {
    const sim = await PrintLineSimulator.start(driverName, { load: '0', ...options });
    cleanups.push(() => sim.close());
    const driver: BalanceDriver = createBalanceDriver({ driver: driverName, deviceId: 'BAL-P1', path: sim.path, pollIntervalMs: 40, commandTimeoutMs: 300, stabilityTimeoutMs: 1500, reconnect: { initialMs: 50, maxMs: 300 }, ...driverOptions });
    cleanups.push(() => driver.close());
    const log = new EventLog(driver);
    await driver.start();
    return { sim, driver, log };
  }

  it('SBI: identity from x2_/x1_, an unstable line has no unit and is not stable', async () => {
    const { sim, log } = await running('sartorius-sbi', { serialNumber: '0012345678', model: 'LA230S', load: '5.00' });
    const identity = await log.waitFor((e) => e.kind === 'identity');
    expect(identity).toMatchObject({ serialNumber: '0012345678', model: 'LA230S', raw: 'SerNo 0012345678\r\nModel LA230S' });
    sim.setLoad('7.25', { motion: true });
    const moving = await log.waitFor(isWeight('7.25', false));
    expect(moving).toMatchObject({ unit: '', raw: '+     7.25    ' });
  });

  it('A&D: a tare refused while moving (EC,E11) is a refusal with the A&D code', async () => {
    const { sim, driver, log } = await running('and', { load: '10.00', stabilityTimeoutMs: 200 });
    await log.waitFor(isStatus('connected'));
    sim.setLoad('12.00', { motion: true });
    const result = await driver.tare();
    expect(result).toMatchObject({ ok: false, code: 'unstable' });
    if (!result.ok) expect(result.message).toMatch(/E11/);
  });

  it('SBI: a tare the balance silently ignores is reported as not confirmed', async () => {
    const { sim, driver, log } = await running('sartorius-sbi', { load: '0' });
    await log.waitFor(isStatus('connected'));
    sim.setLoad('-20.00');
    const result = await driver.tare();
    expect(result).toMatchObject({ ok: false, code: 'tare-not-confirmed' });
    if (!result.ok) expect(result.message).toContain('-20.00 g');
  });

  it('Ohaus: serial number changed after a replug is refused', async () => {
    const { sim, log } = await running('ohaus', { serialNumber: 'OH-1', load: '2.00' });
    await log.waitFor(isWeight('2.00'));
    await sim.unplug();
    await log.waitFor(isStatus('disconnected'));
    sim.setSerialNumber('OH-2');
    await sim.replug();
    const refused = await log.waitFor(isError('serial-number-changed'), { timeoutMs: 5000 });
    expect(refused.raw).toBe('OH-2');
    expect(refused.message).toContain('"OH-1"');
  });

  it('a balance that stops answering: no-reply errors, then the link is reopened and reading resumes', async () => {
    const { sim, log } = await running('and', { load: '3.00' });
    await log.waitFor(isWeight('3.00'));
    sim.setMode('silent');
    const from = log.length;
    await log.waitFor(isError('no-reply'), { from });
    await log.waitFor(isStatus('reconnecting'), { from, timeoutMs: 5000 });
    sim.setMode('dialog');
    await log.waitFor(isStatus('connected'), { from, timeoutMs: 5000 });
    await log.waitFor(isWeight('3.00'), { from: log.length });
  });

  it('autoprint: unsolicited lines between polls are readings too', async () => {
    const { sim, log } = await running('ohaus', { load: '1.50' });
    await log.waitFor(isStatus('connected'));
    sim.setMode('printer');
    sim.setLoad('4.75');
    await sim.pressPrint();
    const printed = await log.waitFor(isWeight('4.75'));
    expect(printed).toMatchObject({ stable: true, raw: '      4.75 g' });
  });
});
