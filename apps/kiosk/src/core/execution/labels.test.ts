import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { allocateSscc, type DispensedContainer } from '@lineside/domain';
import { cheapVerifiers, master, openExecutionCore } from '../../../../../tests/kiosk/support/execution-fixture.js';
import { createLabels } from './labels.js';

let verifiers: Map<string, string>;
beforeAll(async () => {
  verifiers = await cheapVerifiers();
});
const opened: Array<{ cleanup(): void }> = [];
afterEach(() => {
  for (const o of opened.splice(0)) o.cleanup();
});

const sscc = (block: number, counter: number) => {
  const s = allocateSscc({ companyPrefix: '9501101', block, counter });
  if (!s.ok) throw new Error(s.message);
  return s.value;
};
const container = (id: string): DispensedContainer => ({ id, orderId: 'ORD-0002', stepId: '1', containerNo: 1, materialId: 'PCM', lotId: 'PCM-2401', weighingId: id, net: '25.200', unit: 'kg', dispensedAt: '2026-11-24T09:00:00+00:00', kioskId: 'K-DISP-1', status: 'dispensed', dispenseCompleted: true });

/** DISP-1's next SSCC on a kiosk with an empty log (key #1, or `keyId`), given the containers its pull brought. */
function nextSscc(containers: readonly DispensedContainer[], keyId?: string) {
  const o = openExecutionCore(verifiers, { master: { ...master, containers }, enrolled: keyId === undefined });
  opened.push(o);
  if (keyId) o.store.identity.save({ kioskId: 'K-DISP-1', keyId, stationId: 'DISP-1', status: 'active', publicKey: o.store.key.publicKey, serverUrl: 'http://127.0.0.1:1', enrolledAt: '2026-11-25T08:00:00.000Z' });
  const ctx = o.core.context();
  if (!ctx.ok) throw new Error(ctx.message);
  return createLabels(o.core, () => null).allocate(ctx.ctx);
}

describe('SSCC serials of a kiosk restarted with an empty data folder (issue 13)', () => {
  it('continue after the highest serial of its station block the server knows, never reusing one', () => {
    // Issued before the wipe by DISP-1 (block 1), and by GRAN-1 (block 2, not DISP-1's to count).
    expect(nextSscc([container(sscc(1, 7)), container(sscc(1, 41)), container(sscc(2, 900))])).toEqual({ ok: true, sscc: sscc(1, 42) });
  });

  it('start at the block’s first serial when the plant knows none', () => {
    expect(nextSscc([container(sscc(2, 900))])).toEqual({ ok: true, sscc: sscc(1, 0) });
  });

  it('a replacement key labels in its own lane of the block: the serials a wiped kiosk took with it are never printed again', () => {
    // Key #1 labelled serials 0–41 (the server knows 7 and 41; the rest were lost with the wiped PC).
    const known = [container(sscc(1, 7)), container(sscc(1, 41))];
    const perLane = 1_000_000; // 10^6 under the 7-digit prefix 9501101
    expect(nextSscc(known, 'K-DISP-1#2')).toEqual({ ok: true, sscc: sscc(1, perLane) });
    expect(nextSscc([...known, container(sscc(1, perLane + 4))], 'K-DISP-1#2')).toEqual({ ok: true, sscc: sscc(1, perLane + 5) });
    // The extension digit tells the lanes apart on the label: 0… for key #1, 1… for key #2.
    expect([sscc(1, 41)[0], sscc(1, perLane)[0]]).toEqual(['0', '1']);
    // The eleventh key is back in lane 0, after the highest serial the server knows there.
    expect(nextSscc(known, 'K-DISP-1#11')).toEqual({ ok: true, sscc: sscc(1, 42) });
  });

  it("refuses a label when the key's lane is full, and says the station needs a new block", () => {
    const full = container(sscc(1, 2 * 1_000_000 - 1));
    expect(nextSscc([full], 'K-DISP-1#2')).toMatchObject({ ok: false, code: 'sscc-serials-exhausted', message: expect.stringContaining('the admin must give the station a new block') });
  });
});
