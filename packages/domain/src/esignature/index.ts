export * from './signature.js';
export * from './signer.js';
