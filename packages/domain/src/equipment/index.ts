export * from './calibration.js';
export * from './equipment.js';
export * from './minimum-weight.js';
export * from './routine-tests.js';
export * from './state.js';
export * from './usability.js';
export * from './suggest-balance.js';
export * from './checklist.js';
