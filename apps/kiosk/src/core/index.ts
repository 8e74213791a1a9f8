// Public surface of the kiosk core for tests and tools (the bin is bin.ts).
export { startKioskCore, readAppVersion, DB_FILE, type KioskCore, type KioskCoreOptions } from './kiosk.js';
export { startBrowserServer, type BrowserServer } from './browser-server.js';
export { parseKioskArgs, USAGE, type KioskArgs } from './args.js';
export { openDatabase } from './store/db.js';
export { recordsTable, parseStored, type StoredRecord } from './store/records.js';
export { KEY_FILE } from './keys.js';
export type * from '../shared/api.js';
