// @ts-check
// Rewrites the generated "Record types" section of packages/sync-protocol/README.md from the record catalog
// (run `npm run build` first); packages/sync-protocol/src/records/spec.test.ts fails while the two differ.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withRecordTypes } from '@lineside/sync-protocol';

const readme = path.resolve(import.meta.dirname, '..', 'packages', 'sync-protocol', 'README.md');
writeFileSync(readme, withRecordTypes(readFileSync(readme, 'utf8')));
process.stdout.write(`spec-record-types: ${readme} updated\n`);
