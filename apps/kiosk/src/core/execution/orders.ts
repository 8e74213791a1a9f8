import {
  add,
  checkBalanceChoice,
  dec,
  equipmentUsability,
  findEquipment,
  orderDecider,
  panEmptied,
  parseDecimal,
  toString,
  type FloorContext,
  type OrderCommand,
  type OrderState,
  type Override,
  type SignatureMeaning,
  type TareSource,
} from '@lineside/domain';
import { parseElementString, type Gs1Date } from '@lineside/device-drivers';
import { ssccOfScan } from './charging.js';
import { refusal, userActor, type ExecutionContext, type Outcome, type Refusal } from './context.js';
import type { OpenException } from './deviations.js';
import { createOrderProgress, createWeighBench, stepKey } from './order-progress.js';
import type { ExecutionActor } from './session.js';
import type { OverrideRequest, Signers } from './signers.js';
import type { Labels } from './labels.js';

export interface BalanceReading {
  readonly value: string;
  readonly unit: string;
  readonly stable: boolean;
  readonly raw?: string;
}

function gs1DateIso(date: Gs1Date): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

/**
 * Orders: every command of an order's steps (start, instructions, lot scans, the weigh bench, pH,
 * sign-offs, pause/resume, complete) decided by the order decider, and the order screens' views.
 */
