import type { FloorContext } from '../context.js';
import { DEVIATION_POLICY } from '../deviation/deviation.js';
import { findRecipe, findUser } from '../master-data/master-data.js';
import { hasPermission } from '../master-data/people.js';
import type { Recipe, RecipeStep } from '../master-data/recipe.js';
import type { Refusal, Result } from '../result.js';
import { accept, refuse } from '../result.js';
import type { OrderStreamEvent } from './events.js';
import type { OrderRefusalCode } from './refusals.js';
import type { ActiveOrderState, OrderState, StepProgress } from './state.js';
import { emptyStep } from './state.js';

export const stepName = (step: RecipeStep): string => `step ${step.id} (${step.title})`;

export function recipeOf(state: ActiveOrderState, ctx: FloorContext): Recipe {
  const recipe = findRecipe(ctx.master, state.recipeId, state.recipeVersion);
  // an order pins its recipe version; losing it from master data is a bug upstream, not a floor event
  if (!recipe) throw new Error(`recipe ${state.recipeId} v${state.recipeVersion} pinned by order ${state.orderId} is missing from master data`);
  return recipe;
}

export const progressOf = (state: ActiveOrderState, stepId: string): StepProgress => state.steps[stepId] ?? emptyStep;

/** A step unlocks only when every predecessor is complete and signed. */
export function lockedBy(state: ActiveOrderState, recipe: Recipe, step: RecipeStep, closed: (s: RecipeStep) => boolean = (s) => progressOf(state, s.id).phase === 'closed'): RecipeStep | undefined {
  for (const id of step.predecessors) {
    const predecessor = recipe.steps.find((s) => s.id === id);
    if (!predecessor || !closed(predecessor)) return predecessor;
  }
  return undefined;
}

export function checkPerformer(by: string, ctx: FloorContext): Refusal<OrderRefusalCode> | undefined {
  const user = findUser(ctx.master, by);
  if (!user || !user.active) return refuse('user-not-permitted', `User ${by} is not an active user`);
  if (!hasPermission(user, 'execute-step')) return refuse('user-not-permitted', `${user.printedName} may not execute order steps`);
  return undefined;
}

/** The order may move forward: started, not paused, not completed, not held, no blocking deviation. */
export function checkMayProgress(state: OrderState): Result<ActiveOrderState, OrderRefusalCode> {
  if (state.status === 'not-started') return refuse('order-not-running', `Order ${state.orderId} has not been started`);
  if (state.status === 'completed') return refuse('order-completed', `Order ${state.orderId} is already complete`);
  if (state.status === 'paused') return refuse('order-not-running', `Order ${state.orderId} is paused (${state.pausedReason}) — resume it first`);
  if (state.holdIds.length > 0) return refuse('order-on-hold', `Order ${state.orderId} is on hold — QA must release it before work continues`);
  const blocking = Object.entries(state.openDeviations).find(([, severity]) => !DEVIATION_POLICY[severity].orderMayContinue);
  if (blocking) return refuse('order-blocked-by-deviation', `Order ${state.orderId} has open ${blocking[1]} deviation ${blocking[0]} — it may not continue until the deviation is closed`);
  return accept(state);
}

/** Find the step, check its kind and that it is in progress. */
export function stepInProgress<K extends RecipeStep['kind']>(
  state: ActiveOrderState,
  stepId: string,
  kinds: readonly K[],
  ctx: FloorContext,
): Result<{ step: Extract<RecipeStep, { kind: K }>; progress: StepProgress; recipe: Recipe }, OrderRefusalCode> {
  const recipe = recipeOf(state, ctx);
  const step = recipe.steps.find((s) => s.id === stepId);
  if (!step) return refuse('step-unknown', `Recipe ${recipe.id} v${recipe.version} has no step ${stepId}`);
  if (!(kinds as readonly string[]).includes(step.kind)) return refuse('step-wrong-kind', `${stepName(step)} is a ${step.kind} step, not ${kinds.join(' or ')}`);
  const progress = progressOf(state, stepId);
  if (progress.phase !== 'in-progress') return refuse('step-not-in-progress', `${stepName(step)} is ${progress.phase.replace('-', ' ')}, not in progress`);
  return accept({ step: step as Extract<RecipeStep, { kind: K }>, progress, recipe });
}

/** Time, shift and order of every order event. */
export function eventBase(state: OrderState, ctx: FloorContext) {
  return { at: ctx.now, shift: ctx.shift, orderId: state.orderId };
}

/** A step is complete; it closes now, or once signed when it has a sign-off. */
export function stepCompleted(state: OrderState, ctx: FloorContext, step: RecipeStep, by: string): OrderStreamEvent {
  return { type: 'StepCompleted', ...eventBase(state, ctx), stepId: step.id, by, signOffRequired: step.signOff !== undefined };
}
