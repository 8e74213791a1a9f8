import type { FloorContext } from '../../context.js';
import type { MassUnit } from '../../decimal/quantity.js';
import { openedDeviation } from '../../deviation/deviation.js';
import { checkOverrideSignature } from '../../esignature/signature.js';
import { parseSscc } from '../../label/sscc.js';
import type { DispensedContainer } from '../../master-data/container.js';
import { findLot, findMaterial, findPlannedOrder, findRecipe } from '../../master-data/master-data.js';
import type { ChargeStep, PlannedOrder, Recipe, RecipeStep } from '../../master-data/recipe.js';
import type { Decision, Result } from '../../result.js';
import { accept, refuse } from '../../result.js';
import type { OrderCommand } from '../commands.js';
import type { ChargeKnowledge, OrderStreamEvent } from '../events.js';
import type { OrderRefusalCode } from '../refusals.js';
import type { ActiveOrderState, OrderState, StepProgress } from '../state.js';
import { emptyStep } from '../state.js';
import { checkMayProgress, eventBase, progressOf, recipeOf, stepCompleted, stepName } from '../steps.js';

type OrderDecision = Decision<OrderStreamEvent, OrderRefusalCode>;
type Cmd<T extends OrderCommand['type']> = Extract<OrderCommand, { type: T }>;

/** A container a charge step expects: from the kiosk's own dispensing log or pulled from the server. */
export interface ExpectedContainer {
  readonly sscc: string;
  readonly dispenseStepId: string;
  readonly containerNo: number;
  readonly materialId: string;
  readonly lotId: string;
  readonly net: string;
  readonly unit: MassUnit;
  readonly known: Exclude<ChargeKnowledge, 'not-synced'>;
  readonly rejected: boolean;
}

/** Where a step is done: a charge step at its line, every other step at the order's station. */
export function stationOfStep(step: RecipeStep, order: PlannedOrder): string {
  return step.kind === 'charge' && step.stationId !== undefined ? step.stationId : order.stationId;
}

const active = (state: OrderState): ActiveOrderState | undefined => (state.status === 'not-started' ? undefined : state);
const containersOf = (ctx: FloorContext, orderId: string) => (ctx.master.containers ?? []).filter((c) => c.orderId === orderId);

/** The labelled containers of the named dispense steps, the kiosk's own weighings first, then what it pulled. */
export function expectedContainers(state: OrderState, step: ChargeStep, recipe: Recipe, ctx: FloorContext): ExpectedContainer[] {
  const out = new Map<string, ExpectedContainer>();
  const local = active(state);
  for (const stepId of step.chargesSteps) {
    const dispense = recipe.steps.find((s) => s.id === stepId);
    if (!local || dispense?.kind !== 'dispense') continue;
    progressOf(local, stepId).containers.forEach((c, i) => {
      if (c.sscc === undefined) return;
      out.set(c.sscc, { sscc: c.sscc, dispenseStepId: stepId, containerNo: i + 1, materialId: dispense.materialId, lotId: c.lotId, net: c.net, unit: dispense.unit, known: 'own-log', rejected: c.rejected !== undefined });
    });
  }
  for (const c of containersOf(ctx, state.orderId)) {
    if (!step.chargesSteps.includes(c.stepId)) continue;
    const mine = out.get(c.id);
    const rejected = c.status === 'rejected' || mine?.rejected === true;
    out.set(c.id, mine ? { ...mine, rejected } : { sscc: c.id, dispenseStepId: c.stepId, containerNo: c.containerNo, materialId: c.materialId, lotId: c.lotId, net: c.net, unit: c.unit, known: 'synced', rejected });
  }
  return [...out.values()].sort((a, b) => step.chargesSteps.indexOf(a.dispenseStepId) - step.chargesSteps.indexOf(b.dispenseStepId) || a.containerNo - b.containerNo);
}

/** SSCCs charged by this step: scanned here, or (for a step at another kiosk) known charged through sync. */
export function chargedSsccs(state: OrderState, step: ChargeStep, ctx: FloorContext): Set<string> {
  const progress = lineProgress(state, step.id);
  const charged = new Set((progress.charged ?? []).map((c) => c.sscc));
  for (const c of containersOf(ctx, state.orderId)) if (c.charged?.stepId === step.id) charged.add(c.id);
  return charged;
}

