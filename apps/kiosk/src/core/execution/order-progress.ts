import { add, chargeOutstanding, dec, dispensePlan, findMaterial, findPlannedOrder, findRecipe, orderPlanStatus, orderReleased, recipeInEffect, stationOfStep, toString, type ContainerEvidence, type MasterData, type OrderState, type PlannedOrder, type Recipe, type Signature, type TareSource } from '@lineside/domain';
import { chargeView } from './charging.js';
import { refusal, type ExecutionContext, type Outcome } from './context.js';
import type { OrderProgressView, OrderSummaryView, StepView } from './views.js';

/** What the operator set up at a weigh step but has not yet recorded, keyed `order/step` (re-done after a restart). */
export interface WeighBench {
  readonly selectedBalance: Map<string, string>;
  readonly tares: Map<string, { value: string; unit: string; source: TareSource }>;
  /** A two-person sign-off's first signature, waiting for the second. */
  readonly pendingSignatures: Map<string, Signature[]>;
  /** Per balance: what shows the next container is a new load (a tare taken, or the pan back at zero). */
  readonly containerEvidence: Map<string, ContainerEvidence>;
}

export function createWeighBench(): WeighBench {
  return { selectedBalance: new Map(), tares: new Map(), pendingSignatures: new Map(), containerEvidence: new Map() };
}

export function stepKey(orderId: string, stepId: string): string {
  return `${orderId}/${stepId}`;
}

