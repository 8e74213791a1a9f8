// The same balance conformance suite, for the families without reply IDs (SBI, A&D, Ohaus).
import { describe } from 'vitest';
import { PRINT_LINE_DRIVERS, PrintLineSimulator } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { describeBalanceConformance } from './support/balance-conformance.js';

const skip = requireTool('socat');
const PRINT_COMMAND = { 'sartorius-sbi': '\x1bP', and: 'Q', ohaus: 'IP' } as const;

describe.skipIf(skip !== undefined)(`print-line balances through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  for (const driver of PRINT_LINE_DRIVERS) {
    describeBalanceConformance(`${driver} simulator`, {
      driver,
      format: (text) => text,
      basis: 'unknown',
      async start({ load, stabilityTimeoutMs }) {
        const simulator = await PrintLineSimulator.start(driver, { load, stabilityTimeoutMs, capacity: '220.0000', decimals: 4 });
        return {
          path: simulator.path,
          serialNumber: simulator.model.settings.serialNumber,
          setLoad: (text, options) => simulator.setLoad(text, options),
          setMotion: (moving) => simulator.setMotion(moving),
          setOverload: () => simulator.setOverload(),
          stableRequested: async () => {
            await simulator.waitForCommand((line) => line === PRINT_COMMAND[driver]);
          },
          unplug: () => simulator.unplug(),
          replug: () => simulator.replug(),
          close: () => simulator.close(),
        };
      },
    });
  }
});