function lineProgress(state: OrderState, stepId: string): StepProgress {
  return state.status === 'not-started' ? (state.lineSteps?.[stepId] ?? emptyStep) : progressOf(state, stepId);
}

/** Dispense steps named by the charge step not yet known complete here: more containers may still come. */
export function dispenseStepsOpen(state: OrderState, step: ChargeStep, ctx: FloorContext): string[] {
  const local = active(state);
  return step.chargesSteps.filter((stepId) => {
    if (local && ['closed', 'awaiting-signature'].includes(progressOf(local, stepId).phase)) return false;
    return !containersOf(ctx, state.orderId).some((c) => c.stepId === stepId && c.dispenseCompleted);
  });
}

/** The containers still to charge before the step may complete, and dispense steps not known complete. */
export function chargeOutstanding(state: OrderState, step: ChargeStep, recipe: Recipe, ctx: FloorContext): { missing: ExpectedContainer[]; openDispense: string[] } {
  const charged = chargedSsccs(state, step, ctx);
  const missing = expectedContainers(state, step, recipe, ctx).filter((c) => !c.rejected && !charged.has(c.sscc));
  return { missing, openDispense: dispenseStepsOpen(state, step, ctx) };
}

/**
 * At the order's own station, a charge step done at another station's kiosk is closed once every container
 * of its dispense steps is known charged (through sync): the order cannot complete before that.
 */
export function chargedElsewhereClosed(state: ActiveOrderState, step: ChargeStep, recipe: Recipe, ctx: FloorContext): boolean {
  const { missing, openDispense } = chargeOutstanding(state, step, recipe, ctx);
  return missing.length === 0 && openDispense.length === 0 && expectedContainers(state, step, recipe, ctx).some((c) => !c.rejected);
}

interface LineStep {
  readonly recipe: Recipe;
  readonly step: ChargeStep;
  readonly progress: StepProgress;
}

/** The charge step, at this kiosk's station, of an order running here or at another station. */
function findLineStep(state: OrderState, stepId: string, ctx: FloorContext): Result<LineStep, OrderRefusalCode> {
  let recipe: Recipe;
  let planned: PlannedOrder | undefined = findPlannedOrder(ctx.master, state.orderId);
  if (state.status !== 'not-started') {
    const may = checkMayProgress(state);
    if (!may.ok) return may;
    recipe = recipeOf(may.value, ctx);
    planned = planned ?? { id: state.orderId, recipeId: state.recipeId, recipeVersion: state.recipeVersion, stationId: state.stationId, batchNumber: '' };
  } else {
    if (!planned) return refuse('order-unknown', `Order ${state.orderId} is not in the master data`);
    const found = findRecipe(ctx.master, planned.recipeId, planned.recipeVersion);
    if (!found) return refuse('recipe-not-approved', `Recipe ${planned.recipeId} version ${planned.recipeVersion} of order ${planned.id} is missing`);
    recipe = found;
    const held = ctx.activeHolds.find((h) => h.target.kind === 'order' && h.target.id === state.orderId);
    if (held) return refuse('order-on-hold', `Order ${state.orderId} is on hold (${held.reason}) — QA must release it before work continues`);
  }
  const step = recipe.steps.find((s) => s.id === stepId);
  if (!step) return refuse('step-unknown', `Recipe ${recipe.id} v${recipe.version} has no step ${stepId}`);
  if (step.kind !== 'charge') return refuse('step-wrong-kind', `${stepName(step)} is a ${step.kind} step, not charge`);
  const station = stationOfStep(step, planned);
  if (station !== ctx.stationId) return refuse('step-wrong-station', `${stepName(step)} is done at station ${station}, not ${ctx.stationId}`);
  if (state.status === 'not-started' && station === planned.stationId) return refuse('order-not-running', `Order ${state.orderId} has not been started`);
  return accept({ recipe, step, progress: lineProgress(state, stepId) });
}

/** Starting a charge step at the line, for an order that runs at another station (not started on this kiosk). */
export function decideStartLineStep(state: OrderState, command: Cmd<'startStep'>, ctx: FloorContext): OrderDecision {
  const found = findLineStep(state, command.stepId, ctx);
  if (!found.ok) return found;
  if (found.value.progress.phase !== 'not-started') return refuse('step-already-started', `${stepName(found.value.step)} has already been started`);
  return accept([{ type: 'StepStarted', ...eventBase(state, ctx), stepId: command.stepId, by: command.by }]);
}

