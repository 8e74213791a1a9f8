// Issue 13 in Chromium on the demo plant: the operator dispenses step 3 of ORD-0001, sees each container's
// label on screen (SVG from bwip-js) and on the printer (the PRN-01 simulator keeps what it prints, and its
// GS1 DataMatrix decodes to the SSCC the weighing record carries); out of paper the screen says so and
// offers to print again, and a reprint of a printed label says COPY 1. Screenshots in /work/shots/labels.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseElementString } from '@lineside/device-drivers';
import { requireTool } from '../support/tools.js';
import { GTIN, label, poll, serverRecords, station } from './support/demo-station.js';

const skip = requireTool('socat') ?? requireTool('chromium');
const artifacts = process.env['LINESIDE_SHOTS'] ?? '/work/shots/labels';

describe.skipIf(skip !== undefined)(`container labels in Chromium${skip ? ` (skipped: ${skip})` : ''}`, () => {
  const s = station('labels', { artifacts, numbered: true });
  beforeAll(() => s.start(), 120_000);
  afterAll(() => s.stop(), 60_000);

  it('dispenses step 3, shows and prints each label, says out of paper, and reprints as COPY 1', async () => {
    const { page, instruments, plant, kiosk } = s.ctx;
    const printer = instruments['PRN-01'];
    await s.morningChecks();
    await s.loginOlivia();
    await s.throughStep2();
    await page.getByTestId('step-start').click();
    await page.getByTestId('balance-BAL-04').click();
    await s.scan(label(GTIN.PCM, '270331', 'PCM-2401'), 'PCM-2401');
    expect(await page.getByTestId('container-label').count()).toBe(0);

    // Container 1: the label appears beside the step and the printer has it.
    await s.weighContainer('BAL-04', '3', '1.500', '26.700', '25.200');
    await poll(() => page.getByTestId('label-status').textContent()).toBe('Printed on PRN-01');
    const first = (await page.getByTestId('container-label').getAttribute('data-sscc'))!;
    expect(first).toMatch(/^095011010010\d{6}$/);
    expect(await page.getByTestId('label-sscc').textContent()).toBe(`SSCC ${first} · 25.200 kg · lot PCM-2401`);
    expect(await page.getByTestId('label-preview').getAttribute('alt')).toBe(`Label of container 1: (00)${first}(01)${GTIN.PCM}(17)270331(3103)025200(10)PCM-2401`);
    const [printed] = await printer.model.waitForPrinted(1);
    const matrix = printed!.barcodes.find((b) => b.symbology === 'gs1-datamatrix')!;
    expect(parseElementString(matrix.data).elements.map((e) => `(${e.ai})${e.raw}`).join('')).toBe(`(00)${first}(01)${GTIN.PCM}(17)270331(3103)025200(10)PCM-2401`);
    await poll(() => page.getByTestId('label-reprint').isEnabled()).toBe(true);
    await s.shot('step-3-label-printed');

    // Container 2 with the printer out of labels: the weighing stands, the screen says why.
    printer.model.setPaperOut(true);
    await s.weighContainer('BAL-04', '3', '1.500', '26.703', '25.203');
    await poll(() => page.getByTestId('label-status').textContent()).toMatch(/^NOT printed: Printer PRN-01: the printer is out of labels/);
    const second = (await page.getByTestId('container-label').getAttribute('data-sscc'))!;
    expect(second).not.toBe(first);
    expect(await page.getByTestId('label-reprint').textContent()).toBe('Print again');
    await poll(() => page.getByTestId('step-dispensed').textContent()).toMatch(/ in 2 container\(s\)/);
    await poll(() => page.getByTestId('label-reprint').isEnabled()).toBe(true);
    await s.shot('step-3-label-out-of-paper');

    // Labels loaded: Print again sends the label itself; Reprint of a printed label is COPY 1.
    printer.model.setPaperOut(false);
    await page.getByTestId('label-reprint').click();
    await poll(() => page.getByTestId('label-status').textContent()).toBe('Printed on PRN-01');
    await page.getByTestId('label-reprint').click();
    await poll(() => page.getByTestId('label-status').textContent()).toBe('Printed on PRN-01 · 1 copy');
    const all = await printer.model.waitForPrinted(3);
    expect(all[1]!.texts).not.toContain('COPY 1');
    expect(all[2]!.texts).toContain('COPY 1');
    expect(await page.getByTestId('label-reprint').textContent()).toBe('Reprint (COPY 2)');
    await poll(() => page.getByTestId('label-reprint').isEnabled()).toBe(true);
    await s.shot('step-3-label-reprinted-copy');
    // The first label is still there to look at.
    await page.getByTestId('label-tab-1').click(); // tabs show once there are two labels
    await poll(() => page.getByTestId('container-label').getAttribute('data-sscc')).toBe(first);

    await poll(() => page.getByTestId('tolerance-state').textContent()).toBe('IN TOLERANCE');
    await page.getByTestId('dispense-complete').click();
    await poll(() => page.getByTestId('current-step').getAttribute('data-step')).toBe('4');

    // The server has the weighings with their SSCCs and every print, as the supervisor reads them.
    const state = await kiosk.call('getState', {});
    await kiosk.waitForAcked(state.sync.headSeq, 60_000);
    const stored = await serverRecords(plant);
    expect(stored.filter((r) => r.type === 'order.weighing-recorded').map((r) => r.payload['sscc'])).toEqual([first, second]);
    expect(stored.filter((r) => r.type === 'label.printed').map((r) => [r.payload['sscc'], r.payload['copyNo'], r.payload['outcome']])).toEqual([
      [first, 0, 'printed'],
      [second, 0, 'not-printed'],
      [second, 0, 'printed'],
      [second, 1, 'printed'],
    ]);
  }, 300_000);
});
