import { PRINT_LINE_DRIVERS } from './print-line/dialects.js';

export const SIMULATED_DRIVERS = ['mt-sics', ...PRINT_LINE_DRIVERS] as const;
export type SimulatedDriver = (typeof SIMULATED_DRIVERS)[number];
