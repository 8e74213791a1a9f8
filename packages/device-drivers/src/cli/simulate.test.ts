// --stdin-control lines as a test harness or a person at `npm start` types them.
import { describe, expect, it } from 'vitest';
import { BalanceModel } from '../simulator/balance-model.js';
import type { BalanceSimulatorControl } from '../simulator/balance-host.js';
import { controlLine } from './simulate.js';

function harness() {
  const model = new BalanceModel({ capacity: '220.00000', decimals: 5 });
  const motion: boolean[] = [];
  const control = {
    model,
    setLoad: (text: string) => model.setLoad(text),
    setMotion: (moving: boolean) => motion.push(moving),
  } as unknown as BalanceSimulatorControl;
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  return { model, motion, out, err, send: (line: string) => controlLine(line, control, io) };
}

describe('simulate --stdin-control', () => {
  it('puts a load on the pan and says so', () => {
    const h = harness();
    h.send('load 62.50000');
    expect(h.out).toEqual(['{"load":"62.50000"}']);
    expect(h.err).toEqual([]);
    expect(h.model.read()).toEqual({ kind: 'value', units: 6_250_000n, stable: true });
  });

  it('makes the reading unstable and stable again', () => {
    const h = harness();
    h.send('motion on');
    h.send('  motion off  ');
    expect(h.motion).toEqual([true, false]);
    expect(h.out).toEqual(['{"motion":"on"}', '{"motion":"off"}']);
  });

  it.each([
    ['load twelve', 'load "twelve" is not a decimal number (e.g. load 62.50000)'],
    ['load 1.234567', 'load 1.234567 refused:'],
    ['tare', '"tare" is not a command; expected "load <decimal>" or "motion on|off"'],
    ['load 1 2', '"load 1 2" is not a command'],
    ['motion maybe', '"motion maybe" is not a command'],
  ])('refuses %j on stderr, naming it, and keeps the load it had', (line, why) => {
    const h = harness();
    h.send('load 10.00000');
    h.send(line);
    expect(h.err).toHaveLength(1);
    expect(h.err[0]).toContain(why);
    expect(h.model.read()).toEqual({ kind: 'value', units: 1_000_000n, stable: true });
  });

  it('ignores a blank line', () => {
    const h = harness();
    h.send('   ');
    expect([...h.out, ...h.err]).toEqual([]);
  });
});
