import { describe } from 'vitest';
import { MtSicsSimulator } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { describeBalanceConformance } from './support/balance-conformance.js';

const skip = requireTool('socat');

describe.skipIf(skip !== undefined)(`MT-SICS through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  describeBalanceConformance('mt-sics simulator', {
    driver: 'mt-sics',
    format: (text) => text,
    basis: 'net',
    async start({ load, stabilityTimeoutMs }) {
      const simulator = await MtSicsSimulator.start({ load, stabilityTimeoutMs });
      return {
        path: simulator.path,
        serialNumber: simulator.model.settings.serialNumber,
        setLoad: (text, options) => simulator.setLoad(text, options),
        setMotion: (moving) => simulator.setMotion(moving),
        setOverload: () => simulator.setOverload(),
        stableRequested: async () => {
          await simulator.waitForCommand((line) => line === 'S');
        },
        unplug: () => simulator.unplug(),
        replug: () => simulator.replug(),
        close: () => simulator.close(),
      };
    },
  });
});
