import {
  containerLabel,
  convertMass,
  dec,
  findEquipment,
  findLot,
  findMaterial,
  findPlannedOrder,
  findRecipe,
  nextSscc,
  ssccLaneOfKey,
  toString,
  type FloorContext,
} from '@lineside/domain';
import { labelSvg, labelZpl, bracketed, type LabelSpec } from '@lineside/device-drivers';
import type { JsonValue } from '@lineside/sync-protocol';
import { parseStored, recordsTable } from '../store/records.js';
import { refusal, type ExecutionContext, type Outcome } from './context.js';
import type { ExecutionActor } from './session.js';

/** The station's label printer as the labels module uses it (the ZPL printer driver behind it). */
export interface LabelPrinter {
  readonly printerId: string;
  print(zpl: string): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
}

/** One print of a label as `label.printed` records it. */
interface LabelPrint {
  readonly copyNo: number;
  readonly outcome: 'printed' | 'not-printed';
  readonly printerId?: string;
  readonly problem?: { readonly code: string; readonly message: string };
  readonly at: string;
}

export interface ContainerLabelView {
  readonly sscc: string;
  readonly orderId: string;
  readonly stepId: string;
  readonly weighingId: string;
  readonly containerNo: number;
  readonly lotId: string;
  /** Net as the label carries it (AI 310n), in kg. */
  readonly netKg: string;
  /** `(00)…(01)…`, the element string under the barcodes. */
  readonly gs1: string;
  /** The last print: printed, or why not (out of paper, offline, no printer). */
  readonly printed: boolean;
  readonly problem: string | null;
  readonly printerId: string | null;
  /** Reprints so far: the next one is COPY copies + 1. */
  readonly copies: number;
  /** The label as it looks (the last copy printed or tried), SVG from bwip-js. */
  readonly svg: string;
}

/**
 * Container labels (issue 13): the kiosk allocates each container's SSCC offline from its station's
 * serial block (domain label/sscc.ts; the next serial is one more than the highest in this kiosk's log or
 * among the containers the server knows, so a wiped kiosk does not reuse its block's serials; the allocation is committed with the weighing record that carries it), then prints the label and
 * records each print and reprint as `label.printed` (a reprint says COPY n).
 */
