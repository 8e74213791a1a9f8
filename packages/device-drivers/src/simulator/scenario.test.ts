import { describe, expect, it } from 'vitest';
import { parseScenario } from './scenario.js';

describe('parseScenario', () => {
  it('accepts a balance and a timeline', () => {
    const json = { driver: 'mt-sics', balance: { serialNumber: 'SIM-1', decimals: 2, capacity: '6000.00' }, steps: [{ atMs: 0, load: '12.34' }, { atMs: 500, motion: false, print: true }], loopMs: 2000 };
    expect(parseScenario(json)).toEqual({ ok: true, value: json });
  });

  it.each([
    [[], 'scenario file: must be a JSON object'],
    [{ driver: 'sartorius' }, 'scenario file .driver: must be one of "mt-sics", "sartorius-sbi", "and", "ohaus", got "sartorius"'],
    [{ driver: 'mt-sics', balance: { colour: 'red' } }, 'scenario file .balance.colour: unknown setting'],
    [{ driver: 'mt-sics', balance: { decimals: '2' } }, 'scenario file .balance.decimals: must be a number'],
    [{ driver: 'mt-sics', steps: [{ load: '1' }] }, 'scenario file .steps[0].atMs: must be a number >= 0'],
    [{ driver: 'mt-sics', steps: [{ atMs: 0, load: 1 }] }, 'scenario file .steps[0].load: must be a decimal string'],
    [{ driver: 'mt-sics', steps: [{ atMs: 0, wobble: true }] }, 'scenario file .steps[0].wobble: unknown field'],
    [{ driver: 'mt-sics', loopMs: 0 }, 'scenario file .loopMs: must be a number > 0'],
  ])('refuses %j naming the field', (json, message) => {
    const result = parseScenario(json);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe('invalid-scenario');
      expect(result.message.startsWith(message)).toBe(true);
    }
  });
});
