import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { importPublicKey, verifyChain } from '@lineside/sync-protocol/node';
import { openDatabase } from '../../apps/kiosk/src/core/store/db.js';
import { parseStored, recordsTable } from '../../apps/kiosk/src/core/store/records.js';
import { loadOrCreateKey } from '../../apps/kiosk/src/core/keys.js';
import { repoRoot, removeTempDirs, startProcess, stopAll, tempDir } from '../support/processes.js';
import { requireBuiltKiosk } from './support/built.js';

beforeAll(requireBuiltKiosk);
afterEach(async () => {
  await stopAll();
  removeTempDirs();
});

const loop = path.join(repoRoot, 'tests/kiosk/support/append-loop.mjs');

/** Runs the append loop until `count` commits were confirmed, then kills it with SIGKILL. */
async function appendThenKill(dataDir: string, count: number): Promise<Map<number, string>> {
  const writer = startProcess('node', [loop, dataDir], { name: 'append-loop' });
  const [, startSeq] = await writer.waitForLine(/^ready (\d+)$/);
  await writer.waitForLine(new RegExp(`^confirmed ${Number(startSeq) + count} `));
  await writer.stop('SIGKILL');
  const confirmed = new Map<number, string>();
  for (const line of writer.output) {
    const match = /^confirmed (\d+) (sha256:[0-9a-f]{64})$/.exec(line);
    if (match) confirmed.set(Number(match[1]), match[2]!);
  }
  return confirmed;
}

describe('kiosk log across kill -9', () => {
  it('keeps every confirmed record, gap-free, with a chain that verifies, and appends on after reopening', async () => {
    const dataDir = tempDir('kiosk-crash');
    const confirmed = await appendThenKill(dataDir, 200);
    const second = await appendThenKill(dataDir, 100);
    for (const [seq, hash] of second) confirmed.set(seq, hash);

    const db = openDatabase(path.join(dataDir, 'kiosk.sqlite'));
    try {
      const records = recordsTable(db);
      const all = records.after(0, 1_000_000);
      const seqs = all.map((r) => r.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      for (const [seq, hash] of confirmed) expect(records.bySeq(seq)?.hash, `confirmed seq ${seq}`).toBe(hash);
      expect(all.length).toBeGreaterThanOrEqual(Math.max(...confirmed.keys()));
      const key = loadOrCreateKey(dataDir, true);
      if (!key.ok) throw new Error(key.message);
      const check = verifyChain(all.map(parseStored), importPublicKey(key.key.publicKey));
      expect(check.ok).toBe(true);
    } finally {
      db.close();
    }
  });
});
