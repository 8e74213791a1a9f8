// Container labels at a real kiosk core (issue 13): BAL-04 on a pty, the label printer simulator on a TCP
// port. An accepted container gets its SSCC in the weighing record (order.weighing-recorded@2) and its label
// on the printer; out of paper or offline the weighing stands, the kiosk says why, and a reprint is a
// label.printed record whose label says COPY.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseElementString,
  startSimulator,
  ZplPrinterTcpSimulator,
  type RunningSimulator,
} from '@lineside/device-drivers';
import { parseSscc } from '@lineside/domain';
import type { WeightView } from '../../apps/kiosk/src/shared/api.js';
import { startKioskCore, type KioskCore } from '../../apps/kiosk/src/core/kiosk.js';
import { requireTool } from '../support/tools.js';
import { enrolledDataDir, offlinePlant, recordsOfType, type Cleanups } from './support/station.js';

const skip = requireTool('socat');
const ORDER = 'ORD-0001';

describe.skipIf(skip !== undefined)(
  `container labels at the kiosk${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    const cleanups: Cleanups = [];
    let core: KioskCore;
    let bal04: RunningSimulator;
    let printer: ZplPrinterTcpSimulator;
    const step = (stepId: string) => ({ orderId: ORDER, stepId });
    const records = (type: string) => recordsOfType(core, type);

    async function ok<T extends { ok: boolean }>(result: Promise<T>, what: string): Promise<T> {
      const value = await result;
      if (!value.ok) throw new Error(`${what}: ${JSON.stringify(value)}`);
      return value;
    }

    function nextWeight(value: string): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          off();
          reject(new Error(`no stable ${value} kg from BAL-04 within 10 s`));
        }, 10_000);
        const off = core.on((event, data) => {
          const view = data as WeightView;
          if (event === 'weight' && view.balanceId === 'BAL-04' && view.value === value && view.stable) {
            clearTimeout(timer);
            off();
            resolve();
          }
        });
      });
    }

    /** One container on BAL-04: the empty one on the pan (the display is net of the last tare), tare, fill to `gross`, accept. */
    async function container(tare: string, display: string, gross: string, net: string) {
      bal04.control.setLoad(tare);
      await nextWeight(display);
      await ok(core.dispatch('tareStep', step('3')), 'tare');
      bal04.control.setLoad(gross);
      await nextWeight(net);
      return core.dispatch('acceptWeighing', step('3'));
    }

    beforeAll(async () => {
      const plant = await offlinePlant({ 'olivia.operator': '1111', 'max.maintenance': '4444', 'quinn.qa': '3333' });
      bal04 = await startSimulator({
        driver: 'and',
        unit: 'kg',
        capacity: '150.000',
        decimals: 3,
        load: '0.000',
        model: 'BAL-04',
      });
      cleanups.push(() => bal04.close());
      printer = await ZplPrinterTcpSimulator.start();
      cleanups.push(() => printer.close());
      const started = await startKioskCore({
        ...plant.options,
        dataDir: enrolledDataDir(cleanups, 'kiosk-labels'),
        balances: [{ driver: 'and', path: bal04.path, balanceId: 'BAL-04' }],
        printer: { driver: 'zpl-tcp', path: `127.0.0.1:${printer.port}`, printerId: 'PRN-01' },
      });
      if (!started.ok) throw new Error(started.message);
      core = started.core;
      cleanups.push(() => core.close());

      // Morning checks: BAL-04 read from its pan, the others (not connected here) typed and verified.
      await ok(core.dispatch('login', { badgeOrUserId: 'max.maintenance', pin: '4444' }), 'login max');
      await ok(core.dispatch('showBalance', { balanceId: 'BAL-04' }), 'show BAL-04');
      bal04.control.setLoad('20.000');
      await nextWeight('20.000');
      await ok(
        core.dispatch('captureSensitivityTest', { equipmentId: 'BAL-04', testWeightId: 'TW-20KM1' }),
        'BAL-04 check',
      );
      await ok(
        core.dispatch('recordSensitivityTest', {
          equipmentId: 'BAL-01',
          testWeightId: 'TW-200E2',
          reading: '200.00010',
          stable: true,
          verifier: { userId: 'quinn.qa', pin: '3333' },
        }),
        'BAL-01 check',
      );
      await ok(
        core.dispatch('recordSensitivityTest', {
          equipmentId: 'BAL-02',
          testWeightId: 'TW-5KF1',
          reading: '5000.01',
          stable: true,
          verifier: { userId: 'quinn.qa', pin: '3333' },
        }),
        'BAL-02 check',
      );
      const buffers = [
        { ph: '4.01', mv: '176.9', temperatureC: '25.0' },
        { ph: '7.00', mv: '0.0', temperatureC: '25.0' },
        { ph: '10.01', mv: '-178.0', temperatureC: '25.0' },
      ];
      await ok(core.dispatch('recordPhCalibration', { equipmentId: 'PH-01', buffers }), 'PH-01 calibration');
      await ok(core.dispatch('login', { badgeOrUserId: '100001', pin: '1111' }), 'login olivia');
      await ok(core.dispatch('startOrder', { orderId: ORDER }), 'start');
      await ok(core.dispatch('startStep', step('1')), '1');
      await ok(core.dispatch('acknowledgeInstruction', step('1')), 'ack 1');
      await ok(
        core.dispatch('sign', { ...step('1'), userId: 'olivia.operator', pin: '1111', meaning: 'performed' }),
        'sign 1',
      );
      await ok(core.dispatch('startStep', step('2')), '2');
      await ok(core.dispatch('confirmEquipmentStatus', step('2')), 'confirm 2');
      await ok(core.dispatch('startStep', step('3')), '3');
      await ok(
        core.dispatch('scanLot', { ...step('3'), scan: ']C1010950110154001917270331' + '10PCM-2401' }),
        'scan PCM-2401',
      );
      await ok(core.dispatch('selectBalance', { ...step('3'), balanceId: 'BAL-04' }), 'BAL-04');
    }, 60_000);
    afterAll(async () => {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    });

    it('an accepted container is labelled: the record carries its SSCC and the printer got a label that decodes to it', async () => {
      const accepted = await container('1.500', '1.500', '26.700', '25.200');
      expect(accepted).toEqual({
        ok: true,
        label: { sscc: expect.stringMatching(/^\d{18}$/), printed: true, problem: null },
      });
      const sscc = (accepted as { label: { sscc: string } }).label.sscc;
      expect(parseSscc(sscc).ok).toBe(true);
      // The demo site's GS1 company prefix 9501101, DISP-1's serial block 001.
      expect(sscc.slice(1, 11)).toBe('9501101001');
      const weighing = records('order.weighing-recorded').at(-1)!;
      expect(weighing).toMatchObject({
        payloadSchema: 'order.weighing-recorded@2',
        payload: { sscc, net: '25.200', lotId: 'PCM-2401' },
      });
      const [label] = await printer.model.waitForPrinted(1);
      const matrix = label!.barcodes.find((b) => b.symbology === 'gs1-datamatrix')!;
      const parsed = parseElementString(matrix.data);
      expect(parsed.problems).toEqual([]);
      // BAL-04 reads 0.001 kg: 310n carries 3 decimals; PCM-2401 expires 2027-03-31.
      expect(parsed.elements.map((e) => `(${e.ai})${e.raw}`).join('')).toBe(
        `(00)${sscc}(01)09501101540019(17)270331(3103)025200(10)PCM-2401`,
      );
      expect(records('label.printed').map((r) => r.payload)).toEqual([
        expect.objectContaining({
          sscc,
          copyNo: 0,
          outcome: 'printed',
          printerId: 'PRN-01',
          weighingId: (weighing.payload as { weighingId: string }).weighingId,
        }),
      ]);
      const labels = await core.dispatch('containerLabels', step('3'));
      expect(labels).toMatchObject({
        ok: true,
        labels: [
          {
            sscc,
            containerNo: 1,
            printed: true,
            copies: 0,
            netKg: '25.200',
            gs1: `(00)${sscc}(01)09501101540019(17)270331(3103)025200(10)PCM-2401`,
          },
        ],
      });
      expect((labels as { labels: readonly { svg: string }[] }).labels[0]!.svg).toMatch(/^<svg /);
    });

    it('out of paper: the weighing stands, the kiosk says why; reloaded, the reprint is a record and the label says COPY 1', async () => {
      printer.model.setPaperOut(true);
      const accepted = await container('0.500', '-1.000', '25.703', '25.203');
      expect(accepted).toMatchObject({
        ok: true,
        label: { printed: false, problem: expect.stringContaining('out of labels') },
      });
      const sscc = (accepted as { label: { sscc: string } }).label.sscc;
      expect(records('order.weighing-recorded').at(-1)?.payload).toMatchObject({ sscc, containerNo: 2 });
      expect(records('label.printed').at(-1)?.payload).toMatchObject({
        sscc,
        copyNo: 0,
        outcome: 'not-printed',
        problem: { code: 'printer-paper-out' },
      });
      expect(printer.model.printed).toHaveLength(1);
      // Still out of paper: the reprint is refused by the printer and recorded, nothing sent.
      expect(await core.dispatch('reprintLabel', { ...step('3'), sscc })).toMatchObject({
        ok: true,
        label: { printed: false },
      });
      printer.model.setPaperOut(false);
      // Never printed yet: the first successful print is the label itself, not a copy.
      expect(await core.dispatch('reprintLabel', { ...step('3'), sscc })).toEqual({
        ok: true,
        label: { sscc, printed: true, problem: null },
      });
      // A second print of a printed label is COPY 1.
      expect(await core.dispatch('reprintLabel', { ...step('3'), sscc })).toEqual({
        ok: true,
        label: { sscc, printed: true, problem: null },
      });
      const printed = await printer.model.waitForPrinted(3);
      expect(printed[1]!.texts).not.toContain('COPY 1');
      expect(printed[2]!.texts).toContain('COPY 1');
      expect(
        records('label.printed')
          .filter((r) => (r.payload as { sscc: string }).sscc === sscc)
          .map((r) => [(r.payload as { copyNo: number }).copyNo, (r.payload as { outcome: string }).outcome]),
      ).toEqual([
        [0, 'not-printed'],
        [0, 'not-printed'],
        [0, 'printed'],
        [1, 'printed'],
      ]);
      expect(await core.dispatch('containerLabels', step('3'))).toMatchObject({
        ok: true,
        labels: [{ copies: 0 }, { sscc, copies: 1, printed: true }],
      });
    });

    it('printer offline: told as offline; a reprint of a container of another step is refused with the reason', async () => {
      await printer.setOffline(true);
      const labels = await core.dispatch('containerLabels', step('3'));
      const first = (labels as { labels: readonly { sscc: string }[] }).labels[0]!.sscc;
      const reprint = await core.dispatch('reprintLabel', { ...step('3'), sscc: first });
      expect(reprint).toMatchObject({
        ok: true,
        label: { printed: false, problem: expect.stringMatching(/offline/) },
      });
      expect(await core.dispatch('reprintLabel', { ...step('4'), sscc: first })).toEqual({
        ok: false,
        code: 'label-unknown-container',
        message: `SSCC ${first} is not a container of step 4 of order ${ORDER}`,
      });
      await printer.setOffline(false);
    });
  },
);
