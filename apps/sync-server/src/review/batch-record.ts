export * from './batch-record-schema.js';
