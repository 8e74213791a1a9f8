// The one entry point of sync-protocol that may use node:* (ARCHITECTURE.md): signing and verifying.
export * from './keys.js';
export * from './records.js';
export * from './request-auth.js';
export * from './server-signed.js';
export * from './credentials.js';
export * from './server-key-trust.js';
export * from './audit-entry.js';
export * from './bundle-verify.js';
