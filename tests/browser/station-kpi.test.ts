// Issue 12 at the kiosk, as an operator in gloves uses it at 1280×800: the station's instruments with their
// operating state, one tap to report one down with a reason of the plant's list and one to bring it back, and a
// container rejected after it was accepted (scrap, with a reason) and weighed again. The demo plant runs as real
// processes (server, kiosk, balances on ptys); what the screen did is read back from the server's records.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireTool } from '../support/tools.js';
import { GTIN, label, poll, serverRecords, station } from './support/demo-station.js';

const skip = requireTool('socat') ?? requireTool('chromium');

describe.skipIf(skip !== undefined)(`operating states and a rejected weighing on the kiosk screen${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const s = station('kpi', { artifacts: '/work/shots/kpi-station' });
  beforeAll(() => s.start(), 120_000);
  afterAll(() => s.stop(), 60_000);

  it('shows each instrument’s state, reports BAL-02 down and up, and rejects a container that is then weighed again', async () => {
    const { page, kiosk, plant } = s.ctx;
    const stateOf = (id: string) => page.getByTestId(`instrument-${id}`).getAttribute('data-state');
    await s.morningChecks();
    await s.loginOlivia();
    // The order is started: every instrument of the station is in line-clearance setup.
    await poll(() => stateOf('BAL-04')).toBe('setup');
    await s.throughStep2();

    // Step 3 on BAL-04: the first container is accepted — BAL-04 runs, the others' setup is over.
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-04').click();
    await s.scan(label(GTIN.PCM, '270331', 'PCM-2401'), 'PCM-2401');
    await s.weighContainer('BAL-04', '3', '1.500', '26.700', '25.200');
    await poll(() => stateOf('BAL-04')).toBe('running');
    expect(await page.getByTestId('instrument-strip').locator('button').evaluateAll((b) => b.map((x) => `${x.getAttribute('data-testid')}=${x.getAttribute('data-state')}`))).toEqual([
      'instrument-BAL-01=idle',
      'instrument-BAL-02=idle',
      'instrument-BAL-03=idle',
      'instrument-BAL-04=running',
      'instrument-PH-01=idle',
    ]);
    await s.shot('step-3-instruments-and-weighings');
    // Nothing the operator weighs with is pushed off the 800 px screen by the chips or the reject button.
    for (const id of ['step-tare', 'weigh-accept', 'dispense-complete', 'weighing-reject-open']) {
      const box = (await page.getByTestId(id).boundingBox())!;
      expect(box.y + box.height, id).toBeLessThanOrEqual(800);
    }

    // The container is dropped: Reject…, scrap, one of the reasons.
    await page.getByTestId('weighing-reject-open').click();
    await page.getByTestId('reject-container-1').click();
    expect(await page.getByTestId('reject-submit').isDisabled()).toBe(true);
    await page.getByTestId('reject-disposition-scrap').click();
    await page.getByTestId('reject-reason-container-dropped-or-spilled').click();
    await s.shot('reject-dialog');
    await page.getByTestId('reject-submit').click();
    await poll(s.message).toBe('Container 1 rejected (scrap) — weigh a replacement');
    expect(await page.getByTestId('weighing-rejected-1').textContent()).toBe('#1 REJECTED (scrap)');
    expect(await page.getByTestId('weighing-rejected-1').getAttribute('title')).toBe('Container dropped or spilled');
    // Not counted: nothing dispensed, and Complete waits for a replacement.
    await poll(() => page.getByTestId('step-dispensed').textContent()).toMatch(/^Dispensed 0 kg in 0 container\(s\)/);
    await s.shot('step-3-container-rejected');
    await s.weighContainer('BAL-04', '3', '1.500', '26.700', '25.200');
    await s.weighContainer('BAL-04', '3', '1.500', '26.703', '25.203');
    await poll(() => page.getByTestId('tolerance-state').textContent()).toBe('IN TOLERANCE');
    await page.getByTestId('dispense-complete').click();
    await poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');
    // The dispense is complete: BAL-04 no longer runs.
    await poll(() => stateOf('BAL-04')).toBe('idle');

    // BAL-02 fails: tap it, tap the reason — recorded at once.
    await page.getByTestId('instrument-BAL-02').click();
    await s.shot('instrument-down-reasons');
    await page.getByTestId('down-reason-balance-fault').click();
    await poll(() => stateOf('BAL-02')).toBe('down');
    expect(await s.message()).toBe('BAL-02 reported down: Balance fault or drift');
    await s.shot('instrument-bal-02-down');
    await page.getByTestId('instrument-BAL-02').click();
    expect(await page.getByTestId('instrument-now').textContent()).toMatch(/^DOWN since \d{2}:\d{2}:\d{2} — Balance fault or drift$/);
    await s.shot('instrument-bal-02-works-again');
    await page.getByTestId('instrument-up').click();
    await poll(() => stateOf('BAL-02')).toBe('idle');
    // The order queue shows the same chips.
    await page.getByRole('button', { name: '← Orders' }).click();
    await poll(() => page.getByTestId('order-queue').isVisible()).toBe(true);
    expect(await stateOf('BAL-02')).toBe('idle');
    await s.shot('order-queue-instruments');

    // What the screen did is on the server, signed, as the batch record and the KPIs read it.
    const state = await kiosk.call('getState', {});
    await kiosk.waitForAcked(state.sync.headSeq, 60_000);
    const stored = await serverRecords(plant);
    expect(stored.filter((r) => r.type === 'order.weighing-rejected').map((r) => [r.payload['stepId'], r.payload['disposition'], r.payload['reason'], r.payload['by']])).toEqual([['3', 'scrap', 'Container dropped or spilled', 'olivia.operator']]);
    expect(stored.find((r) => r.type === 'order.dispense-completed')?.payload['quantities']).toEqual({ produced: '75.603', good: '50.403', scrap: '25.200', rework: '0', reweighs: 1 });
    const bal02 = stored.filter((r) => r.type === 'equipment.equipment-state-changed' && r.payload['equipmentId'] === 'BAL-02').map((r) => [r.payload['from'], r.payload['to'], r.payload['reason'] ?? null]);
    expect(bal02.slice(-2)).toEqual([
      ['idle', 'down', 'balance-fault'],
      ['down', 'idle', null],
    ]);
  }, 300_000);
});