/** The order screens' views: the station's queue and where an order stands (current step, target, containers). */
export function createOrderProgress(core: ExecutionContext, bench: WeighBench) {
  const { deps, state } = core;

  /** The steps of an order this kiosk does at the line while the order runs at another station. */
  function lineSteps(master: MasterData, planned: PlannedOrder, recipe: Recipe | undefined) {
    const here = deps.stationId();
    if (!recipe || planned.stationId === here) return [];
    return recipe.steps.filter((s) => s.kind === 'charge' && stationOfStep(s, planned) === here);
  }

  function summary(master: MasterData, orderId: string): OrderSummaryView | null {
    const planned = findPlannedOrder(master, orderId);
    if (!planned) return null;
    const recipe = findRecipe(master, planned.recipeId, planned.recipeVersion);
    const order = state.orders.get(orderId);
    const line = lineSteps(master, planned, recipe);
    if (line.length > 0) {
      const folded = order?.status === 'not-started' ? order.lineSteps : undefined;
      const phases = line.map((s) => folded?.[s.id]?.phase ?? 'not-started');
      const status = phases.every((p) => p === 'closed') ? 'completed' : phases.some((p) => p !== 'not-started') ? 'running' : 'not-started';
      return { orderId, batchNumber: planned.batchNumber, recipe: recipe ? `${recipe.name} v${recipe.version}` : planned.recipeId, status, atLine: planned.stationId };
    }
    return {
      orderId,
      batchNumber: planned.batchNumber,
      recipe: recipe ? `${recipe.name} v${recipe.version}` : `${planned.recipeId} v${planned.recipeVersion}`,
      status: order?.status ?? 'not-started',
      ...(order?.status === 'paused' ? { pausedReason: order.pausedReason } : {}),
      ...(!order || order.status === 'not-started' ? blockedBy(recipe, planned) : {}),
    };
  }

  /** The kiosk refuses to start an order that is cancelled or whose recipe version is not approved and in effect, and says so in the queue. */
  function blockedBy(recipe: ReturnType<typeof findRecipe>, planned: PlannedOrder): { blocked?: string } {
    const released = orderReleased(planned);
    if (!released.ok) return { blocked: released.why };
    if (!recipe) return { blocked: `Recipe ${planned.recipeId} version ${planned.recipeVersion} is not in the master data` };
    const ctx = core.context();
    const today = ctx.ok ? ctx.ctx.today : undefined;
    if (today === undefined) return {};
    const inEffect = recipeInEffect(recipe, today);
    return inEffect.ok ? {} : { blocked: inEffect.why };
  }

  /** The step's target and limits as the domain fixes them: recorded, or what the chosen balance will record. */
  function planOf(order: OrderState | undefined, stepId: string, balanceId: string | undefined): StepView['target'] {
    if (!order || order.status === 'not-started') return null;
    const ctx = core.context();
    if (!ctx.ok) return null;
    const recorded = order.steps[stepId]?.target;
    const plan = dispensePlan(order, stepId, balanceId ?? '', ctx.ctx);
    if (!plan) return null;
    if (!recorded && balanceId === undefined) return null;
    return { value: plan.target, lower: plan.lower, upper: plan.upper, unit: plan.unit, fixed: plan.fixed };
  }

  function progress(orderId: string): Outcome<{ progress: OrderProgressView }> {
    const master = deps.masterData();
    if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
    const order = summary(master, orderId);
    const planned = findPlannedOrder(master, orderId);
    if (!order || !planned) return refusal('order-unknown', `Order ${orderId} is not in this kiosk’s master data`);
    const recipe = findRecipe(master, planned.recipeId, planned.recipeVersion);
    if (!recipe) return refusal('recipe-unknown', `Recipe ${planned.recipeId} v${planned.recipeVersion} of order ${orderId} is not in master data`);
    const folded = state.orders.get(orderId);
    const line = lineSteps(master, planned, recipe);
    const stepsState = folded && folded.status !== 'not-started' ? folded.steps : (folded?.lineSteps ?? {});
    const ctx = core.context();
    // A charge step done at another station's kiosk is closed here once sync says every container is charged.
    const chargedElsewhere = (id: string) => {
      const s = recipe.steps.find((x) => x.id === id);
      if (s?.kind !== 'charge' || stationOfStep(s, planned) === deps.stationId() || !folded || !ctx.ok) return false;
      const left = chargeOutstanding(folded, s, recipe, ctx.ctx);
      return left.missing.length === 0 && left.openDispense.length === 0;
    };
    const phaseOf = (id: string) => stepsState[id]?.phase ?? (chargedElsewhere(id) ? 'closed' : 'not-started');
    const shown = line.length > 0 ? line : recipe.steps;
    const steps = shown.map((s) => ({ stepId: s.id, title: s.title, phase: phaseOf(s.id) }));
    // The current step: one under way, else the first open step whose predecessors are all closed.
    const open = shown.filter((s) => phaseOf(s.id) !== 'closed');
    // At the line the order's other steps are not seen here: the charge step is current until it closes.
    const current = open.find((s) => phaseOf(s.id) !== 'not-started') ?? (line.length > 0 ? open[0] : open.find((s) => s.predecessors.every((p) => phaseOf(p) === 'closed')));
    const phMeasurements = state.stepRecords.phMeasurements(master, folded, state.deviationNow);
    if (!current || (order.status === 'not-started' && line.length === 0)) return { ok: true, progress: { order, step: null, steps, phMeasurements } };
    const next = open.find((s) => s.id !== current.id) ?? null;
    const done = stepsState[current.id];
    const key = stepKey(orderId, current.id);
    const material = current.kind === 'dispense' || current.kind === 'lot-verify' ? findMaterial(master, current.materialId) : undefined;
    const live = done?.containers.filter((c) => !c.rejected) ?? [];
    const dispensed = live.length > 0 ? toString(live.reduce((sum, c) => add(sum, dec(c.net)), dec('0'))) : null;
    const step: StepView = {
      orderId,
      stepId: current.id,
      title: current.title,
      kind: current.kind,
      phase: phaseOf(current.id),
      text:
        current.kind === 'instruction'
          ? current.text
          : current.kind === 'dispense'
            ? `Dispense ${current.quantity} ${current.unit} of ${material?.name ?? current.materialId}`
            : current.kind === 'ph-measurement'
              ? // The limits before the reading, not only in its result (walkthrough finding).
                `Measure pH: passes from ${current.low} to ${current.high}${current.stableRequired ? ', read at a stable endpoint' : ''}`
              : current.kind === 'charge'
                ? stationOfStep(current, planned) === deps.stationId()
                  ? 'Scan the label of each container below and charge it into the batch'
                  : `Charged at ${stationOfStep(current, planned)} by scanning each container label`
                : current.title,
      materialId: material?.id ?? null,
      materialName: material?.name ?? null,
      target: planOf(folded, current.id, bench.selectedBalance.get(key)),
      dispensed,
      lots: done?.lots ?? [],
      containers: live.length,
      balanceId: bench.selectedBalance.get(key) ?? null,
      allowedBalances: current.kind === 'dispense' ? (current.balanceIds ?? []) : current.kind === 'ph-measurement' ? (current.meterIds ?? []) : [],
      tare: bench.tares.get(key)?.value ?? null,
      signOffMeaning: current.signOff?.meaning ?? null,
      ...(material ? { manualLotEntry: material.manualLotEntry === true } : {}),
      next: next ? { stepId: next.id, title: next.title } : null,
      ...(current.kind === 'dispense' ? { weighings: state.stepRecords.verifiedSteps(master, folded, [current.id], state.deviationNow)[0]?.containers ?? [] } : {}),
      ...(current.kind === 'charge' && ctx.ok ? { charge: chargeView(folded ?? { status: 'not-started', orderId }, planned, recipe, current, ctx.ctx) } : {}),
      ...(current.kind === 'sign-off' && current.verifiesSteps ? { verifies: state.stepRecords.verifiedSteps(master, folded, current.verifiesSteps, state.deviationNow) } : {}),
    };
    return { ok: true, progress: { order, step, steps, phMeasurements } };
  }

  return {
    listOrders(): Outcome<{ orders: OrderSummaryView[] }> {
      const master = deps.masterData();
      const stationId = deps.stationId();
      if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
      // The station's own orders, and those whose charge step is done at this station's line (issue 13); a
      // planned order is not the station's until it is released (one already under way here stays listed).
      const here = (o: PlannedOrder) => o.stationId === stationId || lineSteps(master, o, findRecipe(master, o.recipeId, o.recipeVersion)).length > 0;
      const list = master.orders.filter((o) => here(o) && (orderPlanStatus(o) !== 'planned' || state.orders.has(o.id))).flatMap((o) => summary(master, o.id) ?? []);
      return { ok: true, orders: list };
    },

    progress,
  };
}
