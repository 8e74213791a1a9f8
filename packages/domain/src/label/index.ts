export * from './sscc.js';
export * from './container-label.js';
export { gs1Mod10 } from './gs1-check-digit.js';
