import { add, dec, dispensePlan, findMaterial, findPlannedOrder, findRecipe, orderPlanStatus, orderReleased, recipeInEffect, toString, type ContainerEvidence, type MasterData, type PlannedOrder, type OrderState, type Signature, type TareSource } from '@lineside/domain';
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

  function summary(master: MasterData, orderId: string): OrderSummaryView | null {
    const planned = findPlannedOrder(master, orderId);
    if (!planned) return null;
    const recipe = findRecipe(master, planned.recipeId, planned.recipeVersion);
    const order = state.orders.get(orderId);
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
    const stepsState = folded && folded.status !== 'not-started' ? folded.steps : {};
    const phaseOf = (id: string) => stepsState[id]?.phase ?? 'not-started';
    const steps = recipe.steps.map((s) => ({ stepId: s.id, title: s.title, phase: phaseOf(s.id) }));
    // The current step: one under way, else the first open step whose predecessors are all closed.
    const open = recipe.steps.filter((s) => phaseOf(s.id) !== 'closed');
    const current = open.find((s) => phaseOf(s.id) !== 'not-started') ?? open.find((s) => s.predecessors.every((p) => phaseOf(p) === 'closed'));
    const phMeasurements = state.stepRecords.phMeasurements(master, folded, state.deviationNow);
    if (!current || order.status === 'not-started') return { ok: true, progress: { order, step: null, steps, phMeasurements } };
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
      ...(current.kind === 'sign-off' && current.verifiesSteps ? { verifies: state.stepRecords.verifiedSteps(master, folded, current.verifiesSteps, state.deviationNow) } : {}),
    };
    return { ok: true, progress: { order, step, steps, phMeasurements } };
  }

  return {
    listOrders(): Outcome<{ orders: OrderSummaryView[] }> {
      const master = deps.masterData();
      const stationId = deps.stationId();
      if (!master) return refusal('no-master-data', 'This kiosk has no master data yet');
      // A planned order is not the station's until it is released (one already under way here stays listed).
      const list = master.orders.filter((o) => o.stationId === stationId && (orderPlanStatus(o) !== 'planned' || state.orders.has(o.id))).flatMap((o) => summary(master, o.id) ?? []);
      return { ok: true, orders: list };
    },

    progress,
  };
}