export function createOrders(core: ExecutionContext, signers: Signers, openExceptions: (orderId: string) => OpenException[], labels: Pick<Labels, 'allocate'>) {
  const { deps, state, commit } = core;
  const bench = createWeighBench();
  const { selectedBalance, tares, pendingSignatures, containerEvidence } = bench;

  function decideOrder(orderId: string, command: OrderCommand, actor: ExecutionActor, ctx: FloorContext): Outcome<{ events: number }> {
    const decision = orderDecider.decide(state.orderOf(orderId), command, ctx);
    if (!decision.ok) return refusal(decision.code, decision.message);
    return commit('order', orderId, decision.value, actor);
  }

  /** Session + context + an order command by the logged-in user, in one line for each command. */
  function orderCommand(orderId: string, build: (userId: string) => OrderCommand): Outcome<{ events: number }> {
    const begun = core.begin();
    if (!begun.ok) return begun;
    return decideOrder(orderId, build(begun.actor.userId), begun.actor, begun.ctx);
  }

  return {
    ...createOrderProgress(core, bench),

    startOrder(request: { orderId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'startOrder', orderId: request.orderId, by }));
    },
    startStep(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'startStep', stepId: request.stepId, by }));
    },
    acknowledgeInstruction(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'acknowledgeInstruction', stepId: request.stepId, by }));
    },
    confirmEquipmentStatus(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'confirmEquipmentStatus', stepId: request.stepId, by }));
    },
    /** Completes a dispense; out of tolerance it needs an override: a reason and a second person's PIN. */
    async completeDispense(request: { orderId: string; stepId: string; override?: OverrideRequest }): Promise<Outcome<{ events: number }>> {
      if (!request.override) return orderCommand(request.orderId, (by) => ({ type: 'completeDispense', stepId: request.stepId, by }));
      const override = await signers.override(request.override);
      if (!override.ok) return override;
      return orderCommand(request.orderId, (by) => ({ type: 'completeDispense', stepId: request.stepId, by, override: override.override }));
    },
    /**
     * A container label scanned at the line (issue 13): the SSCC (AI 00) goes to the order decider, which
     * refuses it naming the container and why; a container not synced here needs a second person's PIN.
     */
    async chargeContainer(request: { orderId: string; stepId: string; scan: string; notSynced?: OverrideRequest }): Promise<Outcome<{ events: number }>> {
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      const read = ssccOfScan(request.scan, ctx.ctx.today);
      if (!read.ok) return refusal(read.code, read.message);
      let notSynced: Override | undefined;
      if (request.notSynced) {
        const approval = await signers.override(request.notSynced);
        if (!approval.ok) return approval;
        notSynced = approval.override;
      }
      return orderCommand(request.orderId, (by) => ({ type: 'chargeContainer', stepId: request.stepId, by, sscc: read.sscc, ...(notSynced ? { notSynced } : {}) }));
    },
    completeCharge(request: { orderId: string; stepId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'completeCharge', stepId: request.stepId, by }));
    },
    pauseOrder(request: { orderId: string; reason: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'pauseOrder', by, reason: request.reason }));
    },
    resumeOrder(request: { orderId: string }) {
      return orderCommand(request.orderId, (by) => ({ type: 'resumeOrder', by }));
    },

    /** Raw scan text (GS1 element string or Digital Link, or a typed lot id) → the domain's lot checks. */
    async scanLot(request: { orderId: string; stepId: string; scan: string; manual?: boolean; fefoOverride?: OverrideRequest }): Promise<Outcome<{ events: number }>> {
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      const today = ctx.ctx.today.split('-').map(Number);
      const parsed = parseElementString(request.scan.trim(), { today: { year: today[0] ?? 2000, month: today[1] ?? 1, day: today[2] ?? 1 } });
      // A lot number typed or on a plain (non-GS1) label starts with a letter; GS1 data starts with an AI, ( or ]
      const typed = /^[A-Za-z]/.test(request.scan.trim()) && !/^https?:/i.test(request.scan.trim());
      const notGs1 = typed || (parsed.elements.length === 0 && parsed.problems.some((p) => p.code === 'not-gs1-data' || p.code === 'no-data'));
      let lotId = request.scan.trim();
      let label: { gtin?: string; expiry?: string } | undefined;
      if (!notGs1) {
        const problem = parsed.problems[0];
        if (problem) return refusal(`scan-${problem.code}`, `The scanned label could not be read: ${problem.message}`);
        const element = (ai: string) => parsed.elements.find((e) => e.ai === ai)?.value;
        const lot = element('10');
        if (typeof lot !== 'string') return refusal('scan-no-lot', 'The scanned label carries no lot number (AI 10) — scan the lot label of the container');
        lotId = lot;
        const gtin = element('01');
        const expiry = element('17');
        label = { ...(typeof gtin === 'string' ? { gtin } : {}), ...(expiry && typeof expiry === 'object' && 'year' in expiry ? { expiry: gs1DateIso(expiry) } : {}) };
      }
      if (lotId === '') return refusal('scan-empty', 'The scan was empty — scan the lot label again');
      let fefoOverride: Override | undefined;
      if (request.fefoOverride) {
        const override = await signers.override(request.fefoOverride);
        if (!override.ok) return override;
        fefoOverride = override.override;
      }
      // A lot id without a GS1 label is manual entry: the domain allows it only where the material does.
      const entry = notGs1 || request.manual === true ? 'manual' : 'scan';
      return orderCommand(request.orderId, (by) => ({ type: 'scanLot', stepId: request.stepId, by, lotId, entry, ...(label ? { label } : {}), ...(fefoOverride ? { fefoOverride } : {}) }));
    },

    /** The operator picks the balance; the domain says at once if it may not be used (calibration, tests, holds). */
    selectBalance(request: { orderId: string; stepId: string; balanceId: string }): Outcome<object> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const order = state.orders.get(request.orderId);
      // Allowed by the recipe, usable, and its USP <41> minimum weight fits the step: refused when tapped.
      const usable = order && order.status !== 'not-started' ? checkBalanceChoice(order, request.stepId, request.balanceId, begun.ctx) : equipmentUsability(request.balanceId, 'balance', begun.ctx);
      if (!usable.ok) return refusal(usable.code, usable.message);
      const key = stepKey(request.orderId, request.stepId);
      // A tare read on another balance is not this balance's: it is never shown or used.
      if (selectedBalance.get(key) !== request.balanceId) tares.delete(key);
      selectedBalance.set(key, request.balanceId);
      return { ok: true };
    },

    /** A stable reading taken before the balance was tared: the container's tare for the next weighing. */
    recordTare(request: { orderId: string; stepId: string; reading: BalanceReading; source: Exclude<TareSource, 'none'> }): Outcome<object> {
      if (!request.reading.stable) return refusal('tare-unstable', `The tare reading ${request.reading.value} ${request.reading.unit} is not stable — wait for the balance to settle`);
      if (!parseDecimal(request.reading.value).ok) return refusal('tare-invalid', `The tare reading "${request.reading.value}" is not a number`);
      const key = stepKey(request.orderId, request.stepId);
      tares.set(key, { value: request.reading.value, unit: request.reading.unit, source: request.source });
      const balanceId = selectedBalance.get(key);
      if (balanceId) containerEvidence.set(balanceId, 'new-tare');
      return { ok: true };
    },

    /**
     * Every reading of a station balance passes here: one at (or below) zero shows the load left the pan,
     * which is what makes the next container a new physical load.
     */
    noteBalanceReading(balanceId: string, value: string): void {
      const master = deps.masterData();
      const balance = master ? findEquipment(master, balanceId) : undefined;
      const reading = parseDecimal(value);
      if (balance?.kind !== 'balance' || !reading.ok) return;
      if (panEmptied(balance, reading.value) && !containerEvidence.has(balanceId)) containerEvidence.set(balanceId, 'returned-to-zero');
    },

    /**
     * The balance's stable net reading (after tare) → WeighingRecorded, judged by the domain's weigh rules,
     * with the container's SSCC allocated here (offline) and carried by the record; the handler then prints
     * its label (`issueLabel`: a printer problem never undoes the weighing).
     */
    acceptWeighing(request: { orderId: string; stepId: string; reading: BalanceReading }): Outcome<{ events: number; sscc?: string }> {
      const key = stepKey(request.orderId, request.stepId);
      const balanceId = selectedBalance.get(key);
      if (!balanceId) return refusal('no-balance-selected', 'Choose the balance for this step before accepting a weight');
      const order = state.orders.get(request.orderId);
      const lots = order && order.status !== 'not-started' ? (order.steps[request.stepId]?.lots ?? []) : [];
      const lotId = lots[lots.length - 1];
      if (!lotId) return refusal('no-lot-scanned', 'Scan the lot label of the material before weighing');
      const net = parseDecimal(request.reading.value);
      if (!net.ok) return refusal('reading-invalid', `The reading "${request.reading.value}" from ${balanceId} is not a number`);
      const tare = tares.get(key) ?? { value: '0', unit: request.reading.unit, source: 'none' as const };
      const gross = toString(add(net.value, dec(tare.value)));
      const evidence = containerEvidence.get(balanceId);
      const ctx = core.context();
      if (!ctx.ok) return ctx;
      const allocated = labels.allocate(ctx.ctx);
      if (!allocated.ok) return allocated;
      const sscc = allocated.sscc;
      const result = orderCommand(request.orderId, (by) => ({
        type: 'recordWeighing',
        stepId: request.stepId,
        by,
        weighingId: deps.newId(),
        balanceId,
        lotId,
        gross,
        tare: tare.value,
        unit: request.reading.unit,
        grossStable: request.reading.stable,
        tareStable: true,
        tareSource: tare.source,
        ...(request.reading.raw !== undefined ? { rawFrame: request.reading.raw } : {}),
        ...(evidence !== undefined ? { evidence } : {}),
        ...(sscc !== undefined ? { sscc } : {}),
      }));
      if (result.ok) {
        tares.delete(key);
        // The load now on the pan is counted: the next container needs new evidence.
        containerEvidence.delete(balanceId);
      }
      return result.ok && sscc !== undefined ? { ...result, sscc } : result;
    },

    /** E-signature on a step: user id + PIN checked now, meaning and reason on the record, hash of the log head. */
    async sign(request: { orderId: string; stepId: string; userId: string; pin: string; meaning: SignatureMeaning; reason?: string }): Promise<Outcome<{ signed: boolean; awaiting: number }>> {
      const begun = core.begin();
      if (!begun.ok) return begun;
      const { ctx } = begun;
      const proved = await signers.prove(request.userId, request.pin, request.meaning, deps.log.head().hash, request.reason, ctx);
      if (!proved.ok) return proved;
      const key = stepKey(request.orderId, request.stepId);
      const signatures = [...(pendingSignatures.get(key) ?? []), proved.signature];
      const decision = orderDecider.decide(state.orderOf(request.orderId), { type: 'signStep', stepId: request.stepId, signatures }, ctx);
      if (!decision.ok) {
        // A two-person sign-off waits for the second signer; anything else is refused as the domain says.
        if (decision.code === 'signature-missing' && signatures.length === 1) {
          pendingSignatures.set(key, signatures);
          return { ok: true, signed: false, awaiting: 1 };
        }
        return refusal(decision.code, decision.message);
      }
      const committed = commit('order', request.orderId, decision.value, userActor(ctx.master, request.userId));
      if (!committed.ok) return committed;
      pendingSignatures.delete(key);
      return { ok: true, signed: true, awaiting: 0 };
    },

    recordPhMeasurement(request: { orderId: string; stepId: string; meterId: string; reading: { ph: string; mv: string; temperatureC: string }; stable: boolean }) {
      return orderCommand(request.orderId, (by) => ({ type: 'recordPhMeasurement', stepId: request.stepId, by, meterId: request.meterId, reading: request.reading, stable: request.stable }));
    },

    /** Open deviations of the order are refused unless the recipe allows them; those left open become the record's exceptions. */
    completeOrder(request: { orderId: string }): Outcome<{ exceptions: OpenException[] }> | (Refusal & { open: OpenException[] }) {
      const open = openExceptions(request.orderId);
      const result = orderCommand(request.orderId, (by) => ({ type: 'completeOrder', by }));
      if (!result.ok) return result.code === 'order-deviations-open' ? { ...result, open } : result;
      return { ok: true, exceptions: open };
    },

    /** Folded state, for tests and views. */
    orderState: (orderId: string): OrderState => state.orderOf(orderId),
  };
}
