export * from './commands.js';
export * from './decide.js';
export * from './dispense/target.js';
export * from './dispense/tolerance.js';
export * from './events.js';
export * from './evolve.js';
export * from './refusals.js';
export * from './state.js';
