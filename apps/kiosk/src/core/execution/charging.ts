import { chargedSsccs, chargeOutstanding, expectedContainers, findMaterial, stationOfStep, type ChargeStep, type FloorContext, type OrderState, type PlannedOrder, type Recipe } from '@lineside/domain';
import { parseElementString } from '@lineside/device-drivers';
import type { ChargeView } from './views.js';

/**
 * The SSCC of a scanned container label: GS1 data (AI 00, with or without parentheses, symbology id or
 * FNC1) read by the GS1 parser, or the 18 digits alone as a scanner reads a plain SSCC barcode.
 */
export function ssccOfScan(scan: string, today: string): { ok: true; sscc: string } | { ok: false; code: string; message: string } {
  const text = scan.trim();
  if (text === '') return { ok: false, code: 'scan-empty', message: 'The scan was empty — scan the container label again' };
  if (/^\d{18}$/.test(text)) return { ok: true, sscc: text };
  const [year = 2000, month = 1, day = 1] = today.split('-').map(Number);
  const parsed = parseElementString(text, { today: { year, month, day } });
  const sscc = parsed.elements.find((e) => e.ai === '00')?.value;
  if (typeof sscc === 'string') return { ok: true, sscc };
  const problem = parsed.problems[0];
  if (problem) return { ok: false, code: `scan-${problem.code}`, message: `The scanned label could not be read: ${problem.message}` };
  return { ok: false, code: 'scan-no-sscc', message: `The scanned label carries no SSCC (AI 00) — scan the container label, not the lot label (read: ${text})` };
}

/** What a charge step shows: the containers it expects, ticked when charged, and what keeps it open. */
export function chargeView(state: OrderState, planned: PlannedOrder, recipe: Recipe, step: ChargeStep, ctx: FloorContext): ChargeView {
  const charged = chargedSsccs(state, step, ctx);
  const own = state.status === 'not-started' ? state.lineSteps?.[step.id] : state.steps[step.id];
  const when = new Map((own?.charged ?? []).map((c) => [c.sscc, { by: c.by, at: c.at }]));
  for (const c of ctx.master.containers ?? []) if (c.charged && !when.has(c.id)) when.set(c.id, { by: c.charged.by, at: c.charged.at });
  const expected = expectedContainers(state, step, recipe, ctx).filter((c) => !c.rejected);
  const stationId = stationOfStep(step, planned);
  return {
    stationId,
    here: stationId === ctx.stationId,
    containers: expected.map((c) => ({
      sscc: c.sscc,
      dispenseStepId: c.dispenseStepId,
      containerNo: c.containerNo,
      materialId: c.materialId,
      materialName: findMaterial(ctx.master, c.materialId)?.name ?? c.materialId,
      lotId: c.lotId,
      net: c.net,
      unit: c.unit,
      charged: charged.has(c.sscc) ? (when.get(c.sscc) ?? { by: '?', at: '' }) : null,
    })),
    unknownCharged: (own?.charged ?? []).filter((c) => !expected.some((e) => e.sscc === c.sscc)).map((c) => ({ sscc: c.sscc, by: c.by, at: c.at })),
    openDispense: chargeOutstanding(state, step, recipe, ctx).openDispense,
  };
}
