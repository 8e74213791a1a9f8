export { buildApp, type AppOptions } from './app.js';
export type { DatabaseOptions, Engine } from './db/engine.js';
export { seedDemoPlant, type DemoCredentials } from './seed/demo-plant.js';
export { fileKeyProvider, memoryKeyProvider, type ServerKeyProvider } from './security/server-key-store.js';
