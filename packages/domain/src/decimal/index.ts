export * from './decimal.js';
export * from './quantity.js';
