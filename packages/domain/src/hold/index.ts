export * from './events.js';
export * from './hold.js';
