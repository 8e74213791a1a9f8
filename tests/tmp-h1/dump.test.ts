import { writeFileSync } from 'node:fs';
import { afterEach, it } from 'vitest';
import { cleanupList } from '../faults/support/sync-fixture.js';
import { sqliteDatabase } from '../server/support/engines.js';
import { demoOrderServer } from '../server/support/demo-order.js';
import { assembleBatchRecord } from '../../apps/sync-server/src/review/batch-record.js';
const cleanups = cleanupList();
afterEach(() => cleanups.run());
it('dump', async () => {
  const d = sqliteDatabase(); await d.setUp(); cleanups.add(() => d.tearDown());
  const { server } = await demoOrderServer(cleanups, d.options());
  const t = performance.now();
  const a = await assembleBatchRecord(server.app.db, 'ORD-0001');
  console.log('ms', performance.now() - t);
  writeFileSync('/tmp/h1-br.json', JSON.stringify(a, null, 1));
}, 120000);
