export * from './canonical-json.js';
export * from './envelope.js';
export * from './errors.js';
export * from './schemas.js';
export * from './request-auth.js';
export * from './enrollment-code.js';