function inProgress(state: OrderState, stepId: string, ctx: FloorContext): Result<LineStep, OrderRefusalCode> {
  const found = findLineStep(state, stepId, ctx);
  if (!found.ok) return found;
  const { step, progress } = found.value;
  if (progress.phase !== 'in-progress') return refuse('step-not-in-progress', `${stepName(step)} is ${progress.phase.replace('-', ' ')}, not in progress`);
  return found;
}

const containerName = (sscc: string) => `Container ${sscc}`;

/** Why a known container may not go into this batch now, or undefined. */
function containerRefusal(state: OrderState, line: LineStep, sscc: string, known: DispensedContainer | ExpectedContainer | undefined, ctx: FloorContext) {
  const name = containerName(sscc);
  if (!known) return undefined;
  if ('orderId' in known && known.orderId !== state.orderId) {
    const other = findPlannedOrder(ctx.master, known.orderId);
    return refuse('container-other-order', `${name} belongs to order ${known.orderId}${other ? ` (batch ${other.batchNumber})` : ''}, not to order ${state.orderId} — keep it away from this batch`);
  }
  const status = 'status' in known ? known.status : known.rejected ? 'rejected' : 'dispensed';
  const stepId = 'stepId' in known ? known.stepId : known.dispenseStepId;
  if (status === 'rejected') return refuse('container-rejected', `${name} was rejected at dispensing${'rejectedReason' in known && known.rejectedReason ? ` (${known.rejectedReason})` : ''} — it must not be charged`);
  const material = findMaterial(ctx.master, known.materialId)?.name ?? known.materialId;
  if (!line.step.chargesSteps.includes(stepId)) return refuse('container-other-step', `${name} holds ${material} from step ${stepId}; ${stepName(line.step)} charges steps ${line.step.chargesSteps.join(', ')}`);
  const lot = findLot(ctx.master, known.lotId);
  const lotHold = ctx.activeHolds.find((h) => h.target.kind === 'lot' && h.target.id === known.lotId);
  if (lot?.status === 'on-hold' || lotHold) return refuse('container-on-hold', `${name} is on hold: its lot ${known.lotId} is on hold (${lotHold?.reason ?? lot?.statusReason ?? 'QA'}) — it must not be charged`);
  if (lot && lot.status !== 'released') return refuse('container-on-hold', `${name} is on hold: its lot ${known.lotId} is ${lot.status}, not released`);
  return undefined;
}

function alreadyCharged(state: OrderState, line: LineStep, sscc: string, ctx: FloorContext) {
  const here = (line.progress.charged ?? []).find((c) => c.sscc === sscc);
  if (here) return refuse('container-already-charged', `${containerName(sscc)} was already charged by ${here.by} at ${here.at}`);
  const synced = (ctx.master.containers ?? []).find((c) => c.id === sscc && c.charged);
  if (synced?.charged) return refuse('container-already-charged', `${containerName(sscc)} was already charged by ${synced.charged.by} at ${synced.charged.at} on kiosk ${synced.charged.kioskId}`);
  return undefined;
}

/**
 * A container label scanned at the line: it must be a container of this order's named dispense steps, not
 * charged before, not rejected, not on hold. A container the kiosk does not know (not yet synced) is refused
 * unless a second person accepts it with a reason, which opens a deviation. The last container completes the step.
 */
