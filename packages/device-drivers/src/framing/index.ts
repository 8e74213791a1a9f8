export * from './line-framer.js';
