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
    weightErrorCode: 'adjustment-needed',
    streamOptions: { mode: 'stream' },
    async start({ load, stabilityTimeoutMs }) {
      const simulator = await MtSicsSimulator.start({ load, stabilityTimeoutMs, updateIntervalMs: 30 });
      return {
        path: simulator.path,
        serialNumber: simulator.model.settings.serialNumber,
        setLoad: (text, options) => simulator.setLoad(text, options),
        setMotion: (moving) => simulator.setMotion(moving),
        setOverload: () => simulator.setOverload(),
        setUnderload: (underload) => simulator.setUnderload(underload),
        setBusy: (busy) => simulator.setBusy(busy),
        setWeightError: (code) => simulator.setWeightError(code),
        // the driver asks for SIR itself
        startStream: () => undefined,
        pollRequested: async () => {
          await simulator.waitForCommand((line) => line === 'SI');
        },
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
