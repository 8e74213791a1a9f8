export * from './deviation.js';
