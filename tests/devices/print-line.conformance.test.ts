// The same balance conformance suite, for the families without reply IDs (SBI, A&D, Ohaus).
import { describe } from 'vitest';
import { PRINT_LINE_DRIVERS, PrintLineSimulator } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { describeBalanceConformance } from './support/balance-conformance.js';

const skip = requireTool('socat');
const PRINT_COMMAND = { 'sartorius-sbi': '\x1bP', and: 'Q', ohaus: 'IP' } as const;
const WEIGHT_ERROR_CODE = { 'sartorius-sbi': 'balance-error', and: 'communication-error', ohaus: 'balance-error' } as const;

describe.skipIf(skip !== undefined)(`print-line balances through a socat pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  for (const driver of PRINT_LINE_DRIVERS) {
    describeBalanceConformance(`${driver} simulator`, {
      driver,
      format: (text) => text,
      basis: 'unknown',
      weightErrorCode: WEIGHT_ERROR_CODE[driver],
      // one print request at connect time, then only the balance's own output
      streamOptions: { pollIntervalMs: 60_000 },
      async start({ load, stabilityTimeoutMs }) {
        const simulator = await PrintLineSimulator.start(driver, { load, stabilityTimeoutMs, capacity: '220.0000', decimals: 4, updateIntervalMs: 30 });
        return {
          path: simulator.path,
          serialNumber: simulator.model.settings.serialNumber,
          setLoad: (text, options) => simulator.setLoad(text, options),
          setMotion: (moving) => simulator.setMotion(moving),
          setOverload: () => simulator.setOverload(),
          setUnderload: (underload) => simulator.setUnderload(underload),
          setBusy: (busy) => simulator.setBusy(busy),
          setWeightError: (code) => simulator.setWeightError(code),
          startStream: () => simulator.startStream(),
          pollRequested: async () => {
            await simulator.waitForCommand((line) => line === PRINT_COMMAND[driver]);
          },
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
