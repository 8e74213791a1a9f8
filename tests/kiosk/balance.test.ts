// The kiosk with the real MT-SICS driver on a socat pty and the balance simulator: what the operator sees and records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBalanceDriver, MtSicsSimulator } from '@lineside/device-drivers';
import { importPublicKey, verifyChain } from '@lineside/sync-protocol/node';
import type { DeviceStatusView, KioskEvents, WeightView } from '../../apps/kiosk/src/shared/api.js';
import { startBrowserServer } from '../../apps/kiosk/src/core/browser-server.js';
import { startKioskCore, DB_FILE, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { loadOrCreateKey } from '../../apps/kiosk/src/core/keys.js';
import { openDatabase } from '../../apps/kiosk/src/core/store/db.js';
import { identityTable } from '../../apps/kiosk/src/core/store/identity.js';
import { parseStored, recordsTable } from '../../apps/kiosk/src/core/store/records.js';
import { requireTool } from '../support/tools.js';
import { demoExecution, enrollLocally } from './support/kiosk-fixture.js';

const skip = requireTool('socat');

describe.skipIf(skip !== undefined)(`kiosk with an MT-SICS balance on a pty${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /**
   * An enrolled kiosk working offline (the server is unreachable), with BAL-01 on the simulator; BAL-01
   * tested this shift and Olivia logged in, since a free weighing is recorded under a person's name.
   * `base` is the log's head before the first weighing.
   */
  async function start(load: string, mode?: 'poll' | 'stream') {
    const plant = await demoExecution();
    const sim = await MtSicsSimulator.start({ load });
    cleanups.push(() => sim.close());
    const dir = mkdtempSync(path.join(tmpdir(), 'lineside-kiosk-balance-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const db = openDatabase(path.join(dir, DB_FILE));
    const key = loadOrCreateKey(dir, false);
    if (!key.ok) throw new Error(key.message);
    enrollLocally(identityTable(db), key.key);
    db.close();
    const started = await startKioskCore({ clock: plant.clock, dataDir: dir, serverUrl: 'http://127.0.0.1:1', balance: { driver: 'mt-sics', path: sim.path, balanceId: 'BAL-01' },
      ...(mode ? { balanceFactory: (options: Parameters<typeof createBalanceDriver>[0]) => createBalanceDriver({ ...options, mode }) } : {}),
      sync: { backoff: { baseMs: 60_000, maxMs: 60_000 } }, execution: plant.options });
    if (!started.ok) throw new Error(started.message);
    cleanups.push(() => started.core.close());
    await plant.readyToWeigh(started.core.execution);
    return { sim, core: started.core, publicKey: key.key.publicKey, base: started.core.log.head().seq };
  }

  function nextEvent<E extends keyof KioskEvents>(core: KioskCore, event: E, predicate: (data: KioskEvents[E]) => boolean, what: string, timeoutMs = 10_000): Promise<KioskEvents[E]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`no ${event} event: ${what}`));
      }, timeoutMs);
      const off = core.on((name, data) => {
        if ((name as string) !== event || !predicate(data as KioskEvents[E])) return;
        clearTimeout(timer);
        off();
        resolve(data as KioskEvents[E]);
      });
    });
  }

  it('shows the live stable weight and records exactly what the balance sent on Accept', async () => {
    const { core, publicKey, base } = await start('12.3456');
    const seq = base + 1;
    const weight: WeightView = await nextEvent(core, 'weight', (w) => w.stable && w.value === '12.3456', 'stable 12.3456 g');
    expect(weight).toMatchObject({ balanceId: 'BAL-01', unit: 'g', stable: true });
    expect(core.balance?.status()).toMatchObject({ connection: 'connected', problem: null });

    const server = await startBrowserServer({ core, port: 0, rendererDir: path.join(tmpdir(), 'no-renderer-needed') });
    cleanups.push(() => server.close());
    const answer = await fetch(`http://127.0.0.1:${server.port}/api/commands/acceptWeight?token=${server.token}`, { method: 'POST', body: '{}' });
    const accepted = (await answer.json()) as { ok: boolean; seq: number; hash: string };
    expect(accepted).toMatchObject({ ok: true, seq });

    const stored = core.log.head();
    expect(stored).toEqual({ seq, hash: accepted.hash });
    const record = parseStored(recordsTable(core.db).bySeq(seq)!);
    expect(record.actor).toMatchObject({ kind: 'user', userId: 'olivia.operator' });
    // The frame exactly as the balance sent it (MT-SICS 'S S' = stable net weight).
    expect(record.payload).toMatchObject({ equipmentId: 'BAL-01', value: '12.3456', unit: 'g', basis: 'net', stable: true, raw: 'S S    12.3456 g' });
    const chain = Array.from({ length: seq }, (_, i) => parseStored(recordsTable(core.db).bySeq(i + 1)!));
    expect(verifyChain(chain, importPublicKey(publicKey))).toMatchObject({ ok: true });
    const state = await core.dispatch('getState', {});
    expect(state.recentWeighings[0]).toMatchObject({ seq, value: '12.3456', synced: false });
    expect(state.sync).toMatchObject({ unsent: seq, online: false });
  });

  it('refuses Accept while the load keeps moving, then records once it settles', async () => {
    const { sim, core, base } = await start('2.0000');
    await nextEvent(core, 'weight', (w) => w.stable, 'a first stable reading');
    sim.setLoad('5.1000', { motion: true });
    await nextEvent(core, 'weight', (w) => !w.stable, 'a moving reading');
    const refused = await core.dispatch('acceptWeight', { timeoutMs: 300 });
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^BAL-01: /) });
    expect(core.log.head().seq).toBe(base);
    sim.setMotion(false);
    await nextEvent(core, 'weight', (w) => w.stable && w.value === '5.1000', 'stable 5.1000 g');
    expect(await core.dispatch('acceptWeight', {})).toMatchObject({ ok: true, seq: base + 1, weighing: { value: '5.1000' } });
  });

  it('says the balance is unplugged, keeps running, and reads again after replug', async () => {
    const { sim, core } = await start('1.0000');
    await nextEvent(core, 'weight', (w) => w.stable, 'a stable reading');
    const gone = nextEvent(core, 'device-status', (s: DeviceStatusView) => s.connection === 'disconnected', 'disconnected');
    await sim.unplug();
    expect((await gone).problem).toMatch(/^BAL-01: /);
    expect(await core.dispatch('acceptWeight', { timeoutMs: 300 })).toMatchObject({ ok: false });
    const back = nextEvent(core, 'device-status', (s: DeviceStatusView) => s.connection === 'connected', 'connected again', 20_000);
    await sim.replug();
    expect(await back).toMatchObject({ problem: null });
  });

  // Issue 8 §3: after an overload, underload, busy or error reply, the weight from before it is gone.
  const faults = [
    { name: 'overload', set: (sim: MtSicsSimulator) => sim.setOverload(), clear: (sim: MtSicsSimulator) => sim.setLoad('7.0000'), problem: /overloaded/ },
    { name: 'underload', set: (sim: MtSicsSimulator) => sim.setUnderload(true), clear: (sim: MtSicsSimulator) => sim.setUnderload(false), problem: /underloaded/ },
    { name: 'busy', set: (sim: MtSicsSimulator) => sim.setBusy(true), clear: (sim: MtSicsSimulator) => sim.setBusy(false), problem: /busy/ },
    { name: 'weight error 15', set: (sim: MtSicsSimulator) => sim.setWeightError(15), clear: (sim: MtSicsSimulator) => sim.setWeightError(undefined), problem: /Error 15/ },
  ];
  for (const mode of ['poll', 'stream'] as const) {
    for (const fault of faults) {
      it(`${mode}: after ${fault.name} the last stable weight is withdrawn and Accept is refused until a fresh reading`, async () => {
        const { sim, core, base } = await start('7.0000', mode);
        await nextEvent(core, 'weight', (w) => w.stable && w.value === '7.0000', 'stable 7.0000 g');
        const told = nextEvent(core, 'device-status', (s: DeviceStatusView) => s.problem !== null && fault.problem.test(s.problem), fault.name);
        fault.set(sim);
        expect(await told).toMatchObject({ connection: 'connected', problem: expect.stringMatching(/^BAL-01: /) });
        expect(core.balance?.weight()).toBeNull();
        expect((await core.dispatch('getState', {})).weight).toBeNull();
        // Right after the fault: the pre-fault 7.0000 g must not be taken; the balance is asked and refuses.
        const refused = await core.dispatch('acceptWeight', { timeoutMs: 500 });
        expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^BAL-01: /) });
        expect(core.log.head().seq).toBe(base);
        fault.clear(sim);
        await nextEvent(core, 'weight', (w) => w.stable && w.value === '7.0000', 'stable 7.0000 g again');
        expect(await core.dispatch('acceptWeight', {})).toMatchObject({ ok: true, seq: base + 1, weighing: { value: '7.0000' } });
      });
    }
  }
});