export function createLabels(core: ExecutionContext, printer: () => LabelPrinter | null) {
  const { deps, state } = core;
  const prints = new Map<string, LabelPrint[]>();
  for (const stored of recordsTable(deps.db).ofTypePrefixes(['label'])) {
    if (stored.type !== 'label.printed') continue;
    const p = parseStored(stored).payload as unknown as LabelPrint & { sscc: string };
    prints.set(p.sscc, [...(prints.get(p.sscc) ?? []), p]);
  }

  /**
   * Every SSCC this kiosk must not issue again: its own log's, and the containers the server knows (pulled
   * with master data). A kiosk restarted with an empty data folder labels nothing before its first complete
   * pull (no master data, no station, no block), and that pull brings its block's serials already issued.
   */
  function issuedSsccs(ctx: FloorContext): string[] {
    const out: string[] = (ctx.master.containers ?? []).map((c) => c.id);
    for (const order of state.orders.values()) {
      if (order.status === 'not-started') continue;
      for (const step of Object.values(order.steps))
        for (const c of step.containers) if (c.sscc !== undefined) out.push(c.sscc);
    }
    return out;
  }

  /** The SSCC for the next container, or undefined where the site does not label containers. */
  function allocate(ctx: FloorContext): Outcome<{ sscc: string | undefined }> {
    const companyPrefix = ctx.master.site.gs1CompanyPrefix;
    const block = ctx.master.stations.find((s) => s.id === ctx.stationId)?.labelSerialBlock;
    if (companyPrefix === undefined || block === undefined) return { ok: true, sscc: undefined };
    // In this kiosk key's lane of the block: a replacement PC never reprints a wiped one's serials.
    const sscc = nextSscc(issuedSsccs(ctx), { companyPrefix, block, lane: ssccLaneOfKey(deps.keyId?.()) });
    return sscc.ok ? { ok: true, sscc: sscc.value } : refusal(sscc.code, sscc.message);
  }

  function findContainer(sscc: string) {
    for (const order of state.orders.values()) {
      if (order.status === 'not-started') continue;
      for (const [stepId, step] of Object.entries(order.steps)) {
        const index = step.containers.findIndex((c) => c.sscc === sscc);
        if (index >= 0) return { order, stepId, container: step.containers[index]!, containerNo: index + 1 };
      }
    }
    return undefined;
  }

  /** What the label of container `sscc` says, from the order's records and master data. */
  function spec(
    sscc: string,
    copyNo: number | undefined,
  ): Outcome<{
    spec: LabelSpec;
    orderId: string;
    stepId: string;
    weighingId: string;
    containerNo: number;
    lotId: string;
    netKg: string;
  }> {
    const master = deps.masterData();
    if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
    const found = findContainer(sscc);
    if (!found)
      return refusal('label-unknown-container', `No container of this kiosk's orders has SSCC ${sscc}`);
    const { order, stepId, container, containerNo } = found;
    const step = findRecipe(master, order.recipeId, order.recipeVersion)?.steps.find((s) => s.id === stepId);
    const lot = findLot(master, container.lotId);
    const material = lot ? findMaterial(master, lot.materialId) : undefined;
    const balance = findEquipment(master, container.balanceId);
    if (step?.kind !== 'dispense' || !lot || !material || balance?.kind !== 'balance')
      return refusal(
        'label-master-data',
        `The master data no longer describes container ${sscc} (step ${stepId}, lot ${container.lotId}, balance ${container.balanceId})`,
      );
    const label = containerLabel({
      sscc,
      gtin: material.gtin,
      lotId: lot.id,
      expiry: lot.expiry,
      net: container.net,
      unit: step.unit,
      readability: toString(convertMass(dec(balance.readability), balance.unit, step.unit)),
      materialName: material.name,
      orderId: order.orderId,
      batchNumber: findPlannedOrder(master, order.orderId)?.batchNumber ?? order.orderId,
      containerNo,
      ...(copyNo !== undefined ? { copyNo } : {}),
    });
    if (!label.ok)
      return refusal(label.code, `The label of container ${containerNo} cannot be made: ${label.message}`);
    return {
      ok: true,
      spec: label.value,
      orderId: order.orderId,
      stepId,
      weighingId: container.weighingId,
      containerNo,
      lotId: lot.id,
      netKg: label.value.netKg,
    };
  }

  /** Sends the label to the printer (if the kiosk has one) and records the print, printed or not. */
  async function print(
    sscc: string,
    copyNo: number,
    actor: ExecutionActor,
  ): Promise<Outcome<{ printed: boolean; problem: string | null }>> {
    const made = spec(sscc, copyNo > 0 ? copyNo : undefined);
    if (!made.ok) return made;
    const station = printer();
    const sent = station
      ? await station.print(labelZpl(made.spec))
      : { ok: false as const, code: 'no-printer', message: 'No label printer is connected to this kiosk' };
    const at = core.nowLocal();
    const entry: LabelPrint = {
      at,
      copyNo,
      outcome: sent.ok ? 'printed' : 'not-printed',
      ...(station ? { printerId: station.printerId } : {}),
      ...(sent.ok ? {} : { problem: { code: sent.code, message: sent.message.slice(0, 500) } }),
    };
    const payload = {
      ...entry,
      orderId: made.orderId,
      stepId: made.stepId,
      weighingId: made.weighingId,
      sscc,
      by: actor.userId,
    };
    const appended = deps.log.append({
      type: 'label.printed',
      payloadSchema: 'label.printed@1',
      actor,
      subject: { order: made.orderId, container: sscc },
      payload: payload as unknown as { readonly [key: string]: JsonValue },
    });
    if (!appended.ok) return refusal(appended.code, appended.message);
    prints.set(sscc, [...(prints.get(sscc) ?? []), entry]);
    return { ok: true, printed: sent.ok, problem: sent.ok ? null : sent.message };
  }

  function view(sscc: string): ContainerLabelView | undefined {
    const history = prints.get(sscc) ?? [];
    const last = history[history.length - 1];
    const copies = history.filter((p) => p.copyNo > 0).length;
    const made = spec(sscc, last && last.copyNo > 0 ? last.copyNo : undefined);
    if (!made.ok) return undefined;
    return {
      sscc,
      orderId: made.orderId,
      stepId: made.stepId,
      weighingId: made.weighingId,
      containerNo: made.containerNo,
      lotId: made.lotId,
      netKg: made.netKg,
      gs1: bracketed(made.spec.elements),
      printed: last?.outcome === 'printed',
      problem: last ? (last.problem?.message ?? null) : 'Not printed yet',
      printerId: last?.printerId ?? null,
      copies,
      svg: labelSvg(made.spec),
    };
  }

  return {
    allocate,
    /** The label issued with a weighing, by the logged-in user: printed now, recorded as copy 0. */
    async issueLabel(sscc: string): Promise<Outcome<{ printed: boolean; problem: string | null }>> {
      const session = core.requireSession();
      if (!session.ok) return session;
      return print(sscc, 0, session.actor);
    },

    /** A reprint is a record of its own and the label says COPY n. */
    async reprintLabel(request: {
      orderId: string;
      stepId: string;
      sscc: string;
    }): Promise<Outcome<{ printed: boolean; problem: string | null }>> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const found = findContainer(request.sscc);
      if (!found || found.order.orderId !== request.orderId || found.stepId !== request.stepId)
        return refusal(
          'label-unknown-container',
          `SSCC ${request.sscc} is not a container of step ${request.stepId} of order ${request.orderId}`,
        );
      const copies = (prints.get(request.sscc) ?? []).filter((p) => p.copyNo > 0).length;
      // The first print that never reached the printer is issued again as itself, not as a copy.
      const original = (prints.get(request.sscc) ?? []).some(
        (p) => p.copyNo === 0 && p.outcome === 'printed',
      );
      return print(request.sscc, original ? copies + 1 : 0, begun.actor);
    },

    /** The labels of a step's containers, newest last, each with its preview. */
    containerLabels(request: { orderId: string; stepId: string }): Outcome<{ labels: ContainerLabelView[] }> {
      const order = state.orders.get(request.orderId);
      if (!order || order.status === 'not-started') return { ok: true, labels: [] };
      const containers = order.steps[request.stepId]?.containers ?? [];
      const labels = containers.flatMap((c) =>
        c.sscc !== undefined ? [view(c.sscc)].filter((v): v is ContainerLabelView => v !== undefined) : [],
      );
      return { ok: true, labels };
    },
  };
}
export type Labels = ReturnType<typeof createLabels>;
