export * from './usability.js';
