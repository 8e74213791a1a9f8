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

/** DISP-1's next SSCC on a kiosk with an empty log, given the containers its pull brought. */
function nextSscc(containers: readonly DispensedContainer[]) {
  const o = openExecutionCore(verifiers, { master: { ...master, containers } });
  opened.push(o);
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
});
