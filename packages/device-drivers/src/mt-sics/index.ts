export * from './codec.js';
export * from './driver.js';
