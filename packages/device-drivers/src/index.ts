export * from './decimal.js';
export * from './events.js';
export * from './balance.js';
export * from './framing/index.js';
export * from './mt-sics/index.js';
export * from './print-line/index.js';
export * from './transport/serial.js';
export * from './simulator/index.js';
export * from './gs1/index.js';
export * from './sartorius/index.js';
export * from './and/index.js';
export * from './ohaus/index.js';
export * from './orion/index.js';
export * from './hanna/index.js';
export * from './scanner/index.js';
export * from './ph-meter.js';
export * from './scanner-driver.js';
export {
  DEFAULT_SCAN_INTER_CHARACTER_TIMEOUT_MS,
  ScanLineFramer,
  type ScanLineFramerOptions,
} from './scanner-drivers/scan-line-framer.js';
export * from './scanner-drivers/hid-transport.js';
export { NodeHidTransport } from './scanner-drivers/node-hid-transport.js';
export * from './label/index.js';
export * from './printer/index.js';
