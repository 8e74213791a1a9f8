import { afterEach, beforeAll } from 'vitest';
import { demoPlant, type MasterData } from '@lineside/domain';
import { makeVerifier } from '@lineside/sync-protocol/node';
import { createExecutionContext, type ExecutionContext } from '../../../apps/kiosk/src/core/execution/context.js';
import { createSigners } from '../../../apps/kiosk/src/core/execution/signers.js';
import { manualClock, openTestStore } from './kiosk-fixture.js';

/** The demo plant on 2026-11-25; the manual clock starts at 09:00+01:00, the early shift. */
export const master: MasterData = demoPlant({ year: 2026, month: 11, day: 25 });
export const ORDER = 'ORD-0001';
export const PINS: Readonly<Record<string, string>> = { 'olivia.operator': '1111', 'oscar.operator': '2222', 'quinn.qa': '3333', 'max.maintenance': '4444', 'sam.supervisor': '5555' };

/** PIN verifiers at a cheap scrypt cost (the format and the check are the production ones); call in beforeAll. */
export async function cheapVerifiers(): Promise<Map<string, string>> {
  const verifiers = new Map<string, string>();
  for (const [user, pin] of Object.entries(PINS)) verifiers.set(user, await makeVerifier(pin, 1024));
  return verifiers;
}

/**
 * The execution core's shared context over a real kiosk store (SQLite + signed log), for the unit tests
 * of one aggregate module. `reopen` builds a new context on the same store: what a restart folds.
 */
export function openExecutionCore(verifiers: ReadonlyMap<string, string>, options: { enrolled?: boolean; master?: MasterData } = {}) {
  const store = openTestStore({ clock: manualClock(), ...(options.enrolled !== undefined ? { enrolled: options.enrolled } : {}) });
  let n = 0;
  const reopen = (): ExecutionContext =>
    createExecutionContext({
      db: store.db,
      log: store.log,
      clock: store.clock,
      newId: () => `00000000-0000-7000-8000-${String((n += 1)).padStart(12, '0')}`,
      masterData: () => options.master ?? master,
      masterRefreshedAt: () => '2026-11-25T06:00:00.000Z',
      stationId: () => store.identity.get()?.stationId ?? 'DISP-1',
      keyId: () => store.identity.get()?.keyId ?? null,
      verifiers: (userId) => ({ passwordVerifier: null, pinVerifier: verifiers.get(userId) ?? null }),
    });
  return { store, core: reopen(), reopen, cleanup: store.cleanup };
}

/** Record types appended after `seq` (the log's head before the step under test). */
export function typesAfter(store: ReturnType<typeof openTestStore>, seq: number): string[] {
  return store.records.after(seq, 100).map((r) => r.type);
}

/**
 * For a test file of one aggregate module: cheap verifiers made once, every core opened closed after each
 * test, and `loggedIn(user, pin)` — a core with its signers and that user logged in.
 * Call at the top level of the file (it registers vitest hooks).
 */
export function loggedInCores() {
  let verifiers: Map<string, string>;
  beforeAll(async () => {
    verifiers = await cheapVerifiers();
  });
  const opened: Array<{ cleanup(): void }> = [];
  afterEach(() => {
    for (const o of opened.splice(0)) o.cleanup();
  });
  return {
    async loggedIn(badgeOrUserId: string, pin: string) {
      const o = openExecutionCore(verifiers);
      opened.push(o);
      const signers = createSigners(o.core);
      const login = await signers.commands.login({ badgeOrUserId, pin });
      if (!login.ok) throw new Error(login.message);
      return { ...o, signers };
    },
  };
}