export function decideChargeContainer(state: OrderState, command: Cmd<'chargeContainer'>, ctx: FloorContext): OrderDecision {
  const found = inProgress(state, command.stepId, ctx);
  if (!found.ok) return found;
  const line = found.value;
  const parsed = parseSscc(command.sscc);
  if (!parsed.ok) return refuse('container-label-invalid', `The scanned container label is not a valid SSCC: ${parsed.message}`);
  const charged = alreadyCharged(state, line, command.sscc, ctx);
  if (charged) return charged;
  const expected = expectedContainers(state, line.step, line.recipe, ctx).find((c) => c.sscc === command.sscc);
  const local = active(state);
  const ownOther = local && !expected ? Object.entries(local.steps).find(([, s]) => s.containers.some((c) => c.sscc === command.sscc)) : undefined;
  const pulled = (ctx.master.containers ?? []).find((c) => c.id === command.sscc);
  const known = pulled ?? expected ?? (ownOther ? ownContainer(local!, ownOther[0], command.sscc, line.recipe) : undefined);
  const refused = containerRefusal(state, line, command.sscc, known, ctx);
  if (refused) return refused;
  const at = eventBase(state, ctx);
  const events: OrderStreamEvent[] = [];
  if (known && expected) {
    events.push({ type: 'ContainerCharged', ...at, stepId: line.step.id, by: command.by, sscc: command.sscc, known: expected.known, dispenseStepId: expected.dispenseStepId, materialId: expected.materialId, lotId: expected.lotId, net: expected.net, unit: expected.unit });
  } else {
    const what = `charging ${containerName(command.sscc)}, not yet synced to this kiosk`;
    if (!command.notSynced) {
      return refuse('container-not-synced', `${containerName(command.sscc)} is not yet synced to this kiosk: it is not among the dispensed containers of order ${state.orderId} known here — pull again, or accept it with a reason and a second person's signature (opens a deviation)`);
    }
    const bad = checkOverrideSignature(command.notSynced.signature, command.notSynced.reason, 'accept-unsynced-container', command.by, what, ctx);
    if (bad) return bad;
    const deviation = openedDeviation(ctx, {
      severity: 'low',
      title: `Container charged before it was synced: ${command.sscc}`,
      description: `${containerName(command.sscc)} was charged in ${stepName(line.step)} of order ${state.orderId} before its dispensing reached this kiosk; accepted by ${command.notSynced.signature.printedName}: ${command.notSynced.reason}`,
      orderId: state.orderId,
      stepId: line.step.id,
      openedBy: command.by,
    });
    const deviationId = deviation.type === 'DeviationOpened' ? deviation.deviationId : '';
    events.push({ type: 'ContainerCharged', ...at, stepId: line.step.id, by: command.by, sscc: command.sscc, known: 'not-synced', notSynced: { reason: command.notSynced.reason, signature: command.notSynced.signature, deviationId } }, deviation);
  }
  const now: OrderState = state.status === 'not-started' ? { ...state, lineSteps: { ...state.lineSteps, [line.step.id]: withCharged(line.progress, command.sscc) } } : { ...state, steps: { ...state.steps, [line.step.id]: withCharged(line.progress, command.sscc) } };
  const left = chargeOutstanding(now, line.step, line.recipe, ctx);
  if (left.missing.length === 0 && left.openDispense.length === 0) events.push(stepCompleted(state, ctx, line.step, command.by));
  return accept(events);
}

const withCharged = (progress: StepProgress, sscc: string): StepProgress => ({ ...progress, charged: [...(progress.charged ?? []), { sscc, by: '', at: '' }] });

/** A container of this order's own log in a step the charge step does not name. */
function ownContainer(state: ActiveOrderState, stepId: string, sscc: string, recipe: Recipe): ExpectedContainer | undefined {
  const dispense = recipe.steps.find((s) => s.id === stepId);
  const containers = progressOf(state, stepId).containers;
  const index = containers.findIndex((c) => c.sscc === sscc);
  const c = containers[index];
  if (!c || dispense?.kind !== 'dispense') return undefined;
  return { sscc, dispenseStepId: stepId, containerNo: index + 1, materialId: dispense.materialId, lotId: c.lotId, net: c.net, unit: dispense.unit, known: 'own-log', rejected: c.rejected !== undefined };
}

/** Completes the charge step once every container is charged; otherwise names each one still missing. */
export function decideCompleteCharge(state: OrderState, command: Cmd<'completeCharge'>, ctx: FloorContext): OrderDecision {
  const found = inProgress(state, command.stepId, ctx);
  if (!found.ok) return found;
  const { step, recipe } = found.value;
  const { missing, openDispense } = chargeOutstanding(state, step, recipe, ctx);
  if (missing.length > 0) {
    const list = missing.map((c) => `${c.sscc} (${findMaterial(ctx.master, c.materialId)?.name ?? c.materialId}, step ${c.dispenseStepId} container ${c.containerNo})`).join(', ');
    return refuse('charge-containers-missing', `${stepName(step)} cannot complete: ${missing.length} container(s) not charged: ${list}`);
  }
  if (openDispense.length > 0) return refuse('charge-dispense-not-complete', `${stepName(step)} cannot complete: dispense step(s) ${openDispense.join(', ')} not known complete at this kiosk — more containers may come; sync and pull`);
  return accept([stepCompleted(state, ctx, step, command.by)]);
}
