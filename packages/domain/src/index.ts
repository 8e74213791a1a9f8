// Pure rules and types of the floor: no I/O, no Node built-ins, no clock reads (ARCHITECTURE.md).
export * from './context.js';
export * from './decimal/index.js';
export * from './demo-plant.js';
export * from './deviation/index.js';
export * from './equipment/index.js';
export * from './esignature/index.js';
export * from './events.js';
export * from './hold/index.js';
export * from './label/index.js';
export * from './lot/index.js';
export * from './master-data/index.js';
export * from './order/index.js';
export * from './result.js';
export * from './station/index.js';
export * from './time/calendar.js';
export * from './decider.js';
