export * from './offline-grace.js';
