export * from './protocol.js';
export * from './driver.js';
export * from './sartorius-sbi.js';
export * from './and.js';
export * from './ohaus.js';
