// Closing the kiosk core while a state push is queued: CI once saw 'The database connection is not
// open' thrown from the coalesced getState that ran after close() had shut the database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { loadOrCreateKey } from '../../apps/kiosk/src/core/keys.js';
import { openDatabase } from '../../apps/kiosk/src/core/store/db.js';
import { identityTable } from '../../apps/kiosk/src/core/store/identity.js';
import { enrollLocally, weighingDraft } from './support/kiosk-fixture.js';

describe('kiosk core close', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function startEnrolledCore(): Promise<KioskCore> {
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-core-close-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(path.join(dir, DB_FILE));
    const key = loadOrCreateKey(dir, false);
    if (!key.ok) throw new Error(key.message);
    enrollLocally(identityTable(db), key.key);
    db.close();
    const started = await startKioskCore({ dataDir: dir, serverUrl: 'http://127.0.0.1:1', sync: { backoff: { baseMs: 600_000, maxMs: 600_000 } } });
    if (!started.ok) throw new Error(started.message);
    cleanups.push(() => started.core.close());
    return started.core;
  }

  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

  it('pushes one state for a burst of appends while open', async () => {
    const core = await startEnrolledCore();
    const states: unknown[] = [];
    core.on((event, data) => {
      if (event === 'state') states.push(data);
    });
    for (const value of ['1.000', '2.000', '3.000']) {
      const appended = core.log.append(weighingDraft(value));
      expect(appended.ok).toBe(true);
    }
    await turn();
    await turn();
    expect(states).toHaveLength(1);
  });

  it('drops a queued state push when close() begins, and leaves no timer to read the closed database', async () => {
    const core = await startEnrolledCore();
    const errors: unknown[] = [];
    const onUncaught = (error: unknown) => errors.push(error);
    process.on('uncaughtException', onUncaught);
    cleanups.push(() => void process.off('uncaughtException', onUncaught));
    const states: unknown[] = [];
    core.on((event, data) => {
      if (event === 'state') states.push(data);
    });
    expect(core.log.append(weighingDraft('4.000')).ok).toBe(true);
    // The append queued a push for the next turn; close now, before that turn comes.
    await core.close();
    expect(core.db.open).toBe(false);
    await turn();
    await turn();
    expect(errors).toEqual([]);
    expect(states).toEqual([]);
  });
});
