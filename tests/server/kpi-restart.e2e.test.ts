// Issue 12, read as the plant manager reads it: a kiosk PC dies while BAL-04 is running a dispense, and comes
// back ten minutes later. The time after the restart is not production: the KPIs count BAL-04 running from its
// first weighing until the restart, not until the next person signs in. A real kiosk core of DISP-1 at a real
// server (on each engine), killed without a sign-out and started again on the same data folder.
import { afterEach, expect, it } from 'vitest';
import { onEachEngine } from '../faults/support/engines.js';
import { cleanupList, serverRecords, simulatedClock } from '../faults/support/sync-fixture.js';
import { plant, station } from './support/kiosk-station.js';

const cleanups = cleanupList();
afterEach(() => cleanups.run());

const MIN = 60_000;

onEachEngine('a kiosk crash in the KPI time model (issue 12)', (fresh) => {
  it('counts BAL-04 running until the kiosk restarted and not after it, with no failure', async () => {
    const clock = simulatedClock(Date.UTC(2026, 10, 25, 7, 0, 0));
    const { server, pin, supervisor } = await plant(cleanups, await fresh(), clock);
    const booth = await station(cleanups, server, clock, pin);

    // BAL-04 runs from the first container of step 3 on; the operator is still signed in when the PC dies.
    await booth.firstParacetamolContainer();
    await booth.synced();
    await booth.crashAndRestart(10 * MIN);
    await booth.synced();
    // Forty minutes later Olivia signs in again (a sign of life, and before this fix the end of "running").
    clock.advance(40 * MIN);
    await booth.login('olivia.operator');
    await booth.synced();

    const states = (await serverRecords(supervisor)).filter((r) => r.payload['type'] === 'EquipmentStateChanged' && r.payload['equipmentId'] === 'BAL-04');
    const ran = states.find((r) => r.payload['to'] === 'running')!;
    const restarted = states.find((r) => r.payload['reason'] === 'kiosk restarted')!;
    expect(restarted).toMatchObject({ payload: { from: 'running', to: 'idle', by: 'K-DISP-1' }, flags: [] });
    // The kiosk was down ten minutes: the restart is recorded when it comes back, not when it died.
    expect(Date.parse(restarted.occurredAt) - Date.parse(ran.occurredAt)).toBeGreaterThanOrEqual(10 * MIN);

    const response = await supervisor('GET', '/api/v1/kpis?scope=station&id=DISP-1&from=2026-11-25&to=2026-11-26&granularity=shift');
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const early = (response.body['buckets'] as { key: string; totals: Record<string, number> }[]).find((b) => b.key === '2026-11-25 early')!;
    // Running is exactly the first weighing → the restart: nothing of the forty minutes after it.
    expect(early.totals['APT']).toBe(Date.parse(restarted.occurredAt) - Date.parse(ran.occurredAt));
    const t = early.totals;
    expect(t['APT']! + t['AUST']! + t['ADET']! + t['ADOT']! + t['unknown']!).toBe(t['PBT']);
    // The restart is no failure: no down time, no failure event.
    expect({ ADET: t['ADET'], FE: t['FE'] }).toEqual({ ADET: 0, FE: 0 });
  });
});
