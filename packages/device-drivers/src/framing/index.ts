export * from './line-framer.js';
export * from './line-stream.js';
